from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "pdms.reporting"
    label = "reporting"
    verbose_name = _("Reports")

    def ready(self):
        from pdms.core.jobs import reap_stale_jobs

        from .services import report_jobs_reap

        reap_stale_jobs.connect(lambda **kwargs: report_jobs_reap(), weak=False, dispatch_uid="reporting.reap")
