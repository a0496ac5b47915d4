from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wsoa.core"
    label = "core"
    verbose_name = "Local areas, people and audit"
