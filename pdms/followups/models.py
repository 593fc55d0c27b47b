"""Follow-up requests to lagging units.

A committee (cấp ủy) asks a unit below it, by a document such as a notice (thông báo),
to review, self-criticize and report its remediation measures by a due date. The unit
answers with a ``FollowUpReport`` (text plus a snapshot of its figures); the committee
either returns the report (the request is open again) or closes the request with its
conclusion. Reports are never edited or deleted: each submission and each return stays,
so the timeline can be read back as it happened.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pdms.organizations.models import Organization
from pdms.targets.models import Plan


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("awaiting the unit's report")
    REPORTED = "reported", _("reported, awaiting review")
    CLOSED = "closed", _("closed")


class FollowUp(models.Model):
    committee = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="followups_issued", verbose_name=_("requesting committee")
    )
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="followups_received", verbose_name=_("unit asked"))
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="followups", verbose_name=_("plan"))
    # "term" or a year of the plan's term (see ``pdms.targets.reports.period_of``); without
    # a plan, a calendar year, or empty for the year of the figures' date.
    period = models.CharField(_("period"), max_length=8, blank=True)
    document_number = models.CharField(_("document number"), max_length=64)
    issued_on = models.DateField(_("issued on"))
    request_text = models.TextField(_("request"))
    due_on = models.DateField(_("report due on"))
    status = models.CharField(_("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    conclusion = models.TextField(_("conclusion"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("issued_on")), name="followup_due_after_issue"),
            models.CheckConstraint(condition=~models.Q(unit=models.F("committee")), name="followup_unit_not_committee"),
        ]
        indexes = [models.Index(fields=["unit", "issued_on"], name="followup_unit_issued")]

    def __str__(self) -> str:
        return f"{self.document_number} · {self.unit.name}"


class FollowUpReport(models.Model):
    """One submission of the unit's report, with the figures it was pre-filled with. A
    returned report keeps its text and figures and records the return."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="reports")
    submitted_on = models.DateField(_("submitted on"))
    text = models.TextField(_("self-criticism and remediation measures"))
    as_of = models.DateField(_("figures as of"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # {indicator key: {label, value, numerator, denominator, percent}} as computed on ``as_of``.
    figures = models.JSONField(_("figures"), default=dict)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["followup", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.followup.document_number} · {self.submitted_on:%d/%m/%Y}"
