from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecksConfig(AppConfig):
    name = "pdms.checks"
    label = "checks"
    verbose_name = _("Consistency checks")

    def ready(self):
        # Registers the rules of this app; other apps register theirs from their own ready().
        from . import rules  # noqa: F401
