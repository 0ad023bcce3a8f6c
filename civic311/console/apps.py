from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "civic311.console"
    label = "console"
    verbose_name = "Staff console"
