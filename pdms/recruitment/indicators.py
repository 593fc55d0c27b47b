"""Recruitment indicators: the source lists, courses, dossiers, probation and the time each
stage of the procedure takes, counted as of a date from the dates on the records (never
from the current state), in the subtree and the user's scope (``ctx.q``).

Admissions and recognitions are membership events and live in ``members.indicators``.
"""

import datetime as dt
import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from pdms.core.errors import DomainError
from pdms.indicators.engine import Context, Indicator, Part, RatioIndicator, Result, register
from pdms.members.models import MemberPeriod, StartEvent, Status
from pdms.members.selectors import active_periods_on

from .eligibility import add_months
from .models import Candidate, CandidateStatus, CourseKind, Deadline, Dossier, Enrollment, SourceGroup
from .rulesets import RULESETS, ruleset_for

SOURCES = _("Candidate sources and courses")
DOSSIERS = _("Admission dossiers")
PROBATION = _("Probation and recognition")
STAGES = _("Median days per stage of the procedure")

_ONE_DAY = dt.timedelta(days=1)
_PERSON_ORDER = ("person__sort_given", "person__sort_family", "person__sort_middle")


# --- dates ----------------------------------------------------------------------------


def last_start_ended_by(day: dt.date, months: int) -> dt.date:
    """The latest start of a ``months``-long term that has ended by ``day``: terms that
    started on or before it end (``add_months``) on or before ``day``. Computed here so
    queries compare plain dates; on 28/02/2025 a year that began on 29/02/2024 has ended."""
    start = add_months(day, -months)
    while add_months(start + _ONE_DAY, months) <= day:
        start += _ONE_DAY
    while add_months(start, months) > day:
        start -= _ONE_DAY
    return start


def probation_months() -> int:
    # The Party Charter fixes probation at 12 months and every rule set repeats it; a rule
    # set that differed would need dossier-by-dossier dates, so it fails here loudly.
    (months,) = {ruleset.probation_months for ruleset in RULESETS}
    return months


def probation_start() -> Coalesce:
    """When a member's probation runs from: the ceremony, else the admission decision."""
    return Coalesce("member__ceremony_on", "member__admitted_on")


def certificate_months(day: dt.date) -> int:
    """How long an awareness certificate stays valid under the rules in force on ``day``
    (the oldest rule set's for days before any)."""
    try:
        return ruleset_for(day).certificate_validity_months
    except DomainError:
        return RULESETS[0].certificate_validity_months


def valid_certificate_q(day: dt.date, person_field: str = "person") -> Q:
    """Records whose person holds an awareness certificate valid on ``day`` (issued by
    then, and ``day`` before its expiry)."""
    months = certificate_months(day)
    # Issued after this date, a certificate has not expired by ``day``.
    expired_if_issued_by = last_start_ended_by(day, months)
    return Q(
        Exists(
            Enrollment.objects.filter(
                person_id=OuterRef(person_field), course__kind=CourseKind.AWARENESS,
                certificate_on__lte=day, certificate_on__gt=expired_if_issued_by,
            )
        )
    )


def open_on(day: dt.date, field: str) -> Q:
    """Not yet ended on ``day``: the end date ``field`` is empty or later."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": day})


def in_progress_on(day: dt.date) -> Q:
    """Admission dossiers between the application and the decision on ``day``."""
    return Q(opened_on__lte=day) & open_on(day, "decided_on") & open_on(day, "ended_on")


# --- record lists ---------------------------------------------------------------------


def candidates_on_lists(ctx: Context) -> QuerySet[Candidate]:
    """Candidates on the source lists of the subtree on the as-of day."""
    return (
        Candidate.objects.filter(ctx.q(), open_on(ctx.as_of, "ended_on"), added_on__lte=ctx.as_of)
        .select_related("person", "organization", "group")
        .order_by(*_PERSON_ORDER, "pk")
    )


def member_periods(qs) -> QuerySet[MemberPeriod]:
    return qs.select_related("member__person", "organization", "prev_organization").order_by(
        *(f"member__{field}" for field in _PERSON_ORDER), "member_id"
    )


def _dossiers(qs) -> QuerySet[Dossier]:
    return qs.select_related("person", "organization").order_by(*_PERSON_ORDER, "pk")


# --- sources and courses --------------------------------------------------------------


@register
class SourcesTotal(Indicator):
    key = "sources_total"
    label = _("Candidates on the source lists")
    group = SOURCES
    record_type = "candidate"

    def records(self, ctx):
        return candidates_on_lists(ctx)


@register
class SourcesByGroup(Indicator):
    key = "sources_by_group"
    label = _("Candidates on the source lists by source group")
    group = SOURCES
    record_type = "candidate"

    def records(self, ctx):
        candidates = candidates_on_lists(ctx)
        return candidates.filter(group__code=ctx.part) if ctx.part else candidates

    def parts(self, ctx):
        counts = dict(candidates_on_lists(ctx).order_by().values_list("group_id").annotate(n=Count("pk")))
        # Every group in use, with zero where it has nobody; a retired group only while
        # candidates still belong to it, so that the parts add up to the total.
        groups = SourceGroup.objects.filter(Q(active=True) | Q(pk__in=counts)).order_by("position", "name")
        return [Part(group.code, group.name, counts.get(group.pk, 0)) for group in groups]


@register
class CourseCompletions(Indicator):
    key = "course_completions"
    label = _("Course completions in the period")
    group = SOURCES
    record_type = "enrollment"

    def records(self, ctx):
        # The person's source-list entry the user may open, for the drill-down's link.
        candidacy = Candidate.objects.filter(ctx.scope.orgs.q("organization_id"), person_id=OuterRef("person_id"))
        candidacy = candidacy.order_by("-added_on", "-pk")
        return (
            Enrollment.objects.filter(ctx.q(), completed_on__gte=ctx.start, completed_on__lte=ctx.end)
            .select_related("person", "organization", "course")
            .annotate(candidate_pk=Subquery(candidacy.values("pk")[:1]))
            .order_by("completed_on", *_PERSON_ORDER, "pk")
        )


@register
class SourceConversion(RatioIndicator):
    key = "source_conversion"
    label = _("Candidates added in the period who were admitted")
    group = SOURCES
    record_type = "candidate"

    def denominator_records(self, ctx):
        return (
            Candidate.objects.filter(ctx.q(), added_on__gte=ctx.start, added_on__lte=ctx.end)
            .select_related("person", "organization", "group")
            .order_by(*_PERSON_ORDER, "pk")
        )

    def records(self, ctx):
        decided = Dossier.objects.filter(person_id=OuterRef("person_id"), decided_on__lte=ctx.as_of)
        return self.denominator_records(ctx).filter(
            Q(Exists(decided)) | Q(status=CandidateStatus.ADMITTED, ended_on__lte=ctx.as_of)
        )


# --- dossiers ---------------------------------------------------------------------------


@register
class DossiersInProgress(Indicator):
    key = "dossiers_in_progress"
    label = _("Admission dossiers between application and decision")
    group = DOSSIERS
    record_type = "dossier"

    def records(self, ctx):
        return _dossiers(Dossier.objects.filter(ctx.q(), in_progress_on(ctx.as_of)))


def open_deadlines_on(ctx: Context) -> QuerySet[Deadline]:
    """Deadlines of the subtree's dossiers that had started and were not met on the as-of day."""
    return (
        Deadline.objects.filter(ctx.q("dossier__organization_id"), open_on(ctx.as_of, "done_on"), anchor_on__lte=ctx.as_of)
        .select_related("dossier__person", "dossier__organization")
        .order_by("due_on", *(f"dossier__{field}" for field in _PERSON_ORDER), "pk")
    )


@register
class DossiersOverdue(Indicator):
    key = "dossiers_overdue"
    label = _("Overdue deadlines of dossiers")
    group = DOSSIERS
    record_type = "deadline"

    def records(self, ctx):
        return open_deadlines_on(ctx).filter(due_on__lt=ctx.as_of)


# --- probation ------------------------------------------------------------------------


def probationary_on(ctx: Context) -> QuerySet[MemberPeriod]:
    return active_periods_on(ctx.q(), ctx.as_of).filter(status=Status.PROBATIONARY)


@register
class ProbationaryDueForRecognition(Indicator):
    key = "probationary_due_for_recognition"
    label = _("Probationary members whose 12 months have ended")
    group = PROBATION
    record_type = "period"

    def records(self, ctx):
        cutoff = last_start_ended_by(ctx.as_of, probation_months())
        return member_periods(probationary_on(ctx).alias(probation_from=probation_start()).filter(probation_from__lte=cutoff))


@register
class NotRecognized(Indicator):
    key = "not_recognized"
    label = _("Probationary members removed from the rolls in the period")
    group = PROBATION
    record_type = "period"

    def records(self, ctx):
        return member_periods(
            MemberPeriod.objects.filter(
                ctx.q(), start_event=StartEvent.REMOVAL, prev_status=Status.PROBATIONARY,
                valid_from__gte=ctx.start, valid_from__lte=ctx.end,
            )
        )


# --- days per stage -------------------------------------------------------------------


def median_days(days: list[int]) -> Decimal | None:
    """The median, to one decimal (half up); None without any value."""
    if not days:
        return None
    return Decimal(str(statistics.median(days))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class _MedianDays(Indicator):
    """The median number of days from ``start_field`` to ``end_field`` over the subtree's
    dossiers whose stage ended in the period; the drill-down lists those dossiers."""

    group = STAGES
    record_type = "dossier"
    start_field = ""
    end_field = ""

    def known_by(self, ctx: Context) -> Q:
        return Q()

    def records(self, ctx):
        return _dossiers(
            Dossier.objects.filter(
                ctx.q(), self.known_by(ctx),
                **{f"{self.start_field}__isnull": False, f"{self.end_field}__gte": ctx.start, f"{self.end_field}__lte": ctx.end},
            )
        )

    def compute(self, ctx):
        pairs = self.records(ctx).values_list(self.start_field, self.end_field)
        days = [(end - start).days for start, end in pairs]
        return Result(self.key, str(self.label), median_days(days), listed=len(days))


@register
class MedianDaysSourceToApplication(_MedianDays):
    key = "median_days_source_to_application"
    label = _("Median days from the source list to the application")
    start_field = "candidate__added_on"
    end_field = "opened_on"


@register
class MedianDaysApplicationToBranchResolution(_MedianDays):
    key = "median_days_application_to_branch_resolution"
    label = _("Median days from the application to the branch resolution")
    start_field = "opened_on"
    end_field = "branch_resolved_on"


@register
class MedianDaysBranchResolutionToDecision(_MedianDays):
    key = "median_days_branch_resolution_to_decision"
    label = _("Median days from the branch resolution to the admission decision")
    start_field = "branch_resolved_on"
    end_field = "decided_on"


@register
class MedianDaysDecisionToCeremony(_MedianDays):
    key = "median_days_decision_to_ceremony"
    label = _("Median days from the admission decision to the ceremony")
    start_field = "decided_on"
    end_field = "ceremony_on"


@register
class MedianDaysCeremonyToRecognition(_MedianDays):
    key = "median_days_ceremony_to_recognition"
    label = _("Median days from the ceremony to recognition as a full member")
    start_field = "ceremony_on"
    end_field = "recognized_on"

    def known_by(self, ctx):
        # Recognition is dated back to the end of probation; it is known only once the
        # decision (the dossier's end) has been taken.
        return Q(ended_on__lte=ctx.as_of)
