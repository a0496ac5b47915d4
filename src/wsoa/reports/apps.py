from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "wsoa.reports"
    label = "reports"
    verbose_name = "Boards, meetings, board packs and frozen snapshots"

    def ready(self) -> None:
        """Add this app's tiles to the plan's dashboard (plans may not import this app)."""
        from wsoa.plans import panels
        from wsoa.reports.dashboard import meeting_tiles

        panels.register("reports", meeting_tiles, order=70)
