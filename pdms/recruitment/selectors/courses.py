"""Reads of courses. A course is kept by a committee and visible in its subtree; a user
below or beside it also sees the courses their people attend, with only those people."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from pdms.accounts.scope import Scope
from pdms.members.models import Member, Status
from pdms.members.selectors import members_on
from pdms.organizations.models import Organization, OrgKind
from pdms.organizations.rollup import rollup

from ..models import Candidate, Course, CourseKind, Enrollment
from .sources import candidates_on

PICKER_LIMIT = 30


def courses_for_user(scope: Scope) -> QuerySet[Course]:
    """Courses kept in the user's scope, and courses attended by people their
    organizations sent."""
    if scope.orgs.everything:
        return Course.objects.all()
    attended = Enrollment.objects.filter(scope.orgs.q("organization_id")).values("course_id")
    return Course.objects.filter(scope.orgs.q("organization_id") | Q(pk__in=attended))


def course_keepers(scope: Scope) -> QuerySet[Organization]:
    """Committees (and grassroots branches) the user may write: who keeps a course's record."""
    if not scope.can_write:
        return Organization.objects.none()
    return Organization.objects.filter(scope.orgs.q("id"), ended_on__isnull=True).exclude(kind=OrgKind.BRANCH).order_by("path")


def get_course_for_user_or_404(scope: Scope, course_id, *, for_write: bool) -> Course:
    """A course the user may see; for writing, one kept by an organization they may write."""
    try:
        course = courses_for_user(scope).select_related("organization").get(pk=int(course_id))
    except (Course.DoesNotExist, TypeError, ValueError):
        raise Http404
    if for_write and not scope.can_write_org(course.organization):
        raise Http404
    return course


def enrollments_visible(scope: Scope, course: Course) -> QuerySet[Enrollment]:
    """The people of a course the user may see: all of them in the committee's scope,
    otherwise those sent by the user's organizations."""
    qs = course.enrollments.select_related("person", "organization")
    if course.organization_id not in scope.orgs:
        qs = qs.filter(scope.orgs.q("organization_id"))
    return qs.order_by("person__sort_given", "person__sort_family", "person__sort_middle", "person__birth_date", "pk")


def get_enrollment_for_user_or_404(scope: Scope, enrollment_id, *, for_write: bool) -> Enrollment:
    """An enrollment the user may see; for writing, its course must be writable."""
    try:
        enrollment = Enrollment.objects.select_related("course__organization", "person", "organization").get(pk=int(enrollment_id))
    except (Enrollment.DoesNotExist, TypeError, ValueError):
        raise Http404
    if enrollment.course.organization_id not in scope.orgs and enrollment.organization_id not in scope.orgs:
        raise Http404
    if for_write and not scope.can_write_org(enrollment.course.organization):
        raise Http404
    return enrollment


def courses_list(scope: Scope, *, kind: str = "", year: int | None = None) -> QuerySet[Course]:
    qs = courses_for_user(scope).select_related("organization")
    if kind in CourseKind.values:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(start_on__year=year)
    return qs.order_by("-start_on", "pk")


def _offered(scope: Scope, course: Course, day: dt.date, query: str = ""):
    orgs = rollup(course.organization, day)
    if course.kind == CourseKind.NEW_MEMBER:
        return members_on(scope, orgs, day, query=query, statuses=(Status.PROBATIONARY,))
    return candidates_on(scope, orgs, day, query=query)


def people_to_enroll(scope: Scope, course: Course, query: str, day: dt.date) -> list[Candidate | Member]:
    """Whom the course is for, not yet enrolled, in the course committee's subtree: the
    candidates on the lists (awareness course) or the probationary members (new-member
    course), found by a diacritics-insensitive name search."""
    if not query.strip():
        return []
    return list(_offered(scope, course, day, query).exclude(person_id__in=course.enrollments.values("person_id"))[:PICKER_LIMIT])


def person_to_enroll(scope: Scope, course: Course, person_id: int, day: dt.date) -> Candidate | Member | None:
    """The candidacy or membership through which the course may take this person, if any."""
    return _offered(scope, course, day).filter(person_id=person_id).first()
