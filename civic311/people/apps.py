from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "civic311.people"
    label = "people"
    verbose_name = "Staff and roles"
