"""A citizen ID typed on the add-a-candidate form never names, places or attaches someone
outside the user's scope; the branch may ask for them instead, and the holder's staff
accept or refuse. The commune officer (commune X01) asks; the staff of commune X02 hold."""

import datetime as dt

import pytest
from django.urls import reverse

from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError, PermissionDenied
from pdms.core.testing import citizen_id_for, make_user, person
from pdms.members.identity import ELSEWHERE, HeldElsewhere
from pdms.recruitment.models import Candidate, CandidateStatus, EducationLevel, Origin, RequestStatus, SourceGroup, TransferRequest
from pdms.recruitment.services import sources
from pdms.recruitment.services.transfer_requests import transfer_request_accept, transfer_request_create, transfer_request_refuse
from pdms.recruitment.testing import make_candidate

D = dt.date
pytestmark = pytest.mark.django_db
NEUTRAL = "Số CCCD này đã có trong hệ thống ở một tổ chức khác; liên hệ cấp ủy cấp trên để chuyển."


@pytest.fixture
def holder(tree):
    """Staff of commune X02, which holds Bình (a member), Kôn (on its list) and Hoa (dropped)."""
    return make_user("commune_b", "staff", tree.commune_b)


@pytest.fixture
def strangers(tree):
    kon = make_candidate(tree.branch_b1, "Y Văn Kôn", added=D(2025, 2, 1))
    hoa = make_candidate(tree.branch_b1, "Đinh Thị Hoa", sex="female", born=D(2001, 3, 8), added=D(2024, 5, 1))
    sources.candidate_drop(candidate=hoa, on=D(2025, 6, 1), reason="Đi học xa, quê ở thôn Kon Gung", actor=None)
    return {"member": tree.members["binh"].person, "open": kon.person, "dropped": hoa.person}


def add_form(someone):
    """The add-a-candidate form filled with a made-up name and ``someone``'s citizen ID,
    birth date and sex (the ID encodes the last two)."""
    return {
        "full_name": "Hà Văn Mới", "birth_date": someone.birth_date.strftime("%d/%m/%Y"), "sex": someone.sex,
        "citizen_id": someone.citizen_id, "group": SourceGroup.objects.get(code="doan-thanh-nien").pk,
        "education_level": EducationLevel.UPPER_SECONDARY, "added_on": "01/11/2026", "origin": "found",
    }


def add_with(someone, actor, org):
    return sources.candidate_add(
        organization=org, person=person("Hà Văn Mới", someone.birth_date, someone.sex, citizen_id=someone.citizen_id),
        group=SourceGroup.objects.get(code="doan-thanh-nien"), education_level=EducationLevel.UPPER_SECONDARY,
        added_on=D(2026, 11, 1), actor=actor,
    )


# --- the oracle ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["member", "open", "dropped"])
def test_the_candidate_service_answers_the_same_for_anyone_outside_the_scope(tree, commune_officer, strangers, kind):
    stranger = strangers[kind]
    with pytest.raises(HeldElsewhere) as error:
        add_with(stranger, commune_officer, tree.branch_a1)
    assert error.value.message == NEUTRAL and error.value.field == "citizen_id"
    assert not Candidate.objects.filter(organization=tree.branch_a1).exists()
    assert AuditEntry.objects.get(action=ELSEWHERE, actor=commune_officer).object_id == stranger.pk


@pytest.mark.parametrize("kind", ["member", "open", "dropped"])
def test_the_candidate_form_names_no_one_outside_the_scope(client, tree, commune_officer, strangers, kind):
    client.force_login(commune_officer)
    page = client.post(reverse("recruitment:candidate_add") + f"?org={tree.branch_a1.pk}", add_form(strangers[kind]))
    text = page.content.decode()
    assert page.status_code == 200 and NEUTRAL in text
    for secret in (strangers[kind].full_name, "Y Văn Kôn", "Đinh Thị Hoa", "Phạm Thanh Bình", tree.branch_b1.name, tree.commune_b.name, "Kon Gung"):
        assert secret not in text
    assert reverse("recruitment:transfer_request_new") in text
    assert not Candidate.objects.filter(organization=tree.branch_a1).exists()


def test_a_former_candidate_within_the_scope_is_still_put_back_on_a_list(tree, commune_officer):
    first = make_candidate(tree.branch_a2, "Lò Văn Pả", added=D(2024, 1, 1))
    sources.candidate_drop(candidate=first, on=D(2025, 1, 1), reason="Chưa đủ điều kiện", actor=None)
    again = add_with(first.person, commune_officer, tree.branch_a1)
    assert again.person == first.person and again.organization == tree.branch_a1


def test_the_form_is_throttled_after_too_many_finds_outside_the_scope(client, tree, commune_officer, strangers, settings):
    settings.CITIZEN_ID_LOOKUP_LIMIT = 2
    client.force_login(commune_officer)
    add_url = reverse("recruitment:candidate_add") + f"?org={tree.branch_a1.pk}"
    for kind in ("member", "open"):
        assert NEUTRAL in client.post(add_url, add_form(strangers[kind])).content.decode()
    text = client.post(add_url, add_form(tree.members["dat"].person)).content.decode()
    assert "quá nhiều số CCCD" in text and NEUTRAL not in text
    assert not Candidate.objects.filter(organization=tree.branch_a1).exists()


# --- asking for a person ------------------------------------------------------------------


def ask(client, tree, number, note="Đã chuyển về cư trú tại thôn 1"):
    return client.post(reverse("recruitment:transfer_request_new") + f"?org={tree.branch_a1.pk}", {"citizen_id": number, "note": note})


def test_the_asking_side_sees_only_the_masked_id_until_the_holder_accepts(client, tree, commune_officer, holder, strangers):
    hoa = strangers["dropped"]
    client.force_login(commune_officer)
    response = ask(client, tree, hoa.citizen_id)
    request = TransferRequest.objects.get()
    assert response.status_code == 302 and request.held_by == tree.branch_b1 and request.status == RequestStatus.PENDING
    for page in (client.get(response["Location"]), client.get(reverse("recruitment:transfer_requests"))):
        text = page.content.decode()
        assert "••••••••" + hoa.citizen_id[-4:] in text
        assert hoa.full_name not in text and tree.branch_b1.name not in text and "Kon Gung" not in text

    client.force_login(holder)
    assert hoa.full_name in client.get(reverse("recruitment:transfer_requests")).content.decode()
    detail = reverse("recruitment:transfer_request_detail", args=[request.pk])
    assert hoa.full_name in client.get(detail).content.decode()
    assert client.post(detail, {"decision": "accept", "answer": ""}).status_code == 302

    moved = Candidate.objects.get(organization=tree.branch_a1)
    assert moved.person == hoa and moved.origin == Origin.TRANSFERRED_IN and moved.added_on == D(2026, 11, 23)
    assert moved.group.code == "doan-thanh-nien" and moved.origin_note == f"{tree.branch_b1.name} ({tree.branch_b1.code})"
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.candidate == moved and request.decided_by == holder
    client.force_login(commune_officer)
    assert hoa.full_name in client.get(reverse("recruitment:transfer_request_detail", args=[request.pk])).content.decode()
    actions = set(AuditEntry.objects.filter(object_type="transfer_request", object_id=request.pk).values_list("action", flat=True))
    assert actions == {"transfer_request.create", "transfer_request.accepted"}


def test_accepting_moves_a_candidate_off_the_holders_list(tree, commune_officer, holder, strangers):
    request = transfer_request_create(organization=tree.branch_a1, citizen_id=strangers["open"].citizen_id, note="", actor=commune_officer)
    transfer_request_accept(request=request, actor=holder)
    left = Candidate.objects.get(organization=tree.branch_b1, person=strangers["open"])
    assert left.status == CandidateStatus.TRANSFERRED_OUT and left.ended_on == D(2026, 11, 23)
    assert Candidate.objects.get(organization=tree.branch_a1, ended_on__isnull=True).person == strangers["open"]


def test_the_asking_side_cannot_answer_its_own_request(client, tree, commune_officer, holder, strangers):
    request = transfer_request_create(organization=tree.branch_a1, citizen_id=strangers["dropped"].citizen_id, note="", actor=commune_officer)
    with pytest.raises(PermissionDenied):
        transfer_request_accept(request=request, actor=commune_officer)
    client.force_login(commune_officer)
    detail = reverse("recruitment:transfer_request_detail", args=[request.pk])
    assert client.post(detail, {"decision": "accept", "answer": ""}).status_code == 404
    assert not Candidate.objects.filter(organization=tree.branch_a1).exists()


def test_someone_on_neither_side_does_not_see_the_request(client, tree, commune_officer, outsider, strangers):
    request = transfer_request_create(organization=tree.branch_a1, citizen_id=strangers["dropped"].citizen_id, note="", actor=commune_officer)
    client.force_login(outsider)
    assert client.get(reverse("recruitment:transfer_request_detail", args=[request.pk])).status_code == 404
    assert strangers["dropped"].full_name not in client.get(reverse("recruitment:transfer_requests")).content.decode()


def test_a_refusal_says_why_and_attaches_no_one(client, tree, commune_officer, holder, strangers):
    request = transfer_request_create(organization=tree.branch_a1, citizen_id=strangers["dropped"].citizen_id, note="", actor=commune_officer)
    with pytest.raises(DomainError) as error:
        transfer_request_refuse(request=request, actor=holder, answer=" ")
    assert error.value.field == "answer"
    transfer_request_refuse(request=request, actor=holder, answer="Người này vẫn cư trú tại xã Ngọc Wang")
    client.force_login(commune_officer)
    assert "vẫn cư trú" in client.get(reverse("recruitment:transfer_request_detail", args=[request.pk])).content.decode()
    assert not Candidate.objects.filter(organization=tree.branch_a1).exists()
    with pytest.raises(DomainError):
        transfer_request_accept(request=request, actor=holder)


def test_a_member_is_not_taken_over_by_a_request(tree, commune_officer, holder, strangers):
    request = transfer_request_create(organization=tree.branch_a1, citizen_id=strangers["member"].citizen_id, note="", actor=commune_officer)
    assert request.held_by == tree.branch_b1
    with pytest.raises(DomainError) as error:
        transfer_request_accept(request=request, actor=holder)
    assert "chuyển sinh hoạt đảng" in error.value.message
    assert not Candidate.objects.filter(organization=tree.branch_a1).exists()


def test_only_ids_held_outside_the_scope_can_be_asked_for(tree, commune_officer):
    with pytest.raises(DomainError) as within:
        transfer_request_create(organization=tree.branch_a1, citizen_id=tree.members["dat"].person.citizen_id, note="", actor=commune_officer)
    with pytest.raises(DomainError) as unknown:
        transfer_request_create(organization=tree.branch_a1, citizen_id=citizen_id_for(D(1990, 1, 1), "male"), note="", actor=commune_officer)
    assert within.value.field == unknown.value.field == "citizen_id" and within.value.message != unknown.value.message
    assert not TransferRequest.objects.exists()


def test_a_branch_asks_once_until_it_has_an_answer(tree, commune_officer, strangers):
    number = strangers["dropped"].citizen_id
    transfer_request_create(organization=tree.branch_a1, citizen_id=number, note="", actor=commune_officer)
    with pytest.raises(DomainError):
        transfer_request_create(organization=tree.branch_a1, citizen_id=number, note="", actor=commune_officer)
    assert TransferRequest.objects.count() == 1


def test_a_viewer_cannot_ask(tree, viewer, strangers):
    with pytest.raises(PermissionDenied):
        transfer_request_create(organization=tree.branch_a1, citizen_id=strangers["dropped"].citizen_id, note="", actor=viewer)


def test_the_add_page_hands_the_id_over_to_the_request_form(client, tree, commune_officer, strangers):
    client.force_login(commune_officer)
    number = strangers["dropped"].citizen_id
    page = client.post(reverse("recruitment:transfer_request_new") + f"?org={tree.branch_a1.pk}", {"citizen_id": number, "prefill": "1"})
    assert page.status_code == 200 and f'value="{number}"' in page.content.decode()
    assert not TransferRequest.objects.exists()
