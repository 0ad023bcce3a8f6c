from django.urls import URLPattern, path

from civic311.portal import geocode, mine, pwa, recent, updates, views

app_name = "portal"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("services/", views.services, name="services"),
    path("track/", views.track_form, name="track-form"),
    path("requests/<str:public_id>/", views.track, name="track"),
    path("requests/<str:public_id>/updates/", updates.subscribe, name="subscribe"),
    path("updates/confirm/<str:token>/", updates.confirm, name="confirm-updates"),
    path("updates/stop/<str:token>/", updates.stop, name="stop-updates"),
    path("my/", mine.my_requests, name="my-requests"),
    path("my/sign-in/<str:token>/", mine.sign_in, name="my-sign-in"),
    path("my/sign-out/", mine.sign_out, name="my-sign-out"),
    path("recent/", recent.recent, name="recent"),
    path("report/done/<str:public_id>/", views.report_done, name="report-done"),
    path("report/<slug:service_code>/", views.report, name="report"),
    path("geocode/search/", geocode.search, name="geocode-search"),
    path("geocode/reverse/", geocode.reverse, name="geocode-reverse"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline, name="offline"),
]
