"""The working-day calendar's exceptions that the government announces each year and an
administrator records: extra days off, and weekends or holidays made working days. The
holidays fixed by law come from the ``holidays`` package (see ``calendar.py``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pdms.core.dates import format_date


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Extra day off")
        WORKING_DAY = "working_day", _("Working day in place of a day off")

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(pgettext_lazy("calendar day", "kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(pgettext_lazy("calendar day", "name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("announced calendar day")
        verbose_name_plural = _("announced calendar days")

    def __str__(self) -> str:
        return f"{format_date(self.day)} {self.name}"
