"""Forecast of admissions by the end of a quota's period: the admissions counted so far,
plus the pipeline known on the as-of day (sources, dossiers at each step), each item with
its chance of being admitted in time, plus arrivals (admissions that will come from
people not yet in the pipeline). The totals of many seeded runs give the range and the
probability of meeting the quota. The method is described in FORECAST.md."""

import bisect
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.core.errors import DomainError
from pdms.indicators.engine import Context
from pdms.members.models import MemberPeriod, StartEvent
from pdms.organizations.models import Organization
from pdms.organizations.rollup import version_on
from pdms.recruitment.eligibility import add_months
from pdms.recruitment.indicators import certificate_months
from pdms.recruitment.models import Candidate, CandidateStatus, CourseKind, DeadlineKind, Dossier, DossierEvent, Enrollment
from pdms.recruitment.rulesets import RULESETS, RuleSet

from .history import admitted as admitted_of
from .history import count_admitted
from .indicators import prefetch_quota_targets
from .models import Plan, Quota
from .reports import period_of
from .selectors import quota_target, quota_versions_on, units_under

# Stages of the pipeline, in the order an applicant goes through them.
SOURCE_UNCERTIFIED = "source_uncertified"
SOURCE_CERTIFIED = "source_certified"
PREPARING = "preparing"
BRANCH_RESOLVED = "branch_resolved"
COMMITTEE_RESOLVED = "committee_resolved"
STAGES = (SOURCE_UNCERTIFIED, SOURCE_CERTIFIED, PREPARING, BRANCH_RESOLVED, COMMITTEE_RESOLVED)
SOURCE_STAGES = (SOURCE_UNCERTIFIED, SOURCE_CERTIFIED)
DOSSIER_STAGES = (PREPARING, BRANCH_RESOLVED, COMMITTEE_RESOLVED)
# Steps still to take (at least a day each): the vote, the committee's resolution where
# there is one, the decision.
STEPS_LEFT = {SOURCE_UNCERTIFIED: 2, SOURCE_CERTIFIED: 2, PREPARING: 2, BRANCH_RESOLVED: 1, COMMITTEE_RESOLVED: 1}
# The history each stage is measured on: both kinds of source share the source list's.
HISTORY_STAGE = {SOURCE_UNCERTIFIED: "source", SOURCE_CERTIFIED: "source", PREPARING: PREPARING,
                 BRANCH_RESOLVED: BRANCH_RESOLVED, COMMITTEE_RESOLVED: COMMITTEE_RESOLVED}

# Enough admissions through a recorded dossier for a subtree's own history to be used.
MIN_SAMPLES = 20
# Admissions of this many days before the as-of day give the rate of arrivals.
ARRIVAL_DAYS = 730
# Years of admissions whose spread, beyond chance, widens the range of the arrivals.
DISPERSION_YEARS = 3
# Chances are grouped to the hundredth for sampling (a binomial draw per group and run).
CHANCE_STEP = 100


@dataclass
class Forecast:
    organization: Organization
    name: str
    quota: Quota | None
    target: int | None
    admitted: int
    p10: int
    p50: int
    p90: int
    probability: Decimal | None
    pipeline: dict[str, int]
    basis: str
    expected_arrivals: float = 0.0
    stats: dict | None = None  # StageStats by history stage, used by the risk reasons
    period: tuple[dt.date, dt.date] | None = None
    items: list = field(default_factory=list, repr=False)  # the pipeline's Items
    expected_from_dossiers: float = 0.0  # the dossiers' admissions expected in the period
    org_ids: frozenset = frozenset()  # the subtree whose records were counted


@dataclass(frozen=True)
class Item:
    """One person in the pipeline on the as-of day."""

    stage: str
    since: dt.date  # entered the stage
    adult_on: dt.date | None  # 18th birthday
    certificate_until: dt.date | None  # expiry of the valid awareness certificate


# Without enough history: conversions assumed, durations from the rules (see FORECAST.md).
DEFAULT_CONVERSION = {"source": 0.3, PREPARING: 0.8, BRANCH_RESOLVED: 0.95, COMMITTEE_RESOLVED: 0.95, "course": 1.0}
COURSE_DAYS = 90
# Fewer resolved cases than this in a stage of the chosen subtree: that stage's defaults.
MIN_STAGE_SAMPLES = 5
# Durations are kept as at most this many quantiles (enough for a chance to the hundredth).
QUANTILES = 50


@dataclass
class StageStats:
    conversion: float
    durations: list[int]  # sorted days from entering the stage to the admission decision
    resolved: int  # cases behind the figures (0: defaults)

    @property
    def median(self) -> int:
        return self.durations[(len(self.durations) - 1) // 2]

    @property
    def p90(self) -> int:
        return self.durations[max(0, math.ceil(0.9 * len(self.durations)) - 1)]


def _calendar_days(workdays: int) -> int:
    return math.ceil(workdays * 7 / 5)


def _ruleset_on(day: dt.date) -> RuleSet:
    return next((r for r in RULESETS if r.effective_from <= day and (r.effective_to is None or day <= r.effective_to)), RULESETS[0])


def default_stats(as_of: dt.date) -> dict[str, "StageStats"]:
    """Durations from the rule set in force: the decision within its deadline after the
    branch's resolution (the committee's in half of it), the dossier prepared in as long
    again, a source followed for the months its sponsors must have known it before that."""
    ruleset = _ruleset_on(as_of)
    decision = _calendar_days(ruleset.deadline(DeadlineKind.ADMISSION_DECISION).workdays)
    days = {
        BRANCH_RESOLVED: decision, COMMITTEE_RESOLVED: math.ceil(decision / 2), PREPARING: 2 * decision,
        "source": (add_months(as_of, ruleset.sponsor_known_months) - as_of).days + 2 * decision, "course": COURSE_DAYS,
    }
    return {stage: StageStats(DEFAULT_CONVERSION[stage], [days[stage]], 0) for stage in days}


def _quantiles(days: list[int]) -> list[int]:
    days = sorted(days)
    if len(days) <= QUANTILES:
        return days
    return [days[round(i * (len(days) - 1) / (QUANTILES - 1))] for i in range(QUANTILES)]


@dataclass(frozen=True)
class _Dossier:
    org: int
    person: int
    opened: dt.date
    branch: dt.date | None
    committee: dt.date | None
    decided: dt.date | None
    ended: dt.date | None


@dataclass(frozen=True)
class _Candidate:
    org: int
    person: int
    added: dt.date
    ended: dt.date | None
    status: str


class History:
    """What was recorded in the scope by the as-of day: dossiers with the dates of their
    steps up to that day, candidates added by then, awareness certificates issued by then
    and the admissions of the 24 months before, all loaded at once; a subtree's part is
    picked by organization id."""

    def __init__(self, scope: Scope, as_of: dt.date):
        self.as_of = as_of
        self._stats: dict = {}
        known = lambda day: day if day is not None and day <= as_of else None  # noqa: E731
        dossiers = Dossier.objects.filter(scope.orgs.q(), opened_on__lte=as_of)
        committee = dict(
            DossierEvent.objects.filter(dossier__in=dossiers, action="committee_resolution", on__lte=as_of).values_list("dossier_id", "on")
        )
        self.births: dict[int, dt.date] = {}
        self.dossiers = []
        for pk, org, person, born, opened, branch, decided, ended in dossiers.values_list(
            "pk", "organization_id", "person_id", "person__birth_date", "opened_on", "branch_resolved_on", "decided_on", "ended_on"
        ):
            self.births[person] = born
            self.dossiers.append(_Dossier(org, person, opened, known(branch), committee.get(pk), known(decided), known(ended)))
        candidates = Candidate.objects.filter(scope.orgs.q(), added_on__lte=as_of)
        self.candidates = []
        for org, person, born, added, ended, status in candidates.values_list(
            "organization_id", "person_id", "person__birth_date", "added_on", "ended_on", "status"
        ):
            self.births[person] = born
            self.candidates.append(_Candidate(org, person, added, known(ended), status))
        self.certificates: dict[int, list[dt.date]] = {}
        enrollments = Enrollment.objects.filter(
            Q(person_id__in=candidates.values("person_id")) | Q(person_id__in=dossiers.values("person_id")),
            course__kind=CourseKind.AWARENESS, certificate_on__lte=as_of,
        )
        for person, on in enrollments.values_list("person_id", "certificate_on").order_by("certificate_on"):
            self.certificates.setdefault(person, []).append(on)
        self.decided = {d.person: d.decided for d in self.dossiers if d.decided}
        # Admissions of the last three years by organization and year counted back from the
        # as-of day (0: the last 365 days), and whether they came through a dossier.
        self.yearly: dict[int, list[int]] = {}
        self.recorded: dict[int, int] = {}
        admissions = MemberPeriod.objects.filter(
            scope.orgs.q(), start_event=StartEvent.ADMISSION, valid_from__gt=as_of - dt.timedelta(days=DISPERSION_YEARS * 365),
            valid_from__lte=as_of,
        )
        for org, on, decided in admissions.values_list("organization_id", "valid_from", "member__dossier__decided_on"):
            years = self.yearly.setdefault(org, [0] * DISPERSION_YEARS)
            years[(as_of - on).days // 365] += 1
            if (as_of - on).days < ARRIVAL_DAYS and decided is not None and decided <= as_of:
                self.recorded[org] = self.recorded.get(org, 0) + 1

    def certificate_until(self, person: int) -> dt.date | None:
        """When the person's valid awareness certificate expires; None without one."""
        months = certificate_months(self.as_of)
        expiries = [add_months(on, months) for on in self.certificates.get(person, ())]
        valid = [day for day in expiries if day > self.as_of]
        return max(valid) if valid else None

    def _adult_on(self, person: int) -> dt.date | None:
        born = self.births.get(person)
        return add_months(born, 18 * 12) if born else None

    def pipeline(self, org_ids: set[int] | None) -> list[Item]:
        """Dossiers not yet decided nor closed, by their last step; sources on the lists
        without such a dossier, by whether they hold a valid awareness certificate."""
        items, busy = [], set()
        for d in self._of(self.dossiers, org_ids):
            if d.decided or d.ended:
                continue
            busy.add(d.person)
            stage, since = (COMMITTEE_RESOLVED, d.committee) if d.committee else (
                (BRANCH_RESOLVED, d.branch) if d.branch else (PREPARING, d.opened))
            items.append(Item(stage, since, self._adult_on(d.person), self.certificate_until(d.person)))
        for c in self._of(self.candidates, org_ids):
            if c.ended or c.person in busy or c.person in self.decided:
                continue
            until = self.certificate_until(c.person)
            items.append(Item(SOURCE_CERTIFIED if until else SOURCE_UNCERTIFIED, c.added, self._adult_on(c.person), until))
        return items

    @staticmethod
    def _of(rows, org_ids):
        return rows if org_ids is None else [row for row in rows if row.org in org_ids]

    def samples(self, org_ids: set[int] | None) -> int:
        """Admissions through a recorded dossier decided by the as-of day."""
        return sum(1 for d in self._of(self.dossiers, org_ids) if d.decided)

    def recent_admissions(self, org_ids: set[int] | None) -> tuple[int, int]:
        """Admissions of the last 24 months, and how many of them through a dossier."""
        orgs = self.yearly if org_ids is None else [o for o in org_ids if o in self.yearly]
        return sum(sum(self.yearly[o][:2]) for o in orgs), sum(self.recorded.get(o, 0) for o in orgs)

    def admissions_by_year(self, org_ids: set[int] | None) -> list[int]:
        """Admissions in each of the last three years counted back from the as-of day."""
        orgs = self.yearly if org_ids is None else [o for o in org_ids if o in self.yearly]
        return [sum(self.yearly[o][i] for o in orgs) for i in range(DISPERSION_YEARS)]

    def stats(self, org_ids: set[int] | None) -> dict[str, StageStats]:
        """Conversion and durations per stage from cases resolved by the as-of day; a
        stage with too few of them keeps the defaults. Kept per subtree: the parent's
        serve every unit under it."""
        key = None if org_ids is None else frozenset(org_ids)
        if key not in self._stats:
            self._stats[key] = self._compute_stats(org_ids)
        return self._stats[key]

    def _compute_stats(self, org_ids: set[int] | None) -> dict[str, StageStats]:
        outcomes: dict[str, tuple[list[int], list[int]]] = {s: ([], []) for s in ("source", PREPARING, BRANCH_RESOLVED, COMMITTEE_RESOLVED, "course")}
        for d in self._of(self.dossiers, org_ids):
            for stage, entered in ((PREPARING, d.opened), (BRANCH_RESOLVED, d.branch), (COMMITTEE_RESOLVED, d.committee)):
                if entered and d.decided:
                    outcomes[stage][0].append((d.decided - entered).days)
                elif entered and d.ended:
                    outcomes[stage][1].append(0)
        for c in self._of(self.candidates, org_ids):
            decided = self.decided.get(c.person)
            if decided and decided >= c.added:
                outcomes["source"][0].append((decided - c.added).days)
            elif c.ended and c.status == CandidateStatus.ADMITTED:
                outcomes["source"][0].append((c.ended - c.added).days)
            elif c.ended and c.status == CandidateStatus.DROPPED:
                outcomes["source"][1].append(0)
            first = next((on for on in self.certificates.get(c.person, ()) if on >= c.added), None)
            if first:
                outcomes["course"][0].append((first - c.added).days)
        stats = default_stats(self.as_of)
        for stage, (done, failed) in outcomes.items():
            if len(done) + len(failed) >= MIN_STAGE_SAMPLES:
                durations = _quantiles(done) if len(done) >= MIN_STAGE_SAMPLES else stats[stage].durations
                conversion = 1.0 if stage == "course" else len(done) / (len(done) + len(failed))
                stats[stage] = StageStats(conversion, durations, len(done) + len(failed))
        return stats


def history_on(scope: Scope, as_of: dt.date, memo: dict) -> History:
    key = ("forecast_history", as_of)
    kept = memo.get(key)
    if kept is None or kept[0] is not scope:
        kept = memo[key] = (scope, History(scope, as_of))
    return kept[1]


def _seed(organization: Organization, as_of: dt.date, plan: Plan) -> str:
    return f"forecast:{organization.pk}:{as_of.isoformat()}:{plan.pk}"


def _percentile(totals: list[int], share: float) -> int:
    """Nearest-rank percentile of sorted totals."""
    return totals[max(0, math.ceil(share * len(totals)) - 1)]


def _sampler(low: int, log_pmf):
    """Inverse-CDF draws from a distribution over ``low``, ``low + 1``..., given by its
    log-probabilities (computed in logs: (1 - p)^n or e^-mean alone underflow for large
    units)."""
    top = max(log_pmf)
    cumulative, running = [], 0.0
    for value in log_pmf:
        running += math.exp(value - top)
        cumulative.append(running)
    last = len(cumulative) - 1
    return lambda u: low + min(bisect.bisect_left(cumulative, u * running), last)


def _around(mean: float, sd: float, lowest: int, highest: int) -> range:
    return range(max(lowest, math.floor(mean - 12 * sd - 12)), min(highest, math.ceil(mean + 12 * sd + 12)) + 1)


def _binomial(n: int, p: float):
    if p >= 1:
        return lambda u: n
    ks = _around(n * p, math.sqrt(n * p * (1 - p)), 0, n)
    log_p, log_q = math.log(p), math.log(1 - p)
    return _sampler(ks.start, [math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_p + (n - k) * log_q for k in ks])


def _poisson(mean: float):
    if mean <= 0:
        return lambda u: 0
    ks = _around(mean, math.sqrt(mean), 0, 10**9)
    return _sampler(ks.start, [k * math.log(mean) - mean - math.lgamma(k + 1) for k in ks])


def dispersion(yearly_counts: list[list[int]]) -> float:
    """How much more admissions vary from year to year than chance alone would make
    them (the squared coefficient of variation of the yearly rate beyond Poisson noise),
    pooled over the subtrees with at least 5 admissions a year."""
    excess = []
    for counts in yearly_counts:
        mean = sum(counts) / len(counts)
        if mean >= 5:
            variance = sum((c - mean) ** 2 for c in counts) / (len(counts) - 1)
            excess.append(max(0.0, (variance - mean) / mean**2))
    return sum(excess) / len(excess) if excess else 0.0


def _poisson_draw(mean: float, rng: random.Random) -> int:
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def simulate(chances: list[float], arrivals: float, runs: int, rng: random.Random, spread: float = 0.0) -> list[int]:
    """Sorted totals of ``runs`` draws: each pipeline item admitted with its chance (items
    of equal chance to the hundredth drawn together as a binomial), plus Poisson arrivals
    whose rate varies from run to run by ``spread`` (the squared coefficient of variation
    of a gamma-distributed multiplier of mean 1)."""
    groups: dict[int, int] = {}
    for chance in chances:
        step = round(chance * CHANCE_STEP)
        if step > 0:
            groups[step] = groups.get(step, 0) + 1
    samplers = [_binomial(n, step / CHANCE_STEP) for step, n in sorted(groups.items())]
    if spread <= 0:
        samplers.append(_poisson(arrivals))
        return sorted(sum(draw(rng.random()) for draw in samplers) for _run in range(runs))
    totals = []
    for _run in range(runs):
        pipeline = sum(draw(rng.random()) for draw in samplers)
        totals.append(pipeline + _poisson_draw(arrivals * rng.gammavariate(1 / spread, spread), rng))
    return sorted(totals)


def _share_within(samples: list[int], limit: int) -> float:
    """Share of sorted ``samples`` at most ``limit``."""
    if limit < 0:
        return 0.0
    return bisect.bisect_right(samples, limit) / len(samples)


def chance(item: Item, stats: dict[str, StageStats], as_of: dt.date, end: dt.date) -> float:
    """The chance that the item is admitted by ``end``: converted with its stage's rate,
    within the days left after the time it has already spent in the stage (its
    remaining time drawn from the stage's durations longer than that), no earlier than
    the day after its 18th birthday, and with an awareness course first when it has no
    valid certificate or its certificate expires before the decision."""
    stage = stats[HISTORY_STAGE[item.stage]]
    window = (end - as_of).days
    steps = STEPS_LEFT[item.stage]
    if window < steps or stage.conversion <= 0:
        return 0.0
    if item.adult_on is not None and item.adult_on + dt.timedelta(days=steps) > end:
        return 0.0
    age = (as_of - item.since).days
    remaining = [max(d - age, steps) for d in stage.durations if d > age] or [steps]
    course = stats["course"].durations
    fits = 0.0
    for days in remaining:
        needs_course = item.stage in (SOURCE_UNCERTIFIED, PREPARING) and item.certificate_until is None
        if item.certificate_until is not None and as_of + dt.timedelta(days=days) >= item.certificate_until:
            needs_course = True
        fits += _share_within(course, window - days) if needs_course else float(days <= window)
    return stage.conversion * fits / len(remaining)


def _basis(history: History, levels: list[tuple[str, set[int] | None]]) -> tuple[str, dict[str, StageStats]]:
    """The first subtree with enough history (unit, parent, scope), else the defaults."""
    for name, org_ids in levels:
        if history.samples(org_ids) >= MIN_SAMPLES:
            return name, history.stats(org_ids)
    return "defaults", default_stats(history.as_of)


def _arrivals(history: History, org_ids: set[int], stats: dict[str, StageStats], as_of: dt.date, end: dt.date,
              from_pipeline: float) -> float:
    """Expected admissions of people not in the pipeline on the as-of day, at the subtree's
    admission rate of the last 24 months: in full beyond the typical time from the source
    list to admission (nobody in today's pipeline gets that far), and before it only what
    the pipeline's expected admissions leave short of that rate, for the share of past
    admissions that the pipeline did not record (those without a dossier). A subtree
    whose admissions all came through recorded dossiers relies on its pipeline there; one
    whose history holds no dossiers is topped up to its rate."""
    admissions, recorded = history.recent_admissions(org_ids)
    window = (end - as_of).days
    if window <= 0 or not admissions:
        return 0.0
    rate = admissions / ARRIVAL_DAYS
    typical = stats["source"].median
    unrecorded = 1 - recorded / admissions
    return rate * max(0, window - typical) + unrecorded * max(0.0, rate * min(window, typical) - from_pipeline)


def _forecast(
    history: History, organization: Organization, name: str, quota: Quota | None, target: int | None, admitted: int,
    start: dt.date, end: dt.date, as_of: dt.date, plan: Plan, levels: list, runs: int,
) -> Forecast:
    org_ids = levels[0][1]
    items = history.pipeline(org_ids)
    pipeline = {stage: 0 for stage in STAGES}
    for item in items:
        pipeline[item.stage] += 1
    basis, stats = _basis(history, levels)
    from_dossiers = 0.0
    if as_of >= end:
        totals, arrivals = [admitted] * runs, 0.0
    else:
        chances = [chance(item, stats, as_of, end) for item in items]
        arrivals = _arrivals(history, org_ids, stats, as_of, end, sum(chances))
        rng = random.Random(_seed(organization, as_of, plan))
        spread = dispersion([history.admissions_by_year(org_ids)])
        totals = [admitted + extra for extra in simulate(chances, arrivals, runs, rng, spread)]
        from_dossiers = sum(c for item, c in zip(items, chances) if item.stage in DOSSIER_STAGES)
    probability = None
    if target is not None:
        reached = sum(1 for total in totals if total >= target)
        probability = (Decimal(reached) * 100 / len(totals)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Forecast(
        organization=organization, name=name, quota=quota, target=target, admitted=admitted,
        p10=_percentile(totals, 0.1), p50=_percentile(totals, 0.5), p90=_percentile(totals, 0.9),
        probability=probability, pipeline=pipeline, basis=basis, expected_arrivals=arrivals, stats=stats,
        period=(start, end), items=items, expected_from_dossiers=from_dossiers, org_ids=frozenset(org_ids),
    )


def _period(plan: Plan, period: str, as_of: dt.date) -> tuple[dt.date, dt.date]:
    start, end = period_of(plan, period)
    if as_of < start:
        raise DomainError(_("Nothing to forecast on %(number)s before its period starts.") % {"number": plan.number}, field="as_of")
    return start, end


def _parent(organization: Organization, as_of: dt.date) -> Organization | None:
    version = version_on(organization, as_of)
    return version.parent if version else None


def _run(scope: Scope, plan: Plan, head: Organization, heads_name: str, units: list[tuple[Organization, str]],
         parent: Organization | None, as_of: dt.date, period: str, runs: int, memo: dict) -> list[Forecast]:
    start, end = _period(plan, period, as_of)
    orgs = [head] + [org for org, _name in units]
    quotas = quota_versions_on(plan, orgs, start, end, as_of)
    prefetch_quota_targets(list(quotas.values()), memo)
    ctxs = [Context.build(scope=scope, organization=org, as_of=as_of, start=start, end=end, memo=memo) for org in orgs]
    count_admitted(ctxs)
    history = history_on(scope, as_of, memo)
    parent_ids = None
    if parent is not None:
        parent_ids = Context.build(scope=scope, organization=parent, as_of=as_of, memo=memo).orgs.ids()
    head_ids = ctxs[0].orgs.ids()
    forecasts = []
    for index, (ctx, name) in enumerate(zip(ctxs, [heads_name] + [n for _org, n in units])):
        own = ctx.orgs.ids()
        above = parent_ids if index == 0 else head_ids
        levels = [("unit", own)] + ([("parent", above)] if above is not None else []) + [("scope", None)]
        quota = quotas.get(ctx.organization.pk)
        forecasts.append(_forecast(
            history, ctx.organization, name, quota, quota and quota_target(quota, memo), admitted_of(ctx), start, end, as_of, plan,
            levels, runs,
        ))
    return forecasts


def forecast_unit(scope: Scope, plan: Plan, organization: Organization, as_of: dt.date, period: str = "term", *,
                  runs: int = 1000, memo: dict | None = None) -> Forecast:
    """The forecast of one organization's admissions under the plan's quota for the term
    or a year of it, from what was recorded by ``as_of``."""
    memo = {} if memo is None else memo
    version = version_on(organization, as_of)
    name = version.name if version else organization.name
    parent = version.parent if version else None
    (forecast,) = _run(scope, plan, organization, name, [], parent, as_of, period, runs, memo)
    return forecast


def forecast_units(scope: Scope, plan: Plan, organization: Organization, as_of: dt.date, period: str = "term", *,
                   runs: int = 1000) -> tuple[Forecast, list[Forecast]]:
    """The organization's forecast and one per unit directly under it (structure of
    ``as_of``, within the scope)."""
    memo: dict = {}
    units = [(v.organization, v.name) for v in units_under(organization, as_of, scope)]
    head, *rest = _run(scope, plan, organization, organization.name, units, _parent(organization, as_of), as_of, period,
                       runs, memo)
    return head, rest
