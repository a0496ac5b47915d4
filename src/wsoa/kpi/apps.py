from django.apps import AppConfig


class KpiConfig(AppConfig):
    name = "wsoa.kpi"
    label = "kpi"
    verbose_name = "KPI scorecard: indicators, targets, measurements, comparators"

    def ready(self) -> None:
        """Add this app's tiles to the plan's dashboard (plans may not import this app)."""
        from wsoa.kpi.dashboard import kpi_tiles
        from wsoa.plans import panels

        panels.register("kpi", kpi_tiles, order=60)
