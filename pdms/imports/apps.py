from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "pdms.imports"
    label = "imports"
    verbose_name = _("Spreadsheet imports")
