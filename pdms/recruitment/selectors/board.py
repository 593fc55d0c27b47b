"""Reads for the pipeline board and the reminders page.

The board puts every person of an organization's subtree in exactly one stage on a date,
from the source list to recognition. Each stage is the records of an indicator (narrowed
where a stage is one part of an indicator), so without filters the board's counts are
the indicators' figures. The reminders page lists what falls due in the user's scope in
the next 30 days: open deadlines of dossiers, the end of probation, and awareness
certificates about to expire.
"""

import datetime as dt
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pdms.accounts.scope import Scope
from pdms.indicators.engine import Context, get
from pdms.members.models import MemberPeriod, Status
from pdms.organizations.models import Organization, valid_on
from pdms.organizations.page_selectors import names_on
from pdms.organizations.selectors import organization_or_root, organizations_for_user
from pdms.workdays.calendar import WorkCalendar

from ..eligibility import add_months, certificate_expiry
from ..indicators import (
    in_progress_on,
    last_start_ended_by,
    member_periods,
    open_deadlines_on,
    open_on,
    probation_months,
    probation_start,
    valid_certificate_q,
)
from ..models import Candidate, CandidateStatus, CourseKind, Deadline, Dossier, DossierEvent, Enrollment, SourceGroup, VoteStep
from ..rulesets import ruleset_for
from .sources import FOCUS_CHOICES, focus_q

STAGE_ROWS = 20
REMINDER_DAYS = 30



# --- filters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Narrow the board to candidates of a source group and/or a focus group. People are matched through their source-list entries, so
    members without one (registered from paper records) drop out when a filter is set."""

    group: str = ""
    focus: str = ""

    @classmethod
    def clean(cls, group: str, focus: str) -> "Filters":
        """Unknown values are ignored rather than refused: a stale link still opens."""
        group = group if group and SourceGroup.objects.filter(code=group).exists() else ""
        focus = focus if focus in dict(FOCUS_CHOICES) else ""
        return cls(group, focus)

    @property
    def active(self) -> bool:
        return bool(self.group or self.focus)

    def candidate_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.group:
            q &= Q(**{f"{prefix}group__code": self.group})
        if self.focus:
            q &= focus_q(self.focus, prefix)
        return q

    def person_q(self, person_field: str) -> Q:
        """Records whose person has a source-list entry matching the filters."""
        if not self.active:
            return Q()
        return Q(Exists(Candidate.objects.filter(self.candidate_q(), person_id=OuterRef(person_field))))


# --- the board --------------------------------------------------------------------------


@dataclass
class PersonRow:
    name: str
    organization_name: str
    since: dt.date
    days: int
    candidate_id: int | None = None
    dossier_id: int | None = None
    member_id: int | None = None


@dataclass(frozen=True)
class StageSpec:
    key: str
    label: Promise
    records: Callable[[Context, Filters], QuerySet]
    # "candidate", "dossier" or "period": how a record becomes a row.
    kind: str
    since: Callable[[object], dt.date]
    # The indicator whose drill-down lists exactly this stage (without filters).
    indicator: str = ""


@dataclass
class Stage:
    key: str
    label: str
    count: int
    rows: list[PersonRow]
    indicator: str = ""


class _Due:
    """Something due on a day, with ``workdays`` left (negative once past)."""

    workdays: int

    @property
    def workdays_late(self) -> int:
        return max(-self.workdays, 0)


@dataclass
class DeadlineRow(_Due):
    name: str
    organization_name: str
    kind: str
    due_on: dt.date
    workdays: int
    overdue: bool
    dossier_id: int


@dataclass
class Board:
    organization: Organization
    as_of: dt.date
    filters: Filters
    stages: list[Stage]
    overdue: list[DeadlineRow] = field(default_factory=list)
    due_this_month: list[DeadlineRow] = field(default_factory=list)


def board_organization(scope: Scope, org_id: str) -> Organization:
    """The organization asked for (404 outside the scope), else the user's own; an
    administrator without one gets the first top-level organization."""
    organization = organization_or_root(scope, org_id)
    if organization is not None:
        return organization
    top = organizations_for_user(scope).filter(parent__isnull=True, ended_on__isnull=True).order_by("path").first()
    if top is None:
        raise Http404
    return top


def board_context(scope: Scope, organization: Organization, as_of: dt.date) -> Context:
    """The subtree on ``as_of``, over the year up to that day."""
    return Context.build(scope=scope, organization=organization, as_of=as_of)


def _sources(ctx: Context, filters: Filters) -> QuerySet[Candidate]:
    """On the list with no admission dossier in progress."""
    in_progress = Dossier.objects.filter(in_progress_on(ctx.as_of), person_id=OuterRef("person_id"))
    return get("sources_total").records(ctx).filter(filters.candidate_q()).exclude(Exists(in_progress))


def _without_certificate(ctx, filters):
    return _sources(ctx, filters).exclude(valid_certificate_q(ctx.as_of, "person_id"))


def _with_certificate(ctx, filters):
    newest = Enrollment.objects.filter(
        person_id=OuterRef("person_id"), course__kind=CourseKind.AWARENESS, certificate_on__lte=ctx.as_of
    ).order_by("-certificate_on")
    return (
        _sources(ctx, filters)
        .filter(valid_certificate_q(ctx.as_of, "person_id"))
        .annotate(certificate_on=Subquery(newest.values("certificate_on")[:1]))
    )


def _committee_resolutions(as_of: dt.date) -> QuerySet[DossierEvent]:
    # The dossier keeps no date of the committee's resolution; its event does.
    return DossierEvent.objects.filter(dossier_id=OuterRef("pk"), action="committee_resolution", on__lte=as_of)


def _in_progress(ctx: Context, filters: Filters) -> QuerySet[Dossier]:
    return get("dossiers_in_progress").records(ctx).filter(filters.person_q("person_id"))


def _preparing(ctx, filters):
    return _in_progress(ctx, filters).filter(open_on(ctx.as_of, "branch_resolved_on"))


def _branch_resolved(ctx, filters):
    return _in_progress(ctx, filters).filter(branch_resolved_on__lte=ctx.as_of).exclude(Exists(_committee_resolutions(ctx.as_of)))


def _committee_stage(ctx, filters):
    resolutions = _committee_resolutions(ctx.as_of)
    return (
        _in_progress(ctx, filters)
        .filter(Exists(resolutions), branch_resolved_on__lte=ctx.as_of)
        .annotate(committee_on=Subquery(resolutions.order_by("-on").values("on")[:1]))
    )


def _probation_not_due(ctx: Context, filters: Filters) -> QuerySet[MemberPeriod]:
    due = get("probationary_due_for_recognition").records(ctx)
    return (
        get("members_probationary").records(ctx)
        .filter(filters.person_q("member__person_id"))
        .exclude(pk__in=due.values("pk"))
    )


def _awaiting_ceremony(ctx, filters):
    return _probation_not_due(ctx, filters).filter(open_on(ctx.as_of, "member__ceremony_on"))


def _on_probation(ctx, filters):
    return _probation_not_due(ctx, filters).filter(member__ceremony_on__lte=ctx.as_of)


def _due_for_recognition(ctx, filters):
    return get("probationary_due_for_recognition").records(ctx).filter(filters.person_q("member__person_id"))


def _recognized_this_year(ctx, filters):
    # The board's period is the year up to the as-of day.
    return get("recognitions").records(ctx).filter(filters.person_q("member__person_id"))


def _probation_end(period) -> dt.date:
    return add_months(period.member.ceremony_on or period.member.admitted_on, probation_months())


STAGES = [
    StageSpec("sources", _("Sources on the list"), _without_certificate, "candidate", lambda c: c.added_on),
    StageSpec("certified", _("With a valid awareness certificate"), _with_certificate, "candidate",
              lambda c: max(c.added_on, c.certificate_on)),
    StageSpec("preparing", _("Dossier being prepared"), _preparing, "dossier", lambda d: d.opened_on),
    StageSpec("branch_resolved", _("Branch resolution passed"), _branch_resolved, "dossier", lambda d: d.branch_resolved_on),
    StageSpec("committee_resolved", _("Grassroots committee resolution passed"), _committee_stage, "dossier",
              lambda d: d.committee_on),
    StageSpec("admitted", _("Decided, awaiting the ceremony"), _awaiting_ceremony, "period", lambda p: p.member.admitted_on),
    StageSpec("probation", _("In the probation period"), _on_probation, "period", lambda p: p.member.ceremony_on),
    StageSpec("recognition", _("Recognition in progress"), _due_for_recognition, "period", _probation_end,
              indicator="probationary_due_for_recognition"),
    StageSpec("recognized", _("Recognized this year"), _recognized_this_year, "period", lambda p: p.valid_from,
              indicator="recognitions"),
]
STAGE_KEYS = [spec.key for spec in STAGES]


def stage_spec(key: str) -> StageSpec | None:
    return next((spec for spec in STAGES if spec.key == key), None)


def stage_rows(scope: Scope, spec: StageSpec, records, as_of: dt.date) -> list[PersonRow]:
    """The people of one stage, each with their branch (its name on ``as_of``), the day
    they entered the stage and the days since."""
    records = list(records)
    names = names_on(scope, [(r.organization_id, as_of) for r in records])
    dossier_of_member = {}
    if spec.kind == "period":
        dossier_of_member = dict(
            Dossier.objects.filter(member_id__in=[r.member_id for r in records]).values_list("member_id", "pk")
        )
    rows = []
    for record in records:
        if spec.kind == "candidate":
            who = {"name": record.person.full_name, "candidate_id": record.pk}
        elif spec.kind == "dossier":
            who = {"name": record.person.full_name, "dossier_id": record.pk}
        else:
            who = {
                "name": record.member.person.full_name, "member_id": record.member_id,
                "dossier_id": dossier_of_member.get(record.member_id),
            }
        since = spec.since(record)
        organization_name = names[(record.organization_id, as_of)]
        rows.append(PersonRow(organization_name=organization_name, since=since, days=(as_of - since).days, **who))
    return rows


def pipeline_board(
    scope: Scope, organization: Organization, as_of: dt.date, filters: Filters, *, rows: int = STAGE_ROWS
) -> Board:
    """Every stage with its count and its first ``rows`` people, and the deadlines due
    this month or overdue on ``as_of``."""
    ctx = board_context(scope, organization, as_of)
    stages = []
    for spec in STAGES:
        records = spec.records(ctx, filters)
        first = stage_rows(scope, spec, records[:rows], as_of)
        stages.append(Stage(spec.key, str(spec.label), records.count(), first, spec.indicator))
    overdue, due = deadlines_this_month(ctx, filters)
    return Board(organization, as_of, filters, stages, overdue, due)


def deadlines_this_month(ctx: Context, filters: Filters) -> tuple[list[DeadlineRow], list[DeadlineRow]]:
    """Deadlines open on the as-of day that are overdue (the ``dossiers_overdue``
    records) and those that fall due later in the same month."""
    month_end = ctx.as_of.replace(day=monthrange(ctx.as_of.year, ctx.as_of.month)[1])
    overdue = get("dossiers_overdue").records(ctx).filter(filters.person_q("dossier__person_id"))
    due = open_deadlines_on(ctx).filter(filters.person_q("dossier__person_id"), due_on__gte=ctx.as_of, due_on__lte=month_end)
    calendar = WorkCalendar()
    return _deadline_rows(ctx.scope, overdue, ctx.as_of, calendar), _deadline_rows(ctx.scope, due, ctx.as_of, calendar)


def _workdays_left(calendar: WorkCalendar, day: dt.date, due_on: dt.date) -> int:
    """Working days left until ``due_on``; minus the working days since, once past."""
    if due_on >= day:
        return calendar.workdays_between(day, due_on)
    return -calendar.workdays_between(due_on, day)


def _deadline_rows(scope: Scope, deadlines, day: dt.date, calendar: WorkCalendar) -> list[DeadlineRow]:
    deadlines = list(deadlines)
    names = names_on(scope, [(d.dossier.organization_id, day) for d in deadlines])
    return [
        DeadlineRow(
            name=d.dossier.person.full_name, organization_name=names[(d.dossier.organization_id, day)], kind=d.get_kind_display(),
            due_on=d.due_on, workdays=_workdays_left(calendar, day, d.due_on), overdue=d.due_on < day, dossier_id=d.dossier_id,
        )
        for d in deadlines
    ]


# --- reminders --------------------------------------------------------------------------


class ReminderKind:
    DEADLINE = "deadline"
    PROBATION = "probation"
    CERTIFICATE = "certificate"


@dataclass
class Reminder(_Due):
    kind: str
    what: str
    name: str
    organization_name: str
    due_on: dt.date
    workdays: int
    overdue: bool
    detail: str = ""
    candidate_id: int | None = None
    dossier_id: int | None = None
    member_id: int | None = None


def reminders(scope: Scope, day: dt.date) -> list[Reminder]:
    """What falls due in the user's scope by ``day`` + 30 days, sorted by date: every open
    deadline of a dossier (overdue ones included), probationary members whose 12 months
    end or have ended and who have had no recognition vote, and awareness certificates of candidates
    on the lists that expire."""
    horizon = day + dt.timedelta(days=REMINDER_DAYS)
    calendar = WorkCalendar()
    items = _deadline_reminders(scope, day, horizon, calendar) + _probation_reminders(scope, day, horizon, calendar)
    items += _certificate_reminders(scope, day, horizon, calendar)
    return sorted(items, key=lambda item: (item.due_on, item.name))


def _reminder(calendar: WorkCalendar, day: dt.date, **fields) -> Reminder:
    due_on = fields["due_on"]
    return Reminder(workdays=_workdays_left(calendar, day, due_on), overdue=due_on < day, **fields)


def _deadline_reminders(scope, day, horizon, calendar) -> list[Reminder]:
    deadlines = list(
        Deadline.objects.filter(scope.orgs.q("dossier__organization_id"), done_on__isnull=True, due_on__lte=horizon)
        .select_related("dossier__person", "dossier__organization")
    )
    names = names_on(scope, [(d.dossier.organization_id, day) for d in deadlines])
    return [
        _reminder(
            calendar, day, kind=ReminderKind.DEADLINE, what=d.get_kind_display(), name=d.dossier.person.full_name,
            organization_name=names[(d.dossier.organization_id, day)], due_on=d.due_on,
            detail=d.dossier.get_state_display(), dossier_id=d.dossier_id,
        )
        for d in deadlines
    ]


def _probation_reminders(scope, day, horizon, calendar) -> list[Reminder]:
    months = probation_months()
    voted = Dossier.objects.filter(member_id=OuterRef("member_id"), votes__step=VoteStep.BRANCH_RECOGNITION)
    periods = list(
        member_periods(
            MemberPeriod.objects.filter(valid_on(day), scope.orgs.q("organization_id"), status=Status.PROBATIONARY)
            .alias(probation_from=probation_start())
            # Those whose 12 months ended long ago are the most overdue of all.
            .filter(probation_from__lte=last_start_ended_by(horizon, months))
            .exclude(Exists(voted))
        )
    )
    names = names_on(scope, [(p.organization_id, day) for p in periods])
    dossiers = dict(Dossier.objects.filter(member_id__in=[p.member_id for p in periods]).values_list("member_id", "pk"))
    return [
        _reminder(
            calendar, day, kind=ReminderKind.PROBATION, what=str(_("End of the 12 months of probation")),
            name=p.member.person.full_name, organization_name=names[(p.organization_id, day)],
            due_on=add_months(p.member.ceremony_on or p.member.admitted_on, months),
            member_id=p.member_id, dossier_id=dossiers.get(p.member_id),
        )
        for p in periods
    ]


def _certificate_reminders(scope, day, horizon, calendar) -> list[Reminder]:
    ruleset = ruleset_for(day)
    months = ruleset.certificate_validity_months
    newest = Enrollment.objects.filter(
        person_id=OuterRef("person_id"), course__kind=CourseKind.AWARENESS, certificate_on__isnull=False
    ).order_by("-certificate_on", "-pk")
    # Past the branch resolution the certificate has done its work.
    resolved = Dossier.objects.filter(person_id=OuterRef("person_id"), branch_resolved_on__isnull=False, ended_on__isnull=True)
    candidates = list(
        Candidate.objects.filter(scope.orgs.q("organization_id"), ended_on__isnull=True, status=CandidateStatus.SOURCE)
        .annotate(
            certificate_on=Subquery(newest.values("certificate_on")[:1]),
            certificate_number=Subquery(newest.values("certificate_number")[:1]),
        )
        .filter(
            certificate_on__gt=last_start_ended_by(day - dt.timedelta(days=1), months),
            certificate_on__lte=last_start_ended_by(horizon, months),
        )
        .exclude(Exists(resolved))
        .select_related("person", "organization")
    )
    names = names_on(scope, [(c.organization_id, day) for c in candidates])
    return [
        _reminder(
            calendar, day, kind=ReminderKind.CERTIFICATE, what=str(_("Party awareness certificate expires")),
            name=c.person.full_name, organization_name=names[(c.organization_id, day)],
            due_on=certificate_expiry(c.certificate_on, ruleset), detail=c.certificate_number, candidate_id=c.pk,
        )
        for c in candidates
    ]
