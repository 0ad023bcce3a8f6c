from django.apps import AppConfig


class ServiceRequestsConfig(AppConfig):
    name = "civic311.servicerequests"
    label = "servicerequests"
    verbose_name = "Service requests"
