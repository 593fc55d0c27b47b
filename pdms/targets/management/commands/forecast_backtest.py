"""``forecast_backtest``: the forecast of admissions made at past dates for an organization
and its direct units with a quota, compared with what happened; the error per date and
overall."""

import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pdms.accounts.scope import system_scope
from pdms.core.dates import format_date, parse_date, today
from pdms.core.errors import DomainError
from pdms.organizations.selectors import get_organization_by_code_for_user
from pdms.targets.backtest import Backtest, Score, backtest, default_dates
from pdms.targets.models import Plan


def _number(value, decimals: int = 2) -> str:
    return "—" if value is None else number_format(value, decimals, force_grouping=True)


def _score_json(score: Score) -> dict:
    return {
        "count": score.count, "mean_absolute_error": score.mean_absolute_error, "mean_error": score.mean_error,
        "mape_percent": score.mape, "inside_p10_p90_percent": score.inside_range, "brier": score.brier,
    }


def _score_row(label: str, period: str, score: Score) -> list[str]:
    return [label, period, str(score.count), _number(score.mean_absolute_error), _number(score.mean_error), _number(score.mape),
            _number(score.inside_range), _number(score.brier, 3)]


class Command(BaseCommand):
    help = (
        "Back-test of the admissions forecast: forecasts of an organization and its direct units with a quota made on "
        "past dates (default: 30/06 and 30/09 of each year of the plan's term whose period has ended), from the records "
        "known then, against the admissions of the period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization code")
        parser.add_argument("--plan", required=True, help="plan number, e.g. 09-KH/TU")
        parser.add_argument("--at", nargs="+", help="dd/mm/yyyy dates of the forecasts")
        parser.add_argument("--runs", type=int, default=1000, help="simulated runs per forecast")
        parser.add_argument("--format", dest="output_format", choices=("table", "json"), default="table")

    def handle(self, *args, org, plan, at, runs, output_format, verbosity, **options):
        scope = system_scope()
        organization = get_organization_by_code_for_user(scope, org)
        if organization is None:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": org}, returncode=2)
        ancestors = [int(seg) for seg in organization.path.strip(".").split(".") if seg] or [organization.pk]
        plan_obj = Plan.objects.filter(number__iexact=plan.strip(), organization__in=ancestors).first()
        if plan_obj is None:
            raise CommandError(
                _("No plan numbered %(number)s was issued by %(org)s or a committee above it.") % {"number": plan, "org": organization.name},
                returncode=2,
            )
        started = time.perf_counter()
        try:
            dates = [parse_date(value, field="at") for value in at] if at else default_dates(plan_obj, today())
            if not dates:
                raise DomainError(_("No period of plan %(number)s has ended yet: give the dates with --at.") % {"number": plan_obj.number})
            if any(day >= today() for day in dates):
                raise DomainError(_("A back-test forecasts from past dates only."), field="at")
            result = backtest(scope, plan_obj, organization, dates, runs=runs)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2)
        seconds = time.perf_counter() - started
        if output_format == "json":
            self.stdout.write(json.dumps(self._json(result, seconds), ensure_ascii=False, indent=2))
            return
        self._table(result, seconds, verbosity)

    def _json(self, result: Backtest, seconds: float) -> dict:
        return {
            "plan": result.plan.number,
            "organization": result.organization.code,
            "seconds": round(seconds, 2),
            "overall": _score_json(result.score),
            "dates": [
                {
                    "made_on": r.made_on.isoformat(), "period": r.period, "score": _score_json(r.score),
                    "forecasts": [
                        {
                            "code": c.forecast.organization.code, "name": c.forecast.name, "target": c.forecast.target,
                            "admitted": c.forecast.admitted, "p10": c.forecast.p10, "p50": c.forecast.p50, "p90": c.forecast.p90,
                            "probability": float(c.forecast.probability), "basis": c.forecast.basis, "actual": c.actual,
                        }
                        for c in r.cases
                    ],
                }
                for r in result.dates
            ],
        }

    def _table(self, result: Backtest, seconds: float, verbosity: int) -> None:
        rows = [_score_row(format_date(r.made_on), r.period, r.score) for r in result.dates]
        rows.append(_score_row(_("Overall"), "", result.score))
        if verbosity >= 1:
            rows.insert(0, [_("Forecast on"), _("Period"), _("Forecasts"), _("Mean absolute error"), _("Mean error"),
                            _("MAPE %"), _("Actual within P10–P90 %"), _("Brier score")])
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if verbosity >= 2:
            self.stdout.write(_("%(seconds)s seconds.") % {"seconds": _number(seconds)})
