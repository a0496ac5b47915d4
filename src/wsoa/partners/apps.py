from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "wsoa.partners"
    label = "partners"
    verbose_name = (
        "Partners' figures: NHS children's community health waits and SEND Tribunal appeals"
    )
