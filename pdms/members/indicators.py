"""Membership indicators: members as of a date, admissions and recognitions in a period,
and the member balance of the period.

The balance is built from period boundaries: a member enters the subtree when a period in
it (active) follows one that was not, and leaves when the reverse happens. So for every
subtree and period, opening + admitted + transferred in − transferred out − deceased −
removed − expelled = closing, by construction.
"""

import datetime as dt
from bisect import bisect_right

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from pdms.indicators.engine import Context, Indicator, Result, register

from .models import ACTIVE_STATUSES, MemberPeriod, StartEvent, Status
from .selectors import active_periods_on

MEMBERS = _("Members")
BALANCE = _("Member balance of the period")


def _periods(qs):
    return qs.select_related("member__person", "organization", "prev_organization").order_by(
        "member__person__sort_given", "member__person__sort_family", "member__person__sort_middle", "member_id"
    )


class _MembersOn(Indicator):
    group = MEMBERS
    record_type = "period"
    statuses = ACTIVE_STATUSES

    def records(self, ctx):
        return _periods(active_periods_on(ctx.q(), ctx.as_of).filter(status__in=self.statuses))

    def series(self, ctx, days):
        # A period is valid on day d when it started by d and had not ended by d; since no
        # period ends before it starts, the count on d is (periods started by d) minus
        # (periods ended by d): two grouped queries whatever the number of days.
        periods = MemberPeriod.objects.filter(ctx.q(), status__in=self.statuses)
        started = _cumulative(periods.values_list("valid_from").annotate(n=Count("pk")).order_by("valid_from"))
        ended = _cumulative(periods.filter(valid_to__isnull=False).values_list("valid_to").annotate(n=Count("pk")).order_by("valid_to"))
        return [Result(self.key, str(self.label), started(day) - ended(day)) for day in days]


def _cumulative(counts_by_day):
    """From (day, count) rows in day order, a function giving the total up to a day."""
    days, totals, running = [], [], 0
    for day, count in counts_by_day:
        running += count
        days.append(day)
        totals.append(running)
    return lambda day: totals[bisect_right(days, day) - 1] if days and day >= days[0] else 0


@register
class MembersTotal(_MembersOn):
    key = "members_total"
    label = _("Party members")


@register
class MembersFull(_MembersOn):
    key = "members_full"
    label = _("Full members")
    statuses = (Status.FULL,)


@register
class MembersProbationary(_MembersOn):
    key = "members_probationary"
    label = _("Probationary members")
    statuses = (Status.PROBATIONARY,)


class _EventsInPeriod(Indicator):
    group = MEMBERS
    record_type = "period"
    event = ""

    def records(self, ctx):
        return _periods(
            MemberPeriod.objects.filter(ctx.q(), start_event=self.event, valid_from__gte=ctx.start, valid_from__lte=ctx.end)
        )


@register
class Admissions(_EventsInPeriod):
    key = "admissions"
    label = _("Admissions in the period")
    event = StartEvent.ADMISSION


@register
class Recognitions(_EventsInPeriod):
    key = "recognitions"
    label = _("Recognitions as full member in the period")
    event = StartEvent.RECOGNITION


# --- member balance -------------------------------------------------------------------

def _inside(ctx: Context) -> Q:
    return ctx.in_subtree("status", "organization_id", ACTIVE_STATUSES)


def _was_inside(ctx: Context) -> Q:
    return ctx.in_subtree("prev_status", "prev_organization_id", ACTIVE_STATUSES)


def _boundaries(ctx: Context):
    return MemberPeriod.objects.filter(valid_from__gte=ctx.start, valid_from__lte=ctx.end)


def entries(ctx: Context):
    """Periods that bring a member into the subtree during the period."""
    return _boundaries(ctx).filter(_inside(ctx)).exclude(_was_inside(ctx))


def exits(ctx: Context):
    """Periods that take a member out of the subtree during the period."""
    return _boundaries(ctx).filter(_was_inside(ctx)).exclude(_inside(ctx))


@register
class BalanceOpening(Indicator):
    key = "balance_opening"
    label = _("Members at the start of the period")
    group = BALANCE
    record_type = "period"

    def records(self, ctx):
        return _periods(active_periods_on(ctx.q(), ctx.start - dt.timedelta(days=1)))


@register
class BalanceAdmitted(Indicator):
    key = "balance_admitted"
    label = _("Admitted")
    group = BALANCE
    record_type = "period"

    def records(self, ctx):
        return _periods(entries(ctx).filter(start_event=StartEvent.ADMISSION))


@register
class BalanceTransferredIn(Indicator):
    key = "balance_transferred_in"
    label = _("Transferred in")
    group = BALANCE
    record_type = "period"

    def records(self, ctx):
        return _periods(entries(ctx).exclude(start_event=StartEvent.ADMISSION))


@register
class BalanceTransferredOut(Indicator):
    key = "balance_transferred_out"
    label = _("Transferred out")
    group = BALANCE
    record_type = "period"

    def records(self, ctx):
        return _periods(exits(ctx).exclude(status__in=(Status.DECEASED, Status.REMOVED, Status.EXPELLED)))


class _Ended(Indicator):
    group = BALANCE
    record_type = "period"
    status = ""

    def records(self, ctx):
        return _periods(exits(ctx).filter(status=self.status))


@register
class BalanceDeceased(_Ended):
    key = "balance_deceased"
    label = _("Deceased")
    status = Status.DECEASED


@register
class BalanceRemoved(_Ended):
    key = "balance_removed"
    label = _("Removed from the rolls")
    status = Status.REMOVED


@register
class BalanceExpelled(_Ended):
    key = "balance_expelled"
    label = _("Expelled")
    status = Status.EXPELLED


@register
class BalanceClosing(Indicator):
    key = "balance_closing"
    label = _("Members at the end of the period")
    group = BALANCE
    record_type = "period"

    def records(self, ctx):
        return _periods(active_periods_on(ctx.q(), ctx.end))
