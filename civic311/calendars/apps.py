from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "civic311.calendars"
    label = "calendars"
    verbose_name = "Business calendars"
