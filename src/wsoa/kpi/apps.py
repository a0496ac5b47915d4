from django.apps import AppConfig


class KpiConfig(AppConfig):
    name = "wsoa.kpi"
    label = "kpi"
    verbose_name = "KPI scorecard: indicators, targets, measurements, comparators"
