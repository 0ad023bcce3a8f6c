from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "civic311.demo"
    label = "demo"
    verbose_name = "Demo city"
