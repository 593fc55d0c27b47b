from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "pdms.imports"
    label = "imports"
    verbose_name = _("Spreadsheet imports")

    def ready(self):
        from pdms.core.jobs import reap_stale_jobs

        from .services import import_jobs_reap

        reap_stale_jobs.connect(lambda **kwargs: import_jobs_reap(), weak=False, dispatch_uid="imports.reap")
