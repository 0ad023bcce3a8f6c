from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "civic311.routing"
    label = "routing"
    verbose_name = "Routing"
