from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "wsoa.casework"
    label = "casework"
    verbose_name = "Casework: the statutory EHC clock"

    def ready(self) -> None:
        from wsoa.casework.access import app_roles
        from wsoa.core import app_roles as core_roles

        core_roles.register("casework", app_roles)  # two-factor and links for casework roles
