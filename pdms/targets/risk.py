"""Units at risk of missing their admission quota, months before the period ends, each
with its reasons and the figures behind them: a low probability of meeting the quota,
too few sources for what is still needed, dossiers stuck in a step, overdue deadlines."""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pdms.accounts.scope import Scope
from pdms.core.vntext import vn_sort_key
from pdms.indicators.engine import Context, get
from pdms.organizations.models import Organization
from pdms.organizations.rollup import OrgSet
from pdms.recruitment.eligibility import full_months

from .forecast import DOSSIER_STAGES, HISTORY_STAGE, SOURCE_STAGES, Forecast, forecast_units
from .models import Plan

# Below this probability (percent) of meeting the quota a unit is behind.
BEHIND_BELOW = Decimal(50)


@dataclass
class RiskReason:
    code: str  # "behind" | "few_sources" | "stuck" | "overdue"
    text: str
    count: int | None
    indicator: str | None  # the indicator whose drill-down lists the records


@dataclass
class UnitRisk:
    forecast: Forecast
    reasons: list[RiskReason]
    months_left: int


def _behind(forecast: Forecast) -> RiskReason | None:
    if forecast.probability >= BEHIND_BELOW:
        return None
    text = _("%(probability)s%% chance of meeting the quota: %(p50)s admissions expected (%(p10)s–%(p90)s) for a target of %(target)s.") % {
        "probability": number_format(forecast.probability, 2), "p50": forecast.p50, "p10": forecast.p10, "p90": forecast.p90,
        "target": forecast.target,
    }
    return RiskReason("behind", text, None, "quota_achievement")


def sources_needed(forecast: Forecast) -> tuple[int, int] | None:
    """How many more admissions the quota needs after those expected from the dossiers
    already opened, and how many sources that takes at the historical source-to-admission
    conversion; None when nothing more is needed."""
    missing = forecast.target - forecast.admitted - math.floor(forecast.expected_from_dossiers)
    if missing <= 0:
        return None
    conversion = forecast.stats["source"].conversion
    return missing, (math.ceil(missing / conversion) if conversion > 0 else missing)


def _few_sources(forecast: Forecast) -> RiskReason | None:
    needed = sources_needed(forecast)
    have = sum(1 for item in forecast.items if item.stage in SOURCE_STAGES)
    if needed is None or have >= needed[1]:
        return None
    missing, sources = needed
    text = _("%(missing)s more admissions need about %(needed)s sources at a conversion of %(rate)s%%; the lists hold %(have)s.") % {
        "missing": missing, "needed": sources, "rate": number_format(round(forecast.stats["source"].conversion * 100), 0),
        "have": have,
    }
    return RiskReason("few_sources", text, have, "sources_total")


def stuck_dossiers(forecast: Forecast, as_of: dt.date) -> int:
    """Dossiers in a step for longer than 90% of the admissions from that step took."""
    return sum(
        1 for item in forecast.items
        if item.stage in DOSSIER_STAGES and (as_of - item.since).days > forecast.stats[HISTORY_STAGE[item.stage]].p90
    )


def _stuck(forecast: Forecast, as_of: dt.date) -> RiskReason | None:
    stuck = stuck_dossiers(forecast, as_of)
    if not stuck:
        return None
    text = ngettext(
        "%(count)s dossier has stayed in its step longer than 90%% of past admissions took.",
        "%(count)s dossiers have stayed in their step longer than 90%% of past admissions took.", stuck,
    ) % {"count": stuck}
    return RiskReason("stuck", text, stuck, "dossiers_in_progress")


def overdue_by_organization(scope: Scope, as_of: dt.date) -> dict[int, int]:
    """The ``dossiers_overdue`` indicator's deadlines in the scope, counted by the
    dossier's organization in one query."""
    ctx = Context.build(scope=scope, organization=None, as_of=as_of)
    ctx.__dict__["orgs"] = OrgSet(everything=True)
    rows = get("dossiers_overdue").records(ctx).order_by().values("dossier__organization_id").annotate(n=Count("pk"))
    return dict(rows.values_list("dossier__organization_id", "n"))


def _overdue(forecast: Forecast, by_org: dict[int, int]) -> RiskReason | None:
    overdue = sum(by_org.get(org_id, 0) for org_id in forecast.org_ids)
    if not overdue:
        return None
    text = ngettext("%(count)s deadline of a dossier is overdue.", "%(count)s deadlines of dossiers are overdue.", overdue) % {
        "count": overdue
    }
    return RiskReason("overdue", text, overdue, "dossiers_overdue")


def units_at_risk(scope: Scope, plan: Plan, organization: Organization, as_of: dt.date, period: str = "term", *,
                  forecasts: list[Forecast] | None = None) -> list[UnitRisk]:
    """The units directly under the organization (or those of ``forecasts``) that have a
    quota whose period has not ended and at least one reason, the least likely to meet
    their quota first."""
    if forecasts is None:
        _head, forecasts = forecast_units(scope, plan, organization, as_of, period)
    overdue = overdue_by_organization(scope, as_of)
    risks = []
    for forecast in forecasts:
        if forecast.quota is None or forecast.period[1] <= as_of:
            continue
        reasons = [r for r in (_behind(forecast), _few_sources(forecast), _stuck(forecast, as_of), _overdue(forecast, overdue)) if r]
        if reasons:
            risks.append(UnitRisk(forecast, reasons, full_months(as_of, forecast.period[1])))
    return sorted(risks, key=lambda r: (r.forecast.probability, vn_sort_key(r.forecast.name)))
