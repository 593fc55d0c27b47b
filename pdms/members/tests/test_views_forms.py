"""The forms that change a member: each works, each refuses bad input with a message on
the form, and nothing is written when it refuses."""

import datetime as dt

import pytest
from django.urls import reverse

from pdms.audit.models import AuditEntry
from pdms.core.testing import citizen_id_for
from pdms.members.models import Member, Person, Status

D = dt.date
REGISTER = reverse("members:register")


def url(name, member) -> str:
    return reverse(f"members:{name}", args=[member.pk])


def errors(response) -> dict:
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


def registration(**overrides) -> dict:
    data = {
        "organization": "C0102",
        "full_name": "Hồ  Thị Minh  Khai",
        "birth_date": "15/08/1992",
        "sex": "female",
        "citizen_id": citizen_id_for(D(1992, 8, 15), "female", "062"),
        "ethnicity": "Xơ Đăng",
        "religion": "Không",
        "hometown": "Đắk Hà, Kon Tum",
        "education": "12/12",
        "admitted_on": "03/02/2024",
        "ceremony_on": "10/02/2024",
        "recognized_on": "03/02/2025",
        "card_number": "62001234",
        "reason": "Nhập từ hồ sơ giấy",
    }
    return data | overrides


@pytest.fixture
def officer(client, commune_officer):
    client.force_login(commune_officer)
    return commune_officer


# --- registration -----------------------------------------------------------------------


def test_registering_creates_the_member_and_opens_their_page(client, tree, officer):
    response = client.post(REGISTER, registration(), follow=True)
    member = Member.objects.get(person__given_name="Khai")
    assert response.redirect_chain[-1][0] == url("detail", member)
    person = member.person
    assert (person.family_name, person.middle_name, person.given_name) == ("Hồ", "Thị Minh", "Khai")
    assert member.organization == tree.branch_a2 and member.status == Status.FULL and member.card_number == "62001234"
    assert (member.admitted_on, member.ceremony_on, member.recognized_on) == (D(2024, 2, 3), D(2024, 2, 10), D(2025, 2, 3))
    assert AuditEntry.objects.get(object_id=member.pk, action="member.register").actor == officer
    assert "Đã đăng ký Hồ Thị Minh Khai là đảng viên của Chi bộ thôn 2." in response.content.decode()


def test_registering_without_recognition_makes_a_probationary_member(client, tree, officer):
    client.post(REGISTER, registration(recognized_on=""))
    assert Member.objects.get(person__given_name="Khai").status == Status.PROBATIONARY


def test_the_registration_form_suggests_the_organization_of_the_list(client, tree, officer):
    response = client.get(REGISTER, {"org": tree.branch_a2.pk})
    assert response.context["form"].initial["organization"] == "C0102"
    assert client.get(REGISTER, {"org": tree.branch_b1.pk}).context["form"].initial["organization"] == "X01"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"admitted_on": "01/12/2026"}, "admitted_on"),  # in the future
        ({"recognized_on": "01/01/2024"}, "recognized_on"),  # before the admission
        ({"birth_date": "31/02/1992"}, "birth_date"),  # not a date
        ({"citizen_id": "12345"}, "citizen_id"),
        ({"citizen_id": "062092000001"}, "citizen_id"),  # a man's century digit for a woman
        ({"full_name": "  "}, "full_name"),
        ({"organization": "C0201"}, "organization"),  # another commune
        ({"organization": "ZZZ"}, "organization"),
    ],
)
def test_registering_refuses_bad_input(client, tree, officer, overrides, field):
    response = client.post(REGISTER, registration(**overrides))
    assert field in errors(response)
    assert not Person.objects.filter(given_name="Khai").exists()


def test_registering_refuses_a_citizen_id_that_is_already_registered(client, tree, officer):
    an = tree.members["an"].person
    response = client.post(REGISTER, registration(sex="male", birth_date="01/01/1990", citizen_id=an.citizen_id))
    assert "citizen_id" in errors(response)
    assert Person.objects.filter(citizen_id_hash=an.citizen_id_hash).count() == 1


def test_a_secretary_registers_only_into_their_branch(client, tree, secretary):
    client.force_login(secretary)
    assert "organization" in errors(client.post(REGISTER, registration(organization="C0102")))
    assert client.post(REGISTER, registration(organization="C0101")).status_code == 302


# --- personal data ----------------------------------------------------------------------


def test_correcting_personal_data_keeps_the_citizen_id_when_left_blank(client, tree, officer):
    an = tree.members["an"]
    number = an.person.citizen_id
    form = client.get(url("edit", an))
    assert form.context["form"].initial["full_name"] == "Nguyễn Văn An"
    assert number not in form.content.decode()
    data = {"full_name": "Nguyễn Văn An", "birth_date": "01/01/1990", "sex": "male", "citizen_id": ""}
    data |= {"hometown": "Hà Mòn", "reason": "Sai quê quán"}
    assert client.post(url("edit", an), data).status_code == 302
    an.person.refresh_from_db()
    assert an.person.hometown == "Hà Mòn" and an.person.citizen_id == number
    entry = AuditEntry.objects.get(object_id=an.pk, action="member.update")
    assert entry.changes["hometown"] == ["", "Hà Mòn"] and entry.reason == "Sai quê quán"


def test_correcting_personal_data_refuses_an_invalid_or_taken_citizen_id(client, tree, officer):
    an, dat = tree.members["an"], tree.members["dat"]
    data = {"full_name": "Nguyễn Văn An", "birth_date": "01/01/1990", "sex": "male"}
    assert "citizen_id" in errors(client.post(url("edit", an), data | {"citizen_id": "0011900000"}))
    assert "citizen_id" in errors(client.post(url("edit", an), data | {"citizen_id": dat.person.citizen_id}))
    assert not AuditEntry.objects.filter(object_id=an.pk, action="member.update").exists()


def test_a_correction_that_no_longer_fits_the_stored_citizen_id_does_not_reveal_it(client, tree, officer):
    an = tree.members["an"]
    data = {"full_name": "Nguyễn Văn An", "birth_date": "01/01/1991", "sex": "male", "citizen_id": ""}
    response = client.post(url("edit", an), data)
    assert "citizen_id" in errors(response)
    assert an.person.citizen_id not in response.content.decode()
    an.person.refresh_from_db()
    assert an.person.birth_date == D(1990, 1, 1)


# --- recognition ------------------------------------------------------------------------


def test_recognizing_makes_a_probationary_member_full(client, tree, officer):
    anh = tree.members["anh"]
    response = client.post(url("recognize", anh), {"on": "20/11/2026"}, follow=True)
    anh.refresh_from_db()
    assert anh.status == Status.FULL and anh.recognized_on == D(2026, 11, 20)
    assert "Lê Thị Ánh là đảng viên chính thức từ ngày 20/11/2026." in response.content.decode()


@pytest.mark.parametrize(
    "member, on",
    [
        ("anh", "24/11/2026"),  # in the future
        ("anh", "01/11/2025"),  # before the admission
        ("an", "20/11/2026"),  # already a full member
    ],
)
def test_recognizing_refuses_bad_input(client, tree, officer, member, on):
    target = tree.members[member]
    response = client.post(url("recognize", target), {"on": on})
    assert errors(response)
    target.refresh_from_db()
    assert target.status == tree.members[member].status


# --- temporary transfer -----------------------------------------------------------------


def test_a_temporary_transfer_is_recorded_with_a_host_outside_the_scope(client, tree, officer):
    an = tree.members["an"]
    data = {"host": "c0201", "start_on": "01/11/2026", "end_on": "30/04/2027", "reason": "Đi học"}
    assert client.post(url("temporary", an), data).status_code == 302
    transfer = an.temporary_transfers.get()
    assert transfer.host == tree.branch_b1 and transfer.end_on == D(2027, 4, 30)
    assert an.status == Status.FULL and an.organization == tree.branch_a1


def test_a_temporary_transfer_can_name_a_host_outside_the_system(client, tree, officer):
    an = tree.members["an"]
    data = {"host_name": "Chi bộ Trường Chính trị tỉnh", "start_on": "01/11/2026", "end_on": "01/03/2027"}
    assert client.post(url("temporary", an), data).status_code == 302
    assert an.temporary_transfers.get().host_name == "Chi bộ Trường Chính trị tỉnh"


@pytest.mark.parametrize(
    "data",
    [
        {"host_name": "Nơi khác", "start_on": "01/11/2026", "end_on": "01/10/2026"},  # ends before it starts
        {"host_name": "Nơi khác", "start_on": "01/12/2026", "end_on": "01/03/2027"},  # starts in the future
        {"host": "C0201", "host_name": "Nơi khác", "start_on": "01/11/2026", "end_on": "01/03/2027"},  # both
        {"start_on": "01/11/2026", "end_on": "01/03/2027"},  # neither
        {"host": "ZZZ", "start_on": "01/11/2026", "end_on": "01/03/2027"},
        {"host": "C0101", "start_on": "01/11/2026", "end_on": "01/03/2027"},  # the member's own branch
    ],
)
def test_a_temporary_transfer_refuses_bad_input(client, tree, officer, data):
    an = tree.members["an"]
    assert errors(client.post(url("temporary", an), data))
    assert not an.temporary_transfers.exists()


# --- end of membership ------------------------------------------------------------------


def test_a_death_is_its_own_action_apart_from_leaving_the_party(client, tree, officer):
    an = tree.members["an"]
    page = client.get(reverse("members:detail", args=[an.pk])).content.decode()
    assert f'href="{url("death", an)}">Từ trần</a>' in page
    assert "status" in errors(client.post(url("end", an), {"status": "deceased", "on": "10/11/2026"}))
    response = client.post(url("death", an), {"on": "10/11/2026"})
    assert response.status_code == 302
    an.refresh_from_db()
    assert an.status == Status.DECEASED
    assert an.periods.get(valid_to__isnull=True).valid_from == D(2026, 11, 10)
    entry = AuditEntry.objects.get(action="member.end", object_id=an.pk)
    assert entry.actor == officer and entry.changes["status"] == ["full", "deceased"]


def test_removal_from_the_rolls_needs_a_reason(client, tree, officer):
    an = tree.members["an"]
    assert "reason" in errors(client.post(url("end", an), {"status": "removed", "on": "10/11/2026", "reason": " "}))
    decided = {"status": "removed", "on": "10/11/2026", "reason": "Nghị quyết 12-NQ/CB: bỏ sinh hoạt"}
    assert client.post(url("end", an), decided).status_code == 302
    an.refresh_from_db()
    assert an.status == Status.REMOVED


def test_ending_refuses_an_inactive_member_a_future_date_and_a_date_before_the_current_state(client, tree, officer):
    an = tree.members["an"]
    assert "on" in errors(client.post(url("death", an), {"on": "24/11/2026"}))
    assert "on" in errors(client.post(url("death", an), {"on": "01/01/2013"}))
    client.post(url("death", an), {"on": "10/11/2026"})
    assert errors(client.post(url("end", an), {"status": "expelled", "on": "11/11/2026", "reason": "Kỷ luật"}))
    an.refresh_from_db()
    assert an.status == Status.DECEASED
