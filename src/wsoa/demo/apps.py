from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`wsoa demo`: a working instance from the seed plans. It sits above every other app."""

    name = "wsoa.demo"
    label = "demo"
    verbose_name = "Demo instance"
