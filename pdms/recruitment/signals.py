"""Receivers: when an administrator changes the working-day calendar, open deadlines are
counted again in the same transaction."""

from django.dispatch import receiver

from pdms.workdays.signals import calendar_changed

from .services.dossiers import deadlines_recompute


@receiver(calendar_changed)
def recount_deadlines(sender, days, **kwargs):
    deadlines_recompute(days=days)
