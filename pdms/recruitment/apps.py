from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "pdms.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        from . import indicators, signals  # noqa: F401  (registers indicators and receivers)
