from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "wsoa.public"
    label = "public"
    verbose_name = "Published progress pages for parents and young people"
