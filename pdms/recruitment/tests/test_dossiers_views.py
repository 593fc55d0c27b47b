"""The dossier pages in the browser's place: a branch secretary takes the branch's steps,
a commune officer the superior committee's, each sees only the buttons they may use, and
the refusals of the procedure come back onto the forms."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.translation import gettext as _

from pdms.members.models import Status
from pdms.recruitment.models import CourseKind, Deadline, DeadlineKind, Dossier, DossierDocument, SponsorKind, State, Vote
from pdms.recruitment.selectors.dossiers import deadline_badge, vote_fact
from pdms.recruitment.services.dossiers import DecisionData, VoteData, dossier_advance, dossier_document_receive
from pdms.recruitment.testing import make_certificate, ready_dossier, receive_recognition_documents
from pdms.workdays.calendar import add_workdays, workdays_between

D = dt.date
pytestmark = pytest.mark.django_db


def step_url(dossier, action):
    return reverse("recruitment:dossier_step", kwargs={"dossier_id": dossier.pk, "action": action})


def detail_url(dossier):
    return reverse("recruitment:dossier_detail", kwargs={"dossier_id": dossier.pk})


def vote_post(dossier, held_on, eligible, votes_for, votes_against, number="", reason=""):
    return {
        "version": dossier.version, "held_on": held_on, "eligible": eligible, "votes_for": votes_for,
        "votes_against": votes_against, "resolution_number": number, "reason": reason,
    }


def decision_post(dossier, number, signed_on, received_on="", reason=""):
    return {
        "version": dossier.version, "number": number, "signed_on": signed_on, "signer_name": "Y Thị Hoa",
        "signer_title": "Phó Bí thư", "received_on": received_on, "reason": reason,
    }


def fresh(dossier):
    return Dossier.objects.get(pk=dossier.pk)


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def form_errors(response):
    form = response.context["form"]
    return [str(e) for errors in form.errors.values() for e in errors]


@pytest.fixture
def dossier(candidate, sponsors):
    return ready_dossier(candidate, sponsors)


def test_the_secretary_sees_the_dossier_with_its_checklist_and_the_branch_vote_button(client, secretary, dossier):
    client.force_login(secretary)
    response = client.get(detail_url(dossier))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Thị Mai" in body and "Chi bộ thôn 1" in body
    assert 'data-step="branch_resolution"' in body and 'data-step="close"' in body
    checks = {check.code: check.ok for check in response.context["checks"]}
    assert checks == {"age": True, "education": True, "certificate": True, "sponsors": True, "verification": True}
    assert [item.status for item in response.context["stepper"]][:3] == ["done", "current", "next"]


def test_a_failed_condition_is_shown_red_with_its_message(client, secretary, candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors[:1])
    client.force_login(secretary)
    response = client.get(detail_url(dossier))
    body = response.content.decode()
    assert 'data-check="sponsors" data-ok="no"' in body
    failed = [check for check in response.context["checks"] if not check.ok]
    assert [check.code for check in failed] == ["sponsors"] and failed[0].message in body


def test_the_secretary_records_the_branch_vote_and_the_dossier_moves_on(client, secretary, dossier):
    client.force_login(secretary)
    response = client.post(step_url(dossier, "branch_resolution"), vote_post(dossier, "01/04/2026", 3, 3, 0, "01-NQ/CB"))
    assert response.status_code == 302 and response["Location"] == detail_url(dossier)
    dossier = fresh(dossier)
    assert dossier.state == State.BRANCH_RESOLVED and dossier.branch_resolved_on == D(2026, 4, 1)
    vote = dossier.votes.get()
    assert (vote.eligible, vote.votes_for, vote.votes_against, vote.resolution_number, vote.passed) == (3, 3, 0, "01-NQ/CB", True)
    body = client.get(detail_url(dossier)).content.decode()
    assert "3/3 = 100%" in body and "66,67%" in body


def test_the_vote_page_shows_the_full_members_of_the_branch_as_a_hint(client, secretary, dossier):
    client.force_login(secretary)
    response = client.get(step_url(dossier, "branch_resolution"))
    assert response.status_code == 200
    assert response.context["form"].initial["eligible"] == 3
    assert any("3" in text and "Chi bộ thôn 1" in text for _tone, text in response.context["hints"])
    assert f'name="version" value="{dossier.version}"' in response.content.decode()


def test_a_vote_below_two_thirds_is_recorded_and_says_so(client, secretary, dossier):
    client.force_login(secretary)
    response = client.post(step_url(dossier, "branch_resolution"), vote_post(dossier, "01/04/2026", 3, 1, 2))
    assert response.status_code == 302
    messages = list(get_messages(response.wsgi_request))
    assert len(messages) == 1 and messages[0].level_tag == "warning" and "1" in str(messages[0]) and "3" in str(messages[0])
    dossier = fresh(dossier)
    assert dossier.state == State.PREPARING and dossier.votes.get().passed is False
    body = client.get(detail_url(dossier)).content.decode()
    assert "1/3 = 33,33% &lt; 66,67%" in body


def test_the_secretary_does_not_see_or_take_the_superior_steps(client, secretary, dossier):
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    dossier = fresh(dossier)
    client.force_login(secretary)
    body = client.get(detail_url(dossier)).content.decode()
    assert 'data-step="committee_resolution"' not in body
    assert client.get(step_url(dossier, "committee_resolution")).status_code == 404
    response = client.post(step_url(dossier, "committee_resolution"), vote_post(dossier, "05/04/2026", 9, 9, 0))
    assert response.status_code == 404
    assert fresh(dossier).state == State.BRANCH_RESOLVED


def test_the_commune_officer_takes_the_committee_vote_and_the_decision(client, commune_officer, dossier):
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    dossier = fresh(dossier)
    client.force_login(commune_officer)
    assert 'data-step="committee_resolution"' in client.get(detail_url(dossier)).content.decode()
    response = client.post(step_url(dossier, "committee_resolution"), vote_post(dossier, "05/04/2026", 9, 8, 1, "12-NQ/ĐU"))
    assert response.status_code == 302
    dossier = fresh(dossier)
    assert dossier.state == State.COMMITTEE_RESOLVED

    page = client.get(step_url(dossier, "admission_decision"))
    assert "received_on" in page.context["form"].fields
    response = client.post(step_url(dossier, "admission_decision"), decision_post(dossier, "125-QĐ/ĐU", "20/04/2026", "22/04/2026"))
    assert response.status_code == 302
    dossier = fresh(dossier)
    assert dossier.state == State.ADMITTED and dossier.decision_received_on == D(2026, 4, 22)
    assert dossier.member.status == Status.PROBATIONARY and dossier.member.admitted_on == D(2026, 4, 20)
    body = client.get(detail_url(dossier)).content.decode()
    assert "125-QĐ/ĐU" in body and "Y Thị Hoa" in body and "20/04/2026" in body


def test_the_secretary_records_the_ceremony(client, secretary, commune_officer, dossier):
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    dossier_advance(dossier=dossier, action="committee_resolution", on=D(2026, 4, 5), actor=None, vote=VoteData(D(2026, 4, 5), 9, 9, 0))
    dossier_advance(dossier=dossier, action="admission_decision", on=D(2026, 4, 20), actor=None,
                    decision=DecisionData("125-QĐ/ĐU", D(2026, 4, 20), "Y Thị Hoa", "Bí thư", D(2026, 4, 22)))
    dossier = fresh(dossier)
    client.force_login(secretary)
    assert 'data-step="ceremony"' in client.get(detail_url(dossier)).content.decode()
    response = client.post(step_url(dossier, "ceremony"), {"version": dossier.version, "on": "05/05/2026", "reason": ""})
    assert response.status_code == 302
    dossier = fresh(dossier)
    assert dossier.state == State.PROBATION and dossier.probation_ends_on == D(2027, 5, 5)


def admitted_in_2025(candidate, sponsors, tree):
    """A 2025 dossier through the ceremony (19/05/2025), the new-member course done and
    the recognition forms in: ready for the recognition vote after 19/05/2026."""
    dossier = ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1))
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2025, 4, 10), actor=None, vote=VoteData(D(2025, 4, 10), 3, 3, 0))
    dossier_advance(dossier=dossier, action="committee_resolution", on=D(2025, 4, 20), actor=None, vote=VoteData(D(2025, 4, 20), 9, 8, 1))
    dossier_advance(dossier=dossier, action="admission_decision", on=D(2025, 5, 5), actor=None,
                    decision=DecisionData("125-QĐ/HU", D(2025, 5, 5), "Y Thị Hoa", "Phó Bí thư", D(2025, 5, 8)))
    dossier_advance(dossier=dossier, action="ceremony", on=D(2025, 5, 19), actor=None)
    make_certificate(dossier.person, tree.branch_a1, on=D(2025, 8, 1), kind=CourseKind.NEW_MEMBER, number="DVM-7")
    receive_recognition_documents(dossier, D(2026, 5, 20))
    return fresh(dossier)


def test_recognition_runs_through_the_pages_from_the_branch_to_the_superior(client, secretary, commune_officer, candidate, sponsors, tree):
    dossier = admitted_in_2025(candidate, sponsors, tree)
    client.force_login(secretary)
    page = client.get(detail_url(dossier))
    assert {check.code for check in page.context["checks"]} == {"probation", "new_member_course"}
    response = client.post(step_url(dossier, "recognition_resolution"), vote_post(dossier, "25/05/2026", 3, 3, 0, "07-NQ/CB"))
    assert response.status_code == 302 and fresh(dossier).state == State.RECOGNITION_BRANCH_RESOLVED

    client.force_login(commune_officer)
    dossier = fresh(dossier)
    response = client.post(step_url(dossier, "recognition_committee_resolution"), vote_post(dossier, "01/06/2026", 9, 9, 0))
    assert response.status_code == 302
    dossier = fresh(dossier)
    form = client.get(step_url(dossier, "recognition_decision")).context["form"]
    assert "received_on" not in form.fields
    response = client.post(step_url(dossier, "recognition_decision"), decision_post(dossier, "210-QĐ/ĐU", "10/06/2026"))
    assert response.status_code == 302
    dossier = fresh(dossier)
    assert dossier.state == State.RECOGNIZED and dossier.recognized_on == D(2026, 5, 19)
    assert dossier.member.status == Status.FULL
    assert [item.status for item in client.get(detail_url(dossier)).context["stepper"]].count("done") == 8


def test_a_form_filled_before_someone_else_changed_the_dossier_is_refused(client, secretary, dossier):
    client.force_login(secretary)
    seen = client.get(step_url(dossier, "branch_resolution")).context["form"].initial["version"]
    # Someone else corrects a form's date meanwhile.
    dossier_document_receive(dossier=dossier, kind="1-KNĐ", received_on=D(2026, 3, 3), actor=None)
    data = vote_post(dossier, "01/04/2026", 3, 3, 0) | {"version": seen}
    response = client.post(step_url(dossier, "branch_resolution"), data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert len(errors) == 1 and "Nguyễn Thị Mai" in errors[0]
    assert "someone else" in errors[0] or "người khác" in errors[0]
    assert fresh(dossier).state == State.PREPARING and not fresh(dossier).votes.exists()


def test_a_late_decision_without_a_reason_shows_the_deadline(client, commune_officer, dossier):
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    dossier_advance(dossier=dossier, action="committee_resolution", on=D(2026, 4, 5), actor=None, vote=VoteData(D(2026, 4, 5), 9, 9, 0))
    dossier = fresh(dossier)
    due = add_workdays(D(2026, 4, 1), 60)
    late = (due + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    client.force_login(commune_officer)
    page = client.get(step_url(dossier, "admission_decision"))
    assert any(tone == "danger" and due.strftime("%d/%m/%Y") in text for tone, text in page.context["hints"])
    response = client.post(step_url(dossier, "admission_decision"), decision_post(dossier, "9-QĐ/ĐU", late, late))
    assert response.status_code == 200
    assert due.strftime("%d/%m/%Y") in " ".join(response.context["form"].errors["reason"])
    assert fresh(dossier).state == State.COMMITTEE_RESOLVED
    response = client.post(step_url(dossier, "admission_decision"), decision_post(dossier, "9-QĐ/ĐU", late, late, reason="Chờ thẩm tra bổ sung"))
    assert response.status_code == 302 and fresh(dossier).state == State.ADMITTED


def test_an_overdue_deadline_is_counted_in_working_days(client, commune_officer, today, dossier):
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    deadline = Deadline.objects.get(dossier=dossier, kind=DeadlineKind.ADMISSION_DECISION)
    client.force_login(commune_officer)
    row = client.get(detail_url(dossier)).context["deadlines"][0]
    late = workdays_between(deadline.due_on, today)
    assert late > 0 and row.tone == "danger" and str(late) in row.badge and row.can_extend


def test_a_deadline_ahead_shows_the_working_days_left(client, secretary, candidate, sponsors, today):
    dossier = ready_dossier(candidate, sponsors, opened=D(2026, 10, 1), certificate_on=D(2026, 9, 1))
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 11, 20), actor=None, vote=VoteData(D(2026, 11, 20), 3, 3, 0))
    client.force_login(secretary)
    response = client.get(detail_url(dossier))
    row = response.context["deadlines"][0]
    due = add_workdays(D(2026, 11, 20), 60)
    assert str(workdays_between(today, due)) in row.badge and not row.can_extend
    body = response.content.decode()
    assert due.strftime("%d/%m/%Y") in body and "deadline_extend" not in body and "/extend/" not in body


def test_the_commune_officer_extends_the_deadline_and_the_secretary_may_not(client, secretary, commune_officer, dossier):
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    deadline = Deadline.objects.get(dossier=dossier, kind=DeadlineKind.ADMISSION_DECISION)
    url = reverse("recruitment:deadline_extend", kwargs={"deadline_id": deadline.pk})
    client.force_login(secretary)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Bổ sung hồ sơ"}).status_code == 404
    client.force_login(commune_officer)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = client.post(url, {"reason": "Bổ sung lý lịch"})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_on == add_workdays(D(2026, 4, 1), 90) and deadline.extension_workdays == 30


def test_an_unknown_step_is_not_found(client, secretary, dossier):
    client.force_login(secretary)
    assert client.get(step_url(dossier, "promote")).status_code == 404
    assert client.post(step_url(dossier, "promote"), {"version": dossier.version}).status_code == 404


def test_a_step_that_cannot_follow_now_sends_back_to_the_dossier(client, secretary, dossier):
    client.force_login(secretary)
    response = client.get(step_url(dossier, "ceremony"))
    assert response.status_code == 302 and response["Location"] == detail_url(dossier)


def test_closing_needs_a_reason(client, secretary, dossier):
    client.force_login(secretary)
    response = client.post(step_url(dossier, "close"), {"version": dossier.version, "on": "02/04/2026", "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = client.post(step_url(dossier, "close"), {"version": dossier.version, "on": "02/04/2026", "reason": "Xin rút đơn"})
    assert response.status_code == 302
    dossier = fresh(dossier)
    assert dossier.state == State.CLOSED
    stepper = client.get(detail_url(dossier)).context["stepper"]
    assert stepper[0].status == "done" and stepper[-1].status == "ended"
    assert all(item.status != "current" for item in stepper)


def test_a_date_in_the_future_is_refused_on_the_field(client, secretary, dossier):
    client.force_login(secretary)
    response = client.post(step_url(dossier, "branch_resolution"), vote_post(dossier, "01/12/2026", 3, 3, 0))
    assert response.status_code == 200 and response.context["form"].errors["held_on"]


def test_more_voters_than_full_members_is_refused_on_the_field(client, secretary, dossier):
    client.force_login(secretary)
    response = client.post(step_url(dossier, "branch_resolution"), vote_post(dossier, "01/04/2026", 5, 5, 0))
    assert response.status_code == 200 and "3" in " ".join(response.context["form"].errors["eligible"])


def test_a_grassroots_branch_has_no_committee_step(client, tree, outsider):
    from pdms.core.testing import register
    from pdms.recruitment.testing import make_candidate

    home = tree.other_branch
    sponsors = [register(home, "Lý Văn Sơn", admitted=D(2010, 1, 5), recognized=D(2011, 1, 5)),
                register(home, "Mai Thị Thu", sex="female", admitted=D(2011, 1, 5), recognized=D(2012, 1, 5))]
    dossier = ready_dossier(make_candidate(home, "Kiều Văn Tài"), sponsors)
    client.force_login(outsider)
    labels = [item.label for item in client.get(detail_url(dossier)).context["stepper"]]
    assert len(labels) == 6 and not any("committee" in label or "đảng ủy" in label.lower() for label in labels)


# --- opening ------------------------------------------------------------------------------


def test_the_secretary_opens_a_dossier_for_a_candidate(client, secretary, candidate):
    client.force_login(secretary)
    url = reverse("recruitment:dossier_open", kwargs={"candidate_id": candidate.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"opened_on": "02/03/2026", "reason": ""})
    dossier = Dossier.objects.get(candidate=candidate)
    assert response.status_code == 302 and response["Location"] == detail_url(dossier)
    assert dossier.ruleset == "2025" and dossier.opened_on == D(2026, 3, 2)
    response = client.post(url, {"opened_on": "03/03/2026", "reason": ""})
    assert response.status_code == 200 and "Nguyễn Thị Mai" in " ".join(form_errors(response))


def test_a_dossier_before_the_candidate_was_on_the_list_is_refused(client, secretary, candidate):
    client.force_login(secretary)
    url = reverse("recruitment:dossier_open", kwargs={"candidate_id": candidate.pk})
    response = client.post(url, {"opened_on": "02/03/2023", "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["opened_on"]
    assert not Dossier.objects.exists()


def test_the_recognition_procedure_opens_for_a_probationary_member_without_a_dossier(client, secretary, tree):
    member = tree.members["anh"]
    url = reverse("recruitment:dossier_recognition_open", kwargs={"member_id": member.pk})
    client.force_login(secretary)
    assert client.get(url).status_code == 200
    response = client.post(url, {"ceremony_on": "15/12/2025", "reason": "Theo hồ sơ giấy"})
    dossier = Dossier.objects.get(member=member)
    assert response.status_code == 302 and response["Location"] == detail_url(dossier)
    assert dossier.state == State.PROBATION and dossier.probation_ends_on == D(2026, 12, 15)
    assert Deadline.objects.filter(dossier=dossier, kind=DeadlineKind.RECOGNITION_VOTE).exists()
    response = client.post(url, {"ceremony_on": "15/12/2025", "reason": ""})
    assert response.status_code == 200 and "Lê Thị Ánh" in " ".join(form_errors(response))


def test_the_recognition_procedure_is_not_opened_for_a_full_member(client, secretary, tree):
    url = reverse("recruitment:dossier_recognition_open", kwargs={"member_id": tree.members["an"].pk})
    client.force_login(secretary)
    response = client.post(url, {"ceremony_on": "15/12/2025", "reason": ""})
    assert response.status_code == 200 and "Nguyễn Văn An" in " ".join(form_errors(response))


# --- the records of the dossier -----------------------------------------------------------


def test_forms_are_marked_received_and_not_received(client, secretary, candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    DossierDocument.objects.filter(dossier=dossier, kind="5-KNĐ").delete()
    dossier = fresh(dossier)
    url = reverse("recruitment:dossier_document", kwargs={"dossier_id": dossier.pk})
    client.force_login(secretary)
    response = client.post(url, {"kind": "5-KNĐ", "received_on": "10/03/2026", "note": "", "version": dossier.version})
    assert response.status_code == 302
    assert DossierDocument.objects.get(dossier=dossier, kind="5-KNĐ").received_on == D(2026, 3, 10)
    response = client.post(url, {"kind": "5-KNĐ", "remove": "1"})
    assert response.status_code == 302 and not DossierDocument.objects.filter(dossier=dossier, kind="5-KNĐ").exists()


def test_a_form_received_before_the_application_is_refused_on_the_page(client, secretary, dossier):
    url = reverse("recruitment:dossier_document", kwargs={"dossier_id": dossier.pk})
    client.force_login(secretary)
    response = client.post(url, {"kind": "1-KNĐ", "received_on": "01/01/2026", "note": "", "version": dossier.version})
    assert response.status_code == 200 and response.context["document_form"].errors["received_on"]


def test_a_recognition_form_is_not_offered_before_probation(client, secretary, dossier):
    url = reverse("recruitment:dossier_document", kwargs={"dossier_id": dossier.pk})
    client.force_login(secretary)
    response = client.post(url, {"kind": "10-KNĐ", "received_on": "10/03/2026", "note": "", "version": dossier.version})
    assert response.status_code == 200 and response.context["document_form"].errors["kind"]


def test_a_sponsor_is_found_without_diacritics_and_added(client, secretary, candidate, tree, branch_members):
    dossier = ready_dossier(candidate, [])
    url = reverse("recruitment:sponsor_add", kwargs={"dossier_id": dossier.pk})
    client.force_login(secretary)
    results = client.get(url, {"q": "tran quoc dat"}).context["results"]
    assert [m.person.full_name for m in results] == ["Trần Quốc Đạt"]
    everyone = {m.person.full_name for m in client.get(url).context["results"]}
    # Full members of the whole grassroots organization, not the probationary one nor another commune's.
    assert everyone == {"Nguyễn Văn An", "Đỗ Văn Hùng", "Hoàng Thị Lan", "Trần Quốc Đạt"}
    partial = client.get(url, {"q": "lan"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="sponsor-results")
    assert "Hoàng Thị Lan" in partial.content.decode() and "<html" not in partial.content.decode()
    response = client.post(url, {"kind": SponsorKind.MEMBER, "member": tree.members["dat"].pk, "known_since": "01/01/2023"})
    assert response.status_code == 302
    sponsor = dossier.sponsors.get()
    assert sponsor.member == tree.members["dat"] and sponsor.known_since == D(2023, 1, 1)


def test_a_sponsor_from_another_commune_cannot_be_chosen(client, secretary, candidate, tree):
    dossier = ready_dossier(candidate, [])
    url = reverse("recruitment:sponsor_add", kwargs={"dossier_id": dossier.pk})
    client.force_login(secretary)
    response = client.post(url, {"kind": SponsorKind.MEMBER, "member": tree.members["binh"].pk, "known_since": "01/01/2023"})
    assert response.status_code == 200 and response.context["form"].errors["member"]
    assert "Phạm Thanh Bình" not in response.content.decode()
    assert not dossier.sponsors.exists()


def test_a_youth_union_sponsor_is_added_with_its_resolution_and_removed(client, secretary, candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors[:1])
    client.force_login(secretary)
    url = reverse("recruitment:sponsor_add", kwargs={"dossier_id": dossier.pk})
    response = client.post(url, {"kind": SponsorKind.YOUTH_UNION, "body_name": "Ban Chấp hành Đoàn xã Hà Mòn", "resolution": "05-NQ/ĐTN"})
    assert response.status_code == 302
    union = dossier.sponsors.get(kind=SponsorKind.YOUTH_UNION)
    assert union.resolution == "05-NQ/ĐTN"
    assert "Ban Chấp hành Đoàn xã Hà Mòn" in client.get(detail_url(dossier)).content.decode()
    response = client.post(reverse("recruitment:sponsor_remove", kwargs={"sponsor_id": union.pk}))
    assert response.status_code == 302 and dossier.sponsors.count() == 1


def test_a_member_sponsor_needs_a_member_chosen(client, secretary, candidate):
    dossier = ready_dossier(candidate, [])
    client.force_login(secretary)
    url = reverse("recruitment:sponsor_add", kwargs={"dossier_id": dossier.pk})
    response = client.post(url, {"kind": SponsorKind.MEMBER, "known_since": "01/01/2023"})
    assert response.status_code == 200 and response.context["form"].errors["member"]


def test_the_verification_and_the_exceptions_are_recorded(client, secretary, dossier):
    client.force_login(secretary)
    url = reverse("recruitment:dossier_verification", kwargs={"dossier_id": dossier.pk})
    response = client.post(url, {"on": "25/03/2026", "result": "unsatisfactory", "note": "Chưa rõ"})
    assert response.status_code == 302
    dossier = fresh(dossier)
    assert (dossier.verification_on, dossier.verification_result) == (D(2026, 3, 25), "unsatisfactory")
    checks = {c.code: c for c in client.get(detail_url(dossier)).context["checks"]}
    assert not checks["verification"].ok
    url = reverse("recruitment:dossier_exceptions", kwargs={"dossier_id": dossier.pk})
    response = client.post(url, {"over_age_consent": "Văn bản 12-CV/TU ngày 01/03/2026", "education_exception": "", "reason": ""})
    assert response.status_code == 302 and fresh(dossier).over_age_consent == "Văn bản 12-CV/TU ngày 01/03/2026"


def test_a_verification_before_the_application_is_refused_on_the_field(client, secretary, dossier):
    client.force_login(secretary)
    url = reverse("recruitment:dossier_verification", kwargs={"dossier_id": dossier.pk})
    response = client.post(url, {"on": "01/01/2026", "result": "satisfactory", "note": ""})
    assert response.status_code == 200 and response.context["form"].errors["on"]


def test_records_of_a_dossier_past_the_branch_vote_are_no_longer_offered(client, secretary, dossier):
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    client.force_login(secretary)
    response = client.get(detail_url(dossier))
    body = response.content.decode()
    assert response.context["document_form"] is None
    assert reverse("recruitment:sponsor_add", kwargs={"dossier_id": dossier.pk}) not in body
    assert "/sponsors/" not in body
    response = client.post(reverse("recruitment:sponsor_remove", kwargs={"sponsor_id": dossier.sponsors.first().pk}))
    assert response.status_code == 302 and dossier.sponsors.count() == 2
    assert texts(response)


# --- what the page says of deadlines and votes ----------------------------------------------


def deadline_due(due_on, done_on=None):
    return Deadline(kind=DeadlineKind.CEREMONY, anchor_on=due_on - dt.timedelta(days=40), workdays=30, due_on=due_on, done_on=done_on)


def test_a_deadline_badge_counts_working_days_only(db):
    friday = D(2026, 11, 20)
    assert deadline_badge(deadline_due(friday), D(2026, 11, 21)) == (_("overdue since %(date)s") % {"date": "20/11/2026"}, "danger")
    # Monday 23/11 and Wednesday 25/11; Tuesday 24/11 is Vietnamese Culture Day, a public holiday.
    badge, tone = deadline_badge(deadline_due(friday), D(2026, 11, 25))
    assert tone == "danger" and "2" in badge
    assert deadline_badge(deadline_due(friday), friday) == (_("due today"), "warning")
    badge, tone = deadline_badge(deadline_due(D(2026, 11, 30)), friday)
    assert tone == "warning" and "5" in badge
    badge, tone = deadline_badge(deadline_due(D(2026, 12, 31)), friday)
    assert tone == "secondary"
    badge, tone = deadline_badge(deadline_due(friday, done_on=D(2026, 11, 19)), D(2026, 12, 1))
    assert tone == "success" and "19/11/2026" in badge


def test_a_vote_is_described_from_its_counts():
    def vote(eligible, votes_for, against, passed, rejected=False):
        return Vote(eligible=eligible, votes_for=votes_for, votes_against=against, threshold_numerator=2, threshold_denominator=3,
                    passed=passed, rejected=rejected)

    assert "2/3 = 66,67% ≥ 66,67%" in vote_fact(vote(3, 2, 1, True))
    assert "5/9 = 55,56% < 66,67%" in vote_fact(vote(9, 5, 4, False))
    rejected = vote_fact(vote(3, 0, 3, False, rejected=True))
    assert rejected.startswith("3/3") and "100% ≥ 66,67%" in rejected


def test_the_decision_step_of_a_dossier_of_2021_rules_names_todays_deciding_authority(client, province_officer, candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1))
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2025, 6, 10), actor=None, vote=VoteData(D(2025, 6, 10), 3, 3, 0))
    dossier_advance(dossier=dossier, action="committee_resolution", on=D(2025, 6, 20), actor=None, vote=VoteData(D(2025, 6, 20), 9, 8, 1))
    client.force_login(province_officer)
    response = client.get(step_url(dossier, "admission_decision"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "ban thường vụ cấp ủy cấp xã" in body and "cấp huyện" not in body
