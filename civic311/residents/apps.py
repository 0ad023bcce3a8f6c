from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "civic311.residents"
    label = "residents"
    verbose_name = "Residents"
