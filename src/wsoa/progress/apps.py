from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "wsoa.progress"
    label = "progress"
    verbose_name = "Progress updates, RAG reviews and reminders"

    def ready(self) -> None:
        """Add this app's tiles to the plan's dashboard (plans may not import this app)."""
        from wsoa.plans import panels
        from wsoa.progress.dashboard import progress_tiles

        panels.register("progress", progress_tiles, order=40)
