"""Plans and their admission quotas.

A ``Plan`` (kế hoạch / nghị quyết) of a committee sets quotas for its term and for years
within it, for the committee and for units of its subtree. A ``Quota`` row is one version
of one quota: an adjustment or supplement adds a row with the next version number and its
decision; rows are never edited, so every report can say which version it used.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pdms.organizations.models import Organization


class Plan(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="plans", verbose_name=_("issuing committee"))
    number = models.CharField(_("number"), max_length=64)
    title = models.CharField(pgettext_lazy("plan", "title"), max_length=255)
    issued_on = models.DateField(_("issued on"))
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="plan_number_unique_per_organization")]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"


class QuotaKind(models.TextChoices):
    NUMBER = "number", _("number of admissions")
    PERCENT = "percent", _("percentage of the membership")


class Quota(models.Model):
    """One version of the quota of ``organization`` for ``period_start``..``period_end``
    under ``plan``. The version in force on a day is the latest one decided on or before
    that day."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="quotas")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="quotas")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    kind = models.CharField(_("kind"), max_length=8, choices=QuotaKind.choices)
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=2)
    reference_on = models.DateField(_("membership reference date"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"))
    decision = models.CharField(_("decision"), max_length=128, blank=True)
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "organization", "period_start", "-period_end", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organization", "period_start", "period_end", "version"], name="quota_version_unique"
            ),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="quota_period_ordered"),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="quota_value_positive"),
        ]
        indexes = [models.Index(fields=["organization", "period_start", "period_end"], name="quota_org_period")]

    def __str__(self) -> str:
        return f"{self.plan.number} · {self.organization.code} · {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y} · v{self.version}"
