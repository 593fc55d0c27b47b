from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "pdms.targets"
    label = "targets"
    verbose_name = _("Plans and quotas")

    def ready(self):
        from . import checks, indicators  # noqa: F401  (registers the quota indicators and check rule)
