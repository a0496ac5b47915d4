from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "wsoa.jobs"
    label = "jobs"
    verbose_name = "Long work run as tasks"
