"""Membership indicators: members as of a date, admissions and recognitions in a period,
and the member balance of the period.

The balance is built from period boundaries: a member enters the subtree when a period in
it (active) follows one that was not, and leaves when the reverse happens. So for every
subtree and period, opening + admitted + transferred in − transferred out − deceased −
removed − expelled = closing, by construction.
"""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pdms.indicators.engine import Context, Indicator, register

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
