from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "civic311.catalog"
    label = "catalog"
    verbose_name = "Service catalog"
