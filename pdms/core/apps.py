from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pdms.core"
    label = "core"
