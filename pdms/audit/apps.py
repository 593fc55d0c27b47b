from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "pdms.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from django.contrib.auth import signals
        from django.db.models.signals import post_migrate

        from . import keys  # also registers the personal-data key checks
        from .access import on_login, on_login_failed, on_logout

        signals.user_logged_in.connect(on_login, dispatch_uid="audit_login")
        signals.user_logged_out.connect(on_logout, dispatch_uid="audit_logout")
        signals.user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")
        post_migrate.connect(keys.store_canary_if_missing, sender=self, dispatch_uid="audit_key_canary")
