from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

from civic311.core.views import home

urlpatterns: list[URLPattern | URLResolver] = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("open311/", include("civic311.open311.urls")),
    path("console/", include("civic311.console.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.+)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
