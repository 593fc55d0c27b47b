from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "pdms.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self):
        # Each domain app registers its own indicators in its indicators.py.
        autodiscover_modules("indicators")
