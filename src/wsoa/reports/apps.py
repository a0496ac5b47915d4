from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "wsoa.reports"
    label = "reports"
    verbose_name = "Boards, meetings, board packs and frozen snapshots"
