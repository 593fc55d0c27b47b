"""The audit trail: one row per change of a domain record, written by services in the
same transaction as the change."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("by")
    )
    action = models.CharField(_("action"), max_length=64)
    # What changed: e.g. ("organization", 42) or ("member", 7).
    object_type = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    object_repr = models.CharField(_("record"), max_length=255)
    # The organization whose subtree may read this entry (scoping of the history pages).
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)  # {field: [before, after]}
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class KeyCanary(models.Model):
    """A known text encrypted with a key, so that a process can tell whether the key it was
    given is the one the stored data was encrypted with (see ``pdms.audit.keys``)."""

    name = models.CharField(max_length=64, unique=True)
    token = models.TextField()
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name
