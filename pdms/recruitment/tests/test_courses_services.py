"""Courses through their services: recording a course, enrolling people, completion and
certificates, each checked and audited on the course."""

import datetime as dt

import pytest

from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError
from pdms.core.testing import person
from pdms.members.services import person_build
from pdms.organizations.models import OrgKind
from pdms.organizations.services import organization_dissolve, organization_found
from pdms.recruitment.eligibility import valid_certificate
from pdms.recruitment.models import CourseKind, EducationLevel, Enrollment, SourceGroup
from pdms.recruitment.rulesets import get_ruleset
from pdms.recruitment.services import courses as services
from pdms.recruitment.services.sources import candidate_add

D = dt.date
pytestmark = pytest.mark.django_db


def create(org, **overrides):
    values = {
        "kind": CourseKind.AWARENESS, "title": "Lớp bồi dưỡng nhận thức về Đảng khóa 1/2026", "organizer": "Trung tâm Chính trị xã",
        "organization": org, "start_on": D(2026, 3, 2), "end_on": D(2026, 3, 6), "target_group": "Quần chúng ưu tú", "actor": None,
    }
    return services.course_create(**(values | overrides))


@pytest.fixture
def course(tree):
    return create(tree.commune_a)


@pytest.fixture
def candidate(tree):
    return candidate_add(organization=tree.branch_a2, person=person("Lò Văn Pấng", D(1998, 2, 3)), group=SourceGroup.objects.get(code="cong-doan"),
                         education_level=EducationLevel.UPPER_SECONDARY, added_on=D(2025, 6, 1), actor=None)


def test_a_course_is_recorded_and_audited_for_its_committee(tree, course):
    entry = AuditEntry.objects.get(object_type="course", object_id=course.pk, action="course.create")
    assert entry.organization == tree.commune_a and entry.changes["organization"] == [None, "X01"]


@pytest.mark.parametrize(
    "overrides, field, mentions",
    [
        ({"end_on": D(2026, 3, 1)}, "end_on", "01/03/2026"),
        ({"title": "  "}, "title", ""),
        ({"organizer": ""}, "organizer", ""),
        ({"kind": "other"}, "kind", ""),
    ],
)
def test_a_course_needs_a_title_an_organizer_and_dates_in_order(tree, overrides, field, mentions):
    with pytest.raises(DomainError) as err:
        create(tree.commune_a, **overrides)
    assert err.value.field == field and mentions in err.value.message


def test_a_dissolved_committee_records_no_course(tree):
    branch = organization_found(code="C0109", name="Chi bộ cũ", kind=OrgKind.BRANCH, parent=tree.commune_a, founded_on=D(2020, 1, 1), actor=None)
    organization_dissolve(organization=branch, on=D(2026, 1, 1), actor=None)
    branch.refresh_from_db()
    with pytest.raises(DomainError) as err:
        create(branch)
    assert "Chi bộ cũ" in err.value.message


def test_a_course_may_be_planned_ahead(tree):
    assert create(tree.commune_a, start_on=D(2027, 1, 4), end_on=D(2027, 1, 8)).start_on == D(2027, 1, 4)


def test_enrollment_defaults_to_where_the_person_stands(tree, course, candidate):
    enrollment = services.enrollment_add(course=course, person=candidate.person, actor=None)
    assert enrollment.organization == tree.branch_a2
    new_member = services.enrollment_add(course=course, person=tree.members["anh"].person, actor=None)
    assert new_member.organization == tree.branch_a1
    entry = AuditEntry.objects.filter(object_type="course", object_id=course.pk, action="course.enroll").first()
    assert entry.organization == tree.commune_a and entry.changes["enrolled"][1] in ("Lò Văn Pấng", "Lê Thị Ánh")


def test_the_same_person_is_enrolled_once(course, candidate):
    services.enrollment_add(course=course, person=candidate.person, actor=None)
    with pytest.raises(DomainError) as err:
        services.enrollment_add(course=course, person=candidate.person, actor=None)
    assert "Lò Văn Pấng" in err.value.message and course.title in err.value.message


def test_someone_on_no_list_needs_the_sending_organization(tree, course):
    stranger = person_build(person("Vi Văn Lạ", D(1990, 1, 1)), person("Vi Văn Lạ", D(1990, 1, 1)).citizen_id)
    stranger.save()
    with pytest.raises(DomainError) as err:
        services.enrollment_add(course=course, person=stranger, actor=None)
    assert "Vi Văn Lạ" in err.value.message and err.value.field == "organization"
    assert services.enrollment_add(course=course, person=stranger, actor=None, organization=tree.branch_a1).organization == tree.branch_a1


def test_completion_and_certificate_dates_are_checked(tree, course, candidate):
    enrollment = services.enrollment_add(course=course, person=candidate.person, actor=None)

    def complete(**kwargs):
        values = {"completed_on": D(2026, 3, 6), "certificate_number": "CN-12", "certificate_on": D(2026, 3, 20)} | kwargs
        return services.enrollment_complete(enrollment=enrollment, actor=None, **values)

    for kwargs, field, mentions in (
        ({"completed_on": D(2026, 3, 1)}, "completed_on", "02/03/2026"),
        ({"completed_on": D(2026, 12, 1)}, "completed_on", "01/12/2026"),
        ({"certificate_on": D(2026, 3, 5)}, "certificate_on", "06/03/2026"),
        ({"certificate_on": D(2026, 12, 1)}, "certificate_on", "01/12/2026"),
        ({"certificate_on": None}, "certificate_on", "CN-12"),
        ({"certificate_number": " "}, "certificate_number", "Lò Văn Pấng"),
    ):
        with pytest.raises(DomainError) as err:
            complete(**kwargs)
        assert err.value.field == field and mentions in err.value.message
    # Completed after the course ended (a make-up session) is accepted.
    complete(completed_on=D(2026, 3, 13))
    enrollment.refresh_from_db()
    assert (enrollment.completed_on, enrollment.certificate_number, enrollment.certificate_on) == (D(2026, 3, 13), "CN-12", D(2026, 3, 20))
    entry = AuditEntry.objects.get(object_type="course", action="course.complete")
    assert entry.changes["certificate_number"] == ["", "CN-12"] and entry.changes["enrollee"] == [None, "Lò Văn Pấng"]
    assert valid_certificate(candidate.person_id, D(2026, 11, 23), get_ruleset("2025")) == enrollment


def test_a_completion_without_a_certificate_yet_is_accepted(course, candidate):
    enrollment = services.enrollment_add(course=course, person=candidate.person, actor=None)
    services.enrollment_complete(enrollment=enrollment, completed_on=D(2026, 3, 6), actor=None)
    enrollment.refresh_from_db()
    assert enrollment.completed_on == D(2026, 3, 6) and enrollment.certificate_on is None


def test_a_course_cannot_be_moved_past_a_recorded_completion(course, candidate):
    enrollment = services.enrollment_add(course=course, person=candidate.person, actor=None)
    services.enrollment_complete(enrollment=enrollment, completed_on=D(2026, 3, 6), certificate_number="CN-1", certificate_on=D(2026, 3, 6), actor=None)
    with pytest.raises(DomainError) as err:
        services.course_update(course=course, actor=None, start_on=D(2026, 3, 9), end_on=D(2026, 3, 13))
    assert "Lò Văn Pấng" in err.value.message and "06/03/2026" in err.value.message
    with pytest.raises(DomainError):
        services.course_update(course=course, actor=None, kind=CourseKind.NEW_MEMBER)
    services.course_update(course=course, actor=None, reason="Sửa tên", title="Lớp nhận thức khóa 1")
    assert AuditEntry.objects.get(action="course.update").changes["title"][1] == "Lớp nhận thức khóa 1"


def test_taking_off_a_course_after_completion_needs_a_reason(course, candidate):
    enrollment = services.enrollment_add(course=course, person=candidate.person, actor=None)
    services.enrollment_complete(enrollment=enrollment, completed_on=D(2026, 3, 6), actor=None)
    with pytest.raises(DomainError) as err:
        services.enrollment_remove(enrollment=enrollment, actor=None)
    assert "Lò Văn Pấng" in err.value.message
    services.enrollment_remove(enrollment=enrollment, actor=None, reason="Nhập nhầm người")
    assert not Enrollment.objects.exists()
    assert AuditEntry.objects.get(action="course.unenroll").reason == "Nhập nhầm người"
