from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "wsoa.casework"
    label = "casework"
    verbose_name = "Casework: the statutory EHC clock"
