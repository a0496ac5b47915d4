from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wsoa.core"
    label = "core"
    verbose_name = "Local areas, people and audit"

    def ready(self) -> None:
        from wsoa.core import auth  # noqa: F401 — connects the sign-in signal receiver
