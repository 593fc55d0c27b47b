"""Reads of candidate sources; every list starts from the user's scope. A candidate is on
a list from ``added_on`` until the day before ``ended_on``, so the list of any subtree on
any day is one dated filter."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdms.accounts.scope import Scope
from pdms.core.vntext import exact_match_first, name_search_q, vn_normalize
from pdms.members.models import Member, Status
from pdms.members.selectors import members_for_user, members_on
from pdms.organizations.models import BRANCH_KINDS, Organization, OrgVersion, valid_on
from pdms.organizations.rollup import OrgSet, rollup

from ..eligibility import grassroots_of
from ..models import Candidate, CandidateStatus, Dossier, Enrollment, Mentorship, Origin, SourceGroup, SourceReview
from ..models.dossiers import FINAL_STATES
from ..rulesets import get_ruleset

VN_ORDER = ("person__sort_given", "person__sort_family", "person__sort_middle", "person__birth_date", "pk")

# The focus groups a list or the board can be narrowed to.
FOCUS_CHOICES = [
    ("ethnic_minority", gettext_lazy("Ethnic minority")),
    ("religious", gettext_lazy("Follows a religion")),
    ("youth_union_member", gettext_lazy("Youth Union member")),
]


def focus_q(focus: str, prefix: str = "") -> Q:
    """Candidates (through ``prefix``) in a focus group of ``FOCUS_CHOICES``."""
    return Q(**{f"{prefix}{focus}": True})


def on_list(day: dt.date) -> Q:
    """Candidacies open on ``day``."""
    return Q(added_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def candidates_for_user(scope: Scope) -> QuerySet[Candidate]:
    """Candidacies of the organizations the user may see."""
    return Candidate.objects.filter(scope.orgs.q("organization_id"))


def get_candidate_for_user_or_404(scope: Scope, candidate_id, *, for_write: bool) -> Candidate:
    """A candidacy in scope; for writing, its branch must be writable by the user."""
    try:
        candidate = candidates_for_user(scope).select_related("person", "organization", "group").get(pk=int(candidate_id))
    except (Candidate.DoesNotExist, TypeError, ValueError):
        raise Http404
    if for_write and not scope.can_write_org(candidate.organization):
        raise Http404
    return candidate


def candidates_on(
    scope: Scope, orgs: OrgSet, day: dt.date, query: str = "", group: SourceGroup | int | None = None, focus: str | None = None
) -> QuerySet[Candidate]:
    """The source lists of ``orgs`` on ``day`` (within the user's scope), in Vietnamese
    alphabetical order, optionally narrowed by a diacritics-insensitive name search, a
    source group or a focus group (``FOCUS_CHOICES``)."""
    qs = Candidate.objects.filter(orgs.q("organization_id"), scope.orgs.q("organization_id"), on_list(day))
    order = list(VN_ORDER)
    if vn_normalize(query):
        qs = qs.filter(name_search_q("person__search_name", query))
        order.insert(0, exact_match_first("person__search_name", query))
    if group:
        qs = qs.filter(group=group)
    if focus in dict(FOCUS_CHOICES):
        qs = qs.filter(focus_q(focus))
    return qs.select_related("person", "organization", "group").order_by(*order)


def open_dossiers_by_person(person_ids) -> dict[int, Dossier]:
    """The dossier in progress (or the newest one) of each person."""
    found: dict[int, Dossier] = {}
    for dossier in Dossier.objects.filter(person_id__in=list(person_ids)).order_by("opened_on", "pk"):
        current = found.get(dossier.person_id)
        if current is None or current.state in FINAL_STATES or dossier.state not in FINAL_STATES:
            found[dossier.person_id] = dossier
    return found


@dataclass
class SourceRow:
    candidate: Candidate
    mentors: list[Member]
    dossier: Dossier | None


def source_rows(candidates: list[Candidate], day: dt.date) -> list[SourceRow]:
    """For the rows of a list on ``day``: the mentors helping then and any dossier."""
    mentorships = (
        Mentorship.objects.filter(candidate__in=candidates, assigned_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .select_related("member__person")
    )
    mentors: dict[int, list[Member]] = {}
    for mentorship in mentorships:
        mentors.setdefault(mentorship.candidate_id, []).append(mentorship.member)
    dossiers = open_dossiers_by_person(c.person_id for c in candidates)
    return [SourceRow(c, mentors.get(c.pk, []), dossiers.get(c.person_id)) for c in candidates]


def review_recorded_on(organization: Organization, year: int) -> dt.date | None:
    """The date of the meeting that reviewed ``organization``'s list for ``year``, if recorded."""
    return SourceReview.objects.filter(year=year, candidate__organization=organization).values_list("reviewed_on", flat=True).first()


def organizations_without_sources(scope: Scope, organization: Organization | None, day: dt.date) -> QuerySet[Organization]:
    """The branches of the subtree (alive on ``day``, within the user's scope) with nobody
    on their source list that day. Without an organization: the user's whole scope."""
    orgs = rollup(organization, day) if organization is not None else scope.orgs
    branches = OrgVersion.objects.filter(valid_on(day), orgs.q("organization_id"), scope.orgs.q("organization_id"), kind__in=BRANCH_KINDS)
    with_sources = Candidate.objects.filter(on_list(day)).values("organization_id")
    return Organization.objects.filter(pk__in=branches.values("organization_id")).exclude(pk__in=with_sources).order_by("path")


def branches_with_counts(scope: Scope, organization: Organization | None, day: dt.date) -> list[tuple[Organization, int]]:
    """The branches of the subtree alive on ``day`` with the size of their list that day."""
    orgs = rollup(organization, day) if organization is not None else scope.orgs
    branch_ids = OrgVersion.objects.filter(valid_on(day), orgs.q("organization_id"), scope.orgs.q("organization_id"), kind__in=BRANCH_KINDS)
    counts = dict(
        Candidate.objects.filter(on_list(day), organization_id__in=branch_ids.values("organization_id"))
        .values_list("organization_id")
        .annotate(n=Count("pk"))
    )
    branches = Organization.objects.filter(pk__in=branch_ids.values("organization_id")).order_by("path")
    return [(branch, counts.get(branch.pk, 0)) for branch in branches]


def writable_branches(scope: Scope, query: str = "") -> QuerySet[Organization]:
    """Active branches whose list the user may change, optionally matching a code or a
    diacritics-insensitive name."""
    if not scope.can_write:
        return Organization.objects.none()
    qs = Organization.objects.filter(scope.orgs.q("id"), kind__in=BRANCH_KINDS, ended_on__isnull=True)
    needle = vn_normalize(query)
    if needle:
        qs = qs.filter(Q(code__iexact=query.strip()) | Q(search_name__contains=needle))
    return qs.order_by("path")


def mentor_choices(scope: Scope, candidate_organization: Organization, day: dt.date) -> QuerySet[Member]:
    """Full members of the grassroots organization of a list, on ``day``, that the user may
    see: those who may be assigned to help its candidates."""
    return members_on(scope, rollup(grassroots_of(candidate_organization), day), day, statuses=(Status.FULL,))


def current_mentorships(candidate: Candidate) -> QuerySet[Mentorship]:
    return candidate.mentorships.select_related("member__person").order_by("assigned_on", "pk")


# --- the candidate's timeline ----------------------------------------------------------


@dataclass
class TimelineRow:
    date: dt.date
    label: str
    link: str = ""
    note: str = ""
    order: int = field(default=0, repr=False)


def url_or_empty(name: str, **kwargs) -> str:
    """The URL of a page another part of the app provides, or "" while it does not exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _dossier_label(dossier: Dossier, action: str, to_state_label: str) -> str:
    if action == "open":
        return _("Admission dossier opened")
    if action == "open_recognition":
        return _("Recognition procedure opened")
    step_action, not_passed = (action[: -len("_not_passed")], True) if action.endswith("_not_passed") else (action, False)
    step = next((s for s in get_ruleset(dossier.ruleset).steps if s.action == step_action), None)
    if step is None:
        return str(to_state_label)
    if not_passed:
        return _("%(step)s: the vote did not reach the threshold") % {"step": step.label}
    return str(step.label)


def candidate_timeline(candidate: Candidate, *, scope: Scope | None = None) -> list[TimelineRow]:
    """Dated events of the person behind a candidacy, oldest first: their time on source
    lists (this one and the others), mentors, yearly reviews, courses, the dossier's
    steps and the milestones of their membership. With a scope, links point only to
    records the user may open."""
    person = candidate.person
    rows: list[TimelineRow] = []

    def add(date, label, link="", note=""):
        if date is not None:
            rows.append(TimelineRow(date, str(label), link, note or "", len(rows)))

    candidacies = list(
        Candidate.objects.filter(person=person)
        .select_related("organization")
        .prefetch_related(Prefetch("mentorships", queryset=Mentorship.objects.select_related("member__person")))
        .prefetch_related(Prefetch("reviews", queryset=SourceReview.objects.order_by("year")))
        .order_by("added_on", "pk")
    )
    for other in candidacies:
        link = "" if other.pk == candidate.pk or (scope is not None and other.organization_id not in scope.orgs) else reverse(
            "recruitment:candidate_detail", kwargs={"candidate_id": other.pk}
        )
        note = other.get_origin_display() + (f": {other.origin_note}" if other.origin_note else "") if other.origin != Origin.FOUND else ""
        add(other.added_on, _("Put on the source list of %(org)s") % {"org": other.organization.name}, link, note)
        for mentorship in other.mentorships.all():
            add(mentorship.assigned_on, _("Mentor assigned: %(name)s") % {"name": mentorship.member.person.full_name})
            add(mentorship.ended_on, _("Mentor stopped helping: %(name)s") % {"name": mentorship.member.person.full_name})
        for review in other.reviews.all():
            add(review.reviewed_on, _("Yearly review of %(year)s: %(outcome)s") % {"year": review.year, "outcome": review.get_outcome_display()},
                note=review.reason)
        if other.ended_on is not None and other.status != CandidateStatus.SOURCE:
            add(other.ended_on, _("%(status)s (%(org)s)") % {"status": other.get_status_display(), "org": other.organization.name},
                note=other.end_reason)

    for enrollment in Enrollment.objects.filter(person=person).select_related("course"):
        course = enrollment.course
        visible = scope is None or course.organization_id in scope.orgs or enrollment.organization_id in scope.orgs
        link = reverse("recruitment:course_detail", kwargs={"course_id": course.pk}) if visible else ""
        add(course.start_on, _("Enrolled in %(course)s") % {"course": course.title}, link, course.get_kind_display())
        add(enrollment.completed_on, _("Completed %(course)s") % {"course": course.title}, link)
        if enrollment.certificate_on:
            add(enrollment.certificate_on, _("Certificate no. %(number)s") % {"number": enrollment.certificate_number}, link, course.get_kind_display())

    for dossier in Dossier.objects.filter(person=person).prefetch_related("events"):
        visible = scope is None or dossier.organization_id in scope.orgs
        link = url_or_empty("recruitment:dossier_detail", dossier_id=dossier.pk) if visible else ""
        for event in dossier.events.all():
            add(event.on, _dossier_label(dossier, event.action, event.get_to_state_display()), link, event.reason)

    member = Member.objects.filter(person=person).first()
    if member is not None:
        visible = scope is None or members_for_user(scope).filter(pk=member.pk).exists()
        link = reverse("members:detail", kwargs={"member_id": member.pk}) if visible else ""
        add(member.admitted_on, _("Admitted to the Party (date of the decision)"), link)
        add(member.ceremony_on, _("Admission ceremony"), link)
        add(member.recognized_on, _("Recognized as a full member"), link)

    return sorted(rows, key=lambda row: (row.date, row.order))
