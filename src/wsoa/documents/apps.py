from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "wsoa.documents"
    label = "documents"
    verbose_name = "Documents in and out"
