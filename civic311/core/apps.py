from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "civic311.core"
    label = "core"
    verbose_name = "civic311"

    def ready(self) -> None:
        from civic311.core import checks  # noqa: F401  (registers the checks)
