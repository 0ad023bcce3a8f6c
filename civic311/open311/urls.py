from django.urls import path, re_path

from civic311.open311 import views

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)"

urlpatterns = [
    re_path(rf"^discovery{FMT}$", views.discovery, name="discovery-root"),
    re_path(rf"^v2/discovery{FMT}$", views.discovery, name="discovery"),
    re_path(rf"^v2/services{FMT}$", views.services, name="services"),
    re_path(
        rf"^v2/services?/(?P<service_code>[^/]+?){FMT}$",
        views.service_definition,
        name="service",
    ),
    re_path(rf"^v2/requests{FMT}$", views.requests, name="requests"),
    re_path(
        rf"^v2/requests?/(?P<service_request_id>[^/]+?){FMT}$",
        views.request_detail,
        name="request",
    ),
    re_path(rf"^v2/tokens?/(?P<token>[^/]+?){FMT}$", views.token, name="token"),
    re_path(r"^(?P<path>.*)\.(?P<fmt>xml)$", views.not_found),
    path("<path:path>", views.not_found),
]
