from django.urls import URLPattern, path

from civic311.portal import views

app_name = "portal"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("services/", views.services, name="services"),
    path("track/", views.track_form, name="track-form"),
    path("requests/<str:public_id>/", views.track, name="track"),
    path("report/done/<str:public_id>/", views.report_done, name="report-done"),
    path("report/<slug:service_code>/", views.report, name="report"),
]
