from django.urls import path

from bench.benchsite import views
from civic311.urls import urlpatterns as civic311_urlpatterns

urlpatterns = [
    path("bench/bare.json", views.bare, name="bench-bare"),
    *civic311_urlpatterns,
]

try:
    from bench.benchsite.ninja_api import api
except ImportError:  # django-ninja is not installed: serve without it.
    pass
else:
    urlpatterns.insert(0, path("bench/ninja/", api.urls))
