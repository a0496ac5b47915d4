from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "wsoa.progress"
    label = "progress"
    verbose_name = "Progress updates, RAG reviews and reminders"
