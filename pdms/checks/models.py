"""Figures as they were reported elsewhere (a paper report, a newspaper), kept so the
consistency check can compare them with what the records give and with their own
arithmetic."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportedValue(models.Model):
    """One reported figure of an indicator for an organization and period: a value, or a
    numerator, denominator and percent as printed (any of them may be missing)."""

    indicator_key = models.CharField(_("indicator"), max_length=64)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="reported_values", verbose_name=_("organization")
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    as_of = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    numerator = models.PositiveIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    percent = models.DecimalField(_("percent"), max_digits=9, decimal_places=4, null=True, blank=True)
    # The database keeps 4 decimals whatever was printed; "31%" and "31.00%" differ in
    # what they claim, so the printed precision is kept beside the number.
    percent_decimals = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(_("source"), max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-end", "indicator_key", "id"]
        indexes = [models.Index(fields=["organization", "end"], name="reported_org_end_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="reported_period_interval"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_key} {self.organization.code} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"

    @property
    def printed_percent(self):
        """The percent with the precision it was printed with."""
        if self.percent is None:
            return None
        return self.percent.quantize(Decimal(1).scaleb(-self.percent_decimals))


class DistinctPeople(models.Model):
    """Two people the duplicate rule pairs (same name, birth date and sex) whom a user
    who may change both has declared two different people, with why: the pair is no
    longer reported. The lower person id comes first, so a pair is stored once."""

    first = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="distinct_people_once"),
            models.CheckConstraint(condition=models.Q(first__lt=models.F("second")), name="distinct_people_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first} ≠ {self.second}"
