from django.apps import AppConfig


class ApiClientsConfig(AppConfig):
    name = "civic311.apiclients"
    label = "apiclients"
    verbose_name = "API clients"
