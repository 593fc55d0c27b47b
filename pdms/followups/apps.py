from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "pdms.followups"
    label = "followups"
    verbose_name = _("Follow-up requests")

    def ready(self):
        from . import indicators  # noqa: F401  (registers the follow-up indicators)
