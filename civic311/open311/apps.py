from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "civic311.open311"
    label = "open311"
    verbose_name = "Open311 GeoReport v2"
