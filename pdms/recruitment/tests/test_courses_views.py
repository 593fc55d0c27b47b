"""A course in the browser: the commune records it, finds and enrolls its candidates,
records completions and certificates; branches see their own people; nobody else does."""

import datetime as dt

import pytest
from django.urls import reverse

from pdms.core.testing import person
from pdms.recruitment.models import Course, EducationLevel, Enrollment, SourceGroup
from pdms.recruitment.selectors.sources import candidate_timeline
from pdms.recruitment.services.courses import course_create, enrollment_add
from pdms.recruitment.services.sources import candidate_add

D = dt.date
pytestmark = pytest.mark.django_db


def add(org, name, *, born=D(2000, 5, 10)):
    return candidate_add(organization=org, person=person(name, born), group=SourceGroup.objects.get(code="doan-thanh-nien"),
                         education_level=EducationLevel.UPPER_SECONDARY, added_on=D(2025, 3, 1), actor=None)


@pytest.fixture
def people(tree):
    return {"tam": add(tree.branch_a1, "Nguyễn Văn Tâm"), "son": add(tree.branch_a2, "Bùi Văn Sơn"), "kon": add(tree.branch_b1, "Y Văn Kôn")}


def url(name, **kwargs):
    return reverse(f"recruitment:{name}", kwargs=kwargs)


def test_the_commune_runs_a_course_from_enrollment_to_certificate(client, tree, commune_officer, people):
    client.force_login(commune_officer)
    assert client.get(url("course_add")).status_code == 200
    response = client.post(url("course_add"), {
        "organization": tree.commune_a.pk, "kind": "awareness", "title": "Lớp nhận thức về Đảng khóa 2/2026",
        "organizer": "Trung tâm Chính trị xã", "start_on": "02/11/2026", "end_on": "06/11/2026", "target_group": "Quần chúng ưu tú",
    })
    course = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == url("course_detail", course_id=course.pk)
    assert course.organization == tree.commune_a

    page = client.get(url("course_detail", course_id=course.pk), {"q": "nguyen van"})
    assert [offer.person.full_name for offer in page.context["found"]] == ["Nguyễn Văn Tâm"]
    page = client.get(url("course_detail", course_id=course.pk), {"q": "van"}, headers={"HX-Request": "true", "HX-Target": "found"})
    assert page.templates[0].name == "recruitment/courses/_found.html"
    assert {offer.person.full_name for offer in page.context["found"]} == {"Nguyễn Văn Tâm", "Bùi Văn Sơn"}

    tam = people["tam"]
    assert client.post(url("enrollment_add", course_id=course.pk), {"person": tam.person_id}).status_code == 302
    enrollment = Enrollment.objects.get()
    assert (enrollment.person, enrollment.organization) == (tam.person, tree.branch_a1)
    # Once enrolled, the person is no longer offered; a candidate of the other commune never is.
    assert client.get(url("course_detail", course_id=course.pk), {"q": "tam"}).context["found"] == []
    assert client.post(url("enrollment_add", course_id=course.pk), {"person": people["kon"].person_id}).status_code == 404

    response = client.post(url("enrollment_complete", enrollment_id=enrollment.pk), {"completed_on": "06/11/2026", "certificate_number": "CN-2026-15", "certificate_on": "01/11/2026"})
    assert response.status_code == 200 and "06/11/2026" in str(response.context["form"].errors)
    response = client.post(url("enrollment_complete", enrollment_id=enrollment.pk), {"completed_on": "06/11/2026", "certificate_number": "CN-2026-15", "certificate_on": "10/11/2026"})
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert (enrollment.completed_on, enrollment.certificate_number, enrollment.certificate_on) == (D(2026, 11, 6), "CN-2026-15", D(2026, 11, 10))
    body = client.get(url("course_detail", course_id=course.pk)).content.decode()
    assert "CN-2026-15" in body and "10/11/2026" in body
    assert any("CN-2026-15" in row.label for row in candidate_timeline(tam))

    assert client.post(url("enrollment_remove", enrollment_id=enrollment.pk), {"reason": ""}).status_code == 200
    assert client.post(url("enrollment_remove", enrollment_id=enrollment.pk), {"reason": "Nhập nhầm"}).status_code == 302
    assert not Enrollment.objects.exists()


def test_a_new_member_course_offers_probationary_members(client, tree, commune_officer, people):
    course = course_create(kind="new_member", title="Lớp đảng viên mới 2026", organizer="Trung tâm", organization=tree.commune_a,
                           start_on=D(2026, 10, 5), end_on=D(2026, 10, 9), actor=None)
    client.force_login(commune_officer)
    found = client.get(url("course_detail", course_id=course.pk), {"q": "le thi"}).context["found"]
    assert [offer.person.full_name for offer in found] == ["Lê Thị Ánh"]
    assert client.get(url("course_detail", course_id=course.pk), {"q": "nguyen van"}).context["found"] == []
    assert client.post(url("enrollment_add", course_id=course.pk), {"person": tree.members["anh"].person_id}).status_code == 302


@pytest.fixture
def course(tree, people):
    course = course_create(kind="awareness", title="Lớp nhận thức xã Hà Mòn", organizer="Trung tâm", organization=tree.commune_a,
                           start_on=D(2026, 3, 2), end_on=D(2026, 3, 6), actor=None)
    enrollment_add(course=course, person=people["tam"].person, actor=None)
    enrollment_add(course=course, person=people["son"].person, actor=None)
    return course


def test_a_branch_sees_the_course_with_its_own_people_only_and_cannot_change_it(client, tree, secretary, course):
    client.force_login(secretary)
    assert course in client.get(url("courses")).context["courses"]
    page = client.get(url("course_detail", course_id=course.pk))
    assert page.status_code == 200 and not page.context["can_write"]
    body = page.content.decode()
    assert "Nguyễn Văn Tâm" in body and "Bùi Văn Sơn" not in body
    assert client.get(url("course_edit", course_id=course.pk)).status_code == 404
    for enrollment in course.enrollments.all():
        assert client.get(url("enrollment_complete", enrollment_id=enrollment.pk)).status_code == 404
        assert client.post(url("enrollment_remove", enrollment_id=enrollment.pk), {"reason": "x"}).status_code == 404
    son = course.enrollments.get(person__given_name="Sơn")
    assert client.get(url("enrollment_complete", enrollment_id=son.pk)).status_code == 404


def test_a_viewer_reads_courses_but_cannot_record_them(client, tree, viewer, course):
    client.force_login(viewer)
    page = client.get(url("course_detail", course_id=course.pk))
    assert page.status_code == 200 and not page.context["can_write"]
    assert url("course_edit", course_id=course.pk) not in page.content.decode()
    assert client.get(url("course_add")).status_code == 404
    assert client.post(url("enrollment_add", course_id=course.pk), {"person": 1}).status_code == 404
    assert url("course_add") not in client.get(url("courses")).content.decode()


def test_an_outsider_gets_404_for_the_course_and_its_people(client, tree, outsider, course):
    client.force_login(outsider)
    assert client.get(url("course_detail", course_id=course.pk)).status_code == 404
    assert course not in client.get(url("courses")).context["courses"]
    for enrollment in course.enrollments.all():
        assert client.get(url("enrollment_complete", enrollment_id=enrollment.pk)).status_code == 404


def test_the_course_can_be_corrected_by_its_committee(client, tree, commune_officer, course):
    client.force_login(commune_officer)
    response = client.post(url("course_edit", course_id=course.pk), {
        "kind": "awareness", "title": "Lớp nhận thức khóa 1/2026", "organizer": "Trung tâm Chính trị", "start_on": "02/03/2026",
        "end_on": "01/03/2026", "reason": "",
    })
    assert response.status_code == 200 and "01/03/2026" in str(response.context["form"].errors)
    response = client.post(url("course_edit", course_id=course.pk), {
        "kind": "awareness", "title": "Lớp nhận thức khóa 1/2026", "organizer": "Trung tâm Chính trị", "start_on": "02/03/2026",
        "end_on": "06/03/2026", "reason": "Sửa tên",
    })
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "Lớp nhận thức khóa 1/2026"
    assert client.get(url("course_detail", course_id=course.pk)).context["history"]
