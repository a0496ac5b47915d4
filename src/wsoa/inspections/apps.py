from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "wsoa.inspections"
    label = "inspections"
    verbose_name = "Inspection reports read into findings"
