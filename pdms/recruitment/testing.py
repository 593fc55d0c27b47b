"""Builders for tests, the demo and the browser tests: candidates, certificates and a
dossier made ready for the branch's vote, through the real services where they exist."""

import datetime as dt

from pdms.core.testing import citizen_id_for
from pdms.members.models import Member, Person
from pdms.members.services import person_build
from pdms.core.testing import person as person_data
from pdms.organizations.models import Organization

from .models import Candidate, Course, CourseKind, Dossier, EducationLevel, Enrollment, SourceGroup, SponsorKind, VerificationResult
from .rulesets import ADMISSION_DOCUMENTS, RECOGNITION_DOCUMENTS
from .services.dossiers import dossier_document_receive, dossier_open, sponsor_add, verification_record

D = dt.date


def make_candidate(
    org: Organization, full_name: str, *, born=D(2000, 5, 10), sex="male", added=D(2024, 1, 15),
    education=EducationLevel.UPPER_SECONDARY, group="doan-thanh-nien", youth_union_member=True,
) -> Candidate:
    person = person_build(person_data(full_name, born, sex), citizen_id_for(born, sex))
    person.save()
    # Transactional tests flush the groups the data migration made.
    source_group, _ = SourceGroup.objects.get_or_create(code=group, defaults={"name": group})
    return Candidate.objects.create(
        person=person, organization=org, group=source_group, education_level=education,
        youth_union_member=youth_union_member, added_on=added,
    )


def make_certificate(person: Person, org: Organization, *, on: dt.date, kind=CourseKind.AWARENESS, number="CN-01") -> Enrollment:
    course = Course.objects.create(
        kind=kind, title=f"Lớp {kind} {on.year}", organizer="Trung tâm Chính trị", organization=org,
        start_on=on - dt.timedelta(days=5), end_on=on - dt.timedelta(days=1),
    )
    return Enrollment.objects.create(course=course, person=person, organization=org, completed_on=on - dt.timedelta(days=1),
                                     certificate_number=number, certificate_on=on)


def ready_dossier(candidate: Candidate, sponsors: list[Member], *, opened=D(2026, 3, 2), known_since=D(2023, 1, 1), certificate_on=D(2025, 12, 1)) -> Dossier:
    """A dossier with every form, two member sponsors, a satisfactory verification and a
    valid awareness certificate: ready for the branch's vote."""
    make_certificate(candidate.person, candidate.organization, on=certificate_on)
    dossier = dossier_open(candidate=candidate, opened_on=opened, actor=None)
    for kind in ADMISSION_DOCUMENTS:
        dossier_document_receive(dossier=dossier, kind=kind, received_on=opened, actor=None)
    for sponsor in sponsors:
        sponsor_add(dossier=dossier, kind=SponsorKind.MEMBER, member=sponsor, known_since=known_since, actor=None)
    verification_record(dossier=dossier, on=opened + dt.timedelta(days=20), result=VerificationResult.SATISFACTORY, actor=None)
    dossier.refresh_from_db()
    return dossier


def receive_recognition_documents(dossier: Dossier, on: dt.date) -> None:
    for kind in RECOGNITION_DOCUMENTS:
        dossier_document_receive(dossier=dossier, kind=kind, received_on=on, actor=None)
