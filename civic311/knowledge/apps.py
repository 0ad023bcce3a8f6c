from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "civic311.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"
