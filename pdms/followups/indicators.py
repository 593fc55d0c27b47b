"""Follow-up indicators: the requests addressed to units of the organization's subtree
that were open on the as-of date, and those of them overdue (see ``selectors``). Counted
from the dates on the records, so a past date shows the requests as they stood then."""

from django.utils.translation import gettext_lazy as _

from pdms.indicators.engine import Indicator, register

from .models import FollowUp
from .selectors import open_on, overdue_on

FOLLOWUPS = _("Follow-up requests")


class _FollowUpIndicator(Indicator):
    group = FOLLOWUPS
    record_type = "followup"

    def _addressed(self, ctx):
        return FollowUp.objects.filter(ctx.q("unit_id")).select_related("committee", "unit").order_by("due_on", "pk")


@register
class FollowUpsOpen(_FollowUpIndicator):
    key = "followups_open"
    label = _("Follow-up requests not yet closed")

    def records(self, ctx):
        return self._addressed(ctx).filter(open_on(ctx.as_of))


@register
class FollowUpsOverdue(_FollowUpIndicator):
    key = "followups_overdue"
    label = _("Follow-up requests past due without a report")

    def records(self, ctx):
        return self._addressed(ctx).filter(overdue_on(ctx.as_of))
