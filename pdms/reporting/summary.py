"""The term or year summary report (báo cáo kết quả công tác phát triển đảng viên) of an
organization under a plan, as of a day, assembled from indicators only: the general
results (I), the results of each unit directly under it (II) and the series its charts
draw (III). Every figure keeps its indicator key and Context, so a page can link each one
to its drill-down and a file shows exactly what the pages show."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.core.dates import format_date, month_label, month_spans
from pdms.indicators.engine import Context, Part, Result, evaluate, get
from pdms.organizations.models import Organization
from pdms.targets.models import Plan, Quota
from pdms.targets.reports import PIPELINE_KEYS, ProgressRow, progress_rows, ranked

# What each key's figure is: a count, a ratio (numerator of denominator, percent), a
# percent change or a number of days.
COUNT, RATIO, CHANGE, DAYS = "count", "ratio", "change", "days"
Progress = Callable[[int, str], None]

GENERAL_KEYS = [
    ("admissions", COUNT),
    ("quota", COUNT),
    ("quota_achievement", RATIO),
    ("quota_excess", COUNT),
    ("admissions_same_period_previous_year", COUNT),
    ("admissions_change_on_previous_year", CHANGE),
]
TERM_KEYS = [
    ("admissions_previous_term", COUNT), ("admissions_previous_term_elapsed", COUNT), ("admissions_change_on_previous_term", COUNT),
]
RESULT_KEYS = [
    ("units_meeting_quota", RATIO),
    ("recognitions", COUNT),
    ("not_recognized", COUNT),
]
PIPELINE_FIGURE_KEYS = [
    ("sources_total", COUNT),
    ("course_completions", COUNT),
    ("dossiers_in_progress", COUNT),
    ("dossiers_overdue", COUNT),
]
STAGE_KEYS = [
    "median_days_source_to_application",
    "median_days_application_to_branch_resolution",
    "median_days_branch_resolution_to_decision",
    "median_days_decision_to_ceremony",
    "median_days_ceremony_to_recognition",
]
SOURCE_GROUPS = "sources_by_group"


@dataclass
class Figure:
    """One figure of the report: the indicator's result on ``ctx`` (narrowed to ``part``
    for a part of a breakdown), shown under ``label``."""

    key: str
    label: str
    kind: str
    result: Result
    ctx: Context

    @property
    def number(self):
        """The count the figure shows (the numerator of a ratio); None for a change."""
        if self.kind == RATIO:
            return self.result.numerator
        return None if self.kind == CHANGE else self.result.value

    @property
    def percent(self):
        if self.kind == RATIO:
            return self.result.percent
        return self.result.value if self.kind == CHANGE else None


@dataclass
class SeriesPoint:
    """Admissions of one month (a year's report) or one year (a term's) of the period."""

    label: str
    figure: Figure


@dataclass
class SummaryReport:
    plan: Plan
    organization: Organization
    as_of: dt.date
    period: str  # "term" or a year
    head: ProgressRow
    general: list[Figure]
    sources_by_group: list[Figure]
    stages: list[Figure]
    units: list[ProgressRow]  # ranked: by achievement, units without a quota last
    series: list[SeriesPoint] = field(default_factory=list)

    @property
    def start(self) -> dt.date:
        return self.head.ctx.start

    @property
    def end(self) -> dt.date:
        return self.head.ctx.end

    @property
    def quota(self) -> Quota | None:
        return self.head.quota

    @property
    def is_term(self) -> bool:
        return self.period == "term"

    def figure(self, key: str) -> Figure:
        return next(f for f in self.general if f.key == key)


def _label(key: str) -> str:
    # The excess may be a shortfall, which the report writes as one ("còn thiếu 1").
    return _("Admissions over (+) or short of the quota") if key == "quota_excess" else str(get(key).label)


def _figures(ctx: Context, keys: list[tuple[str, str]]) -> list[Figure]:
    results = evaluate(ctx, [key for key, _kind in keys])
    return [Figure(r.key, _label(r.key), kind, r, ctx) for r, (_key, kind) in zip(results, keys)]


def _members_at(ctx: Context, day: dt.date) -> Figure:
    counted = ctx.counted_on(day)
    result = evaluate(counted, ["members_total"])[0]
    return Figure("members_total", _("Members on %(date)s") % {"date": format_date(day)}, COUNT, result, counted)


def _source_groups(ctx: Context) -> list[Figure]:
    indicator = get(SOURCE_GROUPS)
    figures = []
    for part in indicator.parts(ctx):
        narrowed = ctx.for_part(part.key)
        figures.append(Figure(SOURCE_GROUPS, part.label, COUNT, _part_result(indicator.key, part), narrowed))
    return figures


def _part_result(key: str, part: Part) -> Result:
    return Result(key, part.label, part.value)


def _buckets(start: dt.date, end: dt.date, *, by_year: bool) -> list[tuple[str, dt.date, dt.date]]:
    """(label, first day, last day) of each year, or month, from ``start`` to ``end``."""
    if not by_year:
        return [(month_label(first), first, last) for first, last in month_spans(start, end)]
    return [
        (str(year), max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))) for year in range(start.year, end.year + 1)
    ]


def _series(report_ctx: Context, *, by_year: bool) -> list[SeriesPoint]:
    points = []
    for label, first, last in _buckets(report_ctx.start, report_ctx.end, by_year=by_year):
        ctx = Context.build(
            scope=report_ctx.scope, organization=report_ctx.organization, as_of=report_ctx.as_of, start=first, end=last,
            memo=report_ctx.memo,
        )
        points.append(SeriesPoint(label, _figures(ctx, [("admissions", COUNT)])[0]))
    return points


def _silent(percent: int, step: str) -> None:
    return None


def summary_report(
    scope: Scope, plan: Plan, organization: Organization, as_of: dt.date, period: str = "term",
    progress: Progress = _silent,
) -> SummaryReport:
    """The report; ``progress(percent, step)`` is told how far it has got (up to 90%:
    writing the file is the rest). Raises DomainError for a period the plan has not or
    an as-of day before the period starts."""
    period = (period or "term").strip().lower()
    progress(5, _("Counting the results of %(org)s") % {"org": organization.name})
    head, units = progress_rows(scope, plan, organization, as_of, period)
    ctx = head.ctx
    keys = GENERAL_KEYS + (TERM_KEYS if period == "term" else []) + RESULT_KEYS
    general = _figures(ctx, keys)
    general += [_members_at(ctx, ctx.start - dt.timedelta(days=1)), _members_at(ctx, ctx.as_of)]
    general += _figures(ctx, PIPELINE_FIGURE_KEYS)
    groups = _source_groups(ctx)
    stages = _figures(ctx, [(key, DAYS) for key in STAGE_KEYS])
    progress(30, _("Counting the results of each unit"))
    for done, row in enumerate(units, start=1):
        row.results.update({r.key: r for r in evaluate(row.ctx, PIPELINE_KEYS)})
        progress(30 + 50 * done // len(units), _("Counted %(unit)s (%(done)s of %(total)s units)") % {
            "unit": row.name, "done": done, "total": len(units),
        })
    progress(85, _("Counting admissions over time"))
    series = _series(ctx, by_year=period == "term")
    return SummaryReport(plan, organization, as_of, period, head, general, groups, stages, ranked(units), series)
