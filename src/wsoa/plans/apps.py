from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "wsoa.plans"
    label = "plans"
    verbose_name = "Improvement plans"
