"""Courses: Party awareness courses and new-member courses, who attends them, and their
completion with the certificate. Every function is atomic, validated and audited on the
course, for the committee that keeps its record."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pdms.audit.services import audit_record, diff
from pdms.core import dates
from pdms.core.dates import format_date
from pdms.core.errors import DomainError
from pdms.members.models import ACTIVE_STATUSES, Member, Person
from pdms.organizations.models import Organization

from ..models import Candidate, Course, CourseKind, Enrollment

COURSE_FIELDS = ("kind", "title", "organizer", "start_on", "end_on", "target_group")


def _audit(course: Course, *, actor, action: str, changes: dict, reason: str = "") -> None:
    audit_record(
        actor=actor, action=action, obj=course, object_type="course", organization=course.organization, changes=changes, reason=reason
    )


def _check_not_future(on: dt.date, field: str) -> None:
    if on > dates.today():
        raise DomainError(_("The date %(date)s is in the future.") % {"date": format_date(on)}, field=field)


def _clean_course(values: dict) -> dict:
    values = {**values, "title": " ".join((values["title"] or "").split()), "organizer": " ".join((values["organizer"] or "").split()),
              "target_group": " ".join((values["target_group"] or "").split())}
    if values["kind"] not in CourseKind.values:
        raise DomainError(_("Choose the kind of course."), field="kind")
    if not values["title"]:
        raise DomainError(_("Give the title of the course."), field="title")
    if not values["organizer"]:
        raise DomainError(_("Say who organizes the course."), field="organizer")
    if values["end_on"] < values["start_on"]:
        raise DomainError(
            _("The course cannot end (%(end)s) before it starts (%(start)s).")
            % {"end": format_date(values["end_on"]), "start": format_date(values["start_on"])},
            field="end_on",
        )
    return values


@transaction.atomic
def course_create(
    *, kind: str, title: str, organizer: str, organization: Organization, start_on: dt.date, end_on: dt.date, target_group: str = "", actor
) -> Course:
    """Record a course kept by ``organization``; it may be planned ahead."""
    if organization.ended_on is not None:
        raise DomainError(_("%(org)s has been dissolved.") % {"org": organization.name}, field="organization")
    values = _clean_course({"kind": kind, "title": title, "organizer": organizer, "start_on": start_on, "end_on": end_on, "target_group": target_group})
    course = Course.objects.create(organization=organization, **values)
    _audit(course, actor=actor, action="course.create", changes=diff({}, {"organization": organization.code, **values}))
    return course


@transaction.atomic
def course_update(*, course: Course, actor, reason: str = "", **fields) -> Course:
    """Correct the kind, title, organizer, dates or target group of a course. The dates
    may not move past a completion already recorded."""
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"course_update() cannot change {', '.join(sorted(unknown))}")
    course = Course.objects.select_for_update().select_related("organization").get(pk=course.pk)
    before = {name: getattr(course, name) for name in COURSE_FIELDS}
    values = _clean_course({**before, **fields})
    early = course.enrollments.filter(completed_on__lt=values["start_on"]).select_related("person").first()
    if early is not None:
        raise DomainError(
            _("%(name)s completed the course on %(date)s; it cannot start after that.")
            % {"name": early.person.full_name, "date": format_date(early.completed_on)},
            field="start_on",
        )
    if values["kind"] != course.kind and course.enrollments.filter(certificate_on__isnull=False).exists():
        raise DomainError(_("Certificates of this course are recorded; its kind can no longer be changed."), field="kind")
    changes = diff(before, values)
    if not changes:
        return course
    for name, value in values.items():
        setattr(course, name, value)
    course.save(update_fields=list(COURSE_FIELDS))
    _audit(course, actor=actor, action="course.update", changes=changes, reason=reason)
    return course


def sending_organization(person: Person) -> Organization | None:
    """Where a person stands: the branch of their open candidacy, else their organization
    as an active member."""
    candidacy = Candidate.objects.filter(person=person, ended_on__isnull=True).select_related("organization").first()
    if candidacy is not None:
        return candidacy.organization
    member = Member.objects.filter(person=person, status__in=ACTIVE_STATUSES).select_related("organization").first()
    return member.organization if member is not None else None


@transaction.atomic
def enrollment_add(*, course: Course, person: Person, actor, organization: Organization | None = None) -> Enrollment:
    """Enroll a person in a course, sent by ``organization`` (by default the branch of
    their candidacy or their member organization)."""
    course = Course.objects.select_for_update().select_related("organization").get(pk=course.pk)
    name = person.full_name
    if Enrollment.objects.filter(course=course, person=person).exists():
        raise DomainError(_("%(name)s is already enrolled in “%(course)s”.") % {"name": name, "course": course.title}, field="person")
    if organization is None:
        organization = sending_organization(person)
        if organization is None:
            raise DomainError(
                _("%(name)s is neither on a source list nor an active member; say which organization sends them.") % {"name": name},
                field="organization",
            )
    if organization.ended_on is not None:
        raise DomainError(_("%(org)s has been dissolved.") % {"org": organization.name}, field="organization")
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(course=course, person=person, organization=organization)
    except IntegrityError:
        raise DomainError(_("%(name)s is already enrolled in “%(course)s”.") % {"name": name, "course": course.title}, field="person")
    _audit(course, actor=actor, action="course.enroll", changes={"enrolled": [None, name], "sent_by": [None, organization.code]})
    return enrollment


@transaction.atomic
def enrollment_complete(
    *, enrollment: Enrollment, completed_on: dt.date, certificate_number: str = "", certificate_on: dt.date | None = None, actor
) -> Enrollment:
    """Record that the person completed the course and, when issued, the certificate."""
    enrollment = Enrollment.objects.select_for_update().select_related("course__organization", "person").get(pk=enrollment.pk)
    course, name = enrollment.course, enrollment.person.full_name
    certificate_number = (certificate_number or "").strip()
    _check_not_future(completed_on, "completed_on")
    if completed_on < course.start_on:
        raise DomainError(
            _("%(name)s cannot complete “%(course)s” on %(date)s, before it starts on %(start)s.")
            % {"name": name, "course": course.title, "date": format_date(completed_on), "start": format_date(course.start_on)},
            field="completed_on",
        )
    if certificate_on is None and certificate_number:
        raise DomainError(_("Give the date of certificate %(number)s.") % {"number": certificate_number}, field="certificate_on")
    if certificate_on is not None:
        if not certificate_number:
            raise DomainError(_("Give the number of the certificate of %(name)s.") % {"name": name}, field="certificate_number")
        _check_not_future(certificate_on, "certificate_on")
        if certificate_on < completed_on:
            raise DomainError(
                _("The certificate of %(name)s cannot be dated %(date)s, before the course was completed (%(completed)s).")
                % {"name": name, "date": format_date(certificate_on), "completed": format_date(completed_on)},
                field="certificate_on",
            )
    before = {"completed_on": enrollment.completed_on, "certificate_number": enrollment.certificate_number, "certificate_on": enrollment.certificate_on}
    enrollment.completed_on, enrollment.certificate_number, enrollment.certificate_on = completed_on, certificate_number, certificate_on
    changes = diff(before, {"completed_on": completed_on, "certificate_number": certificate_number, "certificate_on": certificate_on})
    if changes:
        enrollment.save(update_fields=["completed_on", "certificate_number", "certificate_on"])
        _audit(course, actor=actor, action="course.complete", changes={"enrollee": [None, name], **changes})
    return enrollment


@transaction.atomic
def enrollment_remove(*, enrollment: Enrollment, actor, reason: str = "") -> None:
    """Take a person off a course. Once a completion is recorded this corrects a mistake,
    so the reason is required."""
    enrollment = Enrollment.objects.select_for_update().select_related("course__organization", "person").get(pk=enrollment.pk)
    name = enrollment.person.full_name
    if enrollment.completed_on is not None and not (reason or "").strip():
        raise DomainError(
            _("%(name)s completed the course on %(date)s; give the reason for removing them.")
            % {"name": name, "date": format_date(enrollment.completed_on)},
            field="reason",
        )
    course = enrollment.course
    changes = {"enrolled": [name, None]}
    if enrollment.certificate_number:
        changes["certificate_number"] = [enrollment.certificate_number, None]
    enrollment.delete()
    _audit(course, actor=actor, action="course.unenroll", changes=changes, reason=reason)
