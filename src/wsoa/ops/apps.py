from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "wsoa.ops"
    label = "ops"
    verbose_name = "Operations: backups, health checks and logs"
