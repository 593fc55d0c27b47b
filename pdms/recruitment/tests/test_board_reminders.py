"""The reminders page: every open deadline in the user's scope that is overdue or falls
due in the next 30 days, with the working days left or past; probationers whose 12 months
end in that time without a recognition vote; and awareness certificates about to expire.
Today is Monday 23/11/2026."""

import datetime as dt

import pytest
from django.urls import reverse

from pdms.core.testing import register
from pdms.members.services import member_record_ceremony
from pdms.recruitment.models import CourseKind, DeadlineKind
from pdms.recruitment.selectors.board import ReminderKind
from pdms.recruitment.services.dossiers import VoteData, dossier_advance
from pdms.recruitment.testing import make_candidate, make_certificate, ready_dossier, receive_recognition_documents
from pdms.workdays.calendar import add_workdays, workdays_between

from .test_indicators_recruitment import anchor_for, committee, decide, hold_ceremony, resolve

D = dt.date
pytestmark = pytest.mark.django_db
REMINDERS = reverse("recruitment:reminders")
TODAY = D(2026, 11, 23)


@pytest.fixture
def deadlines(tree, branch_members, sponsors):
    """In C0101: a decision due in 10 working days, one overdue, and a dossier whose
    deadlines are all met; in C0102 one due soon; in T02 an overdue one."""
    branch = tree.branch_a1
    soon = ready_dossier(make_candidate(branch, "Hà Văn Long"), sponsors)
    resolve(soon, anchor_for(add_workdays(TODAY, 10), 60))
    late = ready_dossier(make_candidate(branch, "Trịnh Văn Sơn"), sponsors)
    resolve(late, D(2026, 6, 1))
    met = ready_dossier(make_candidate(branch, "Lê Thị Vy", sex="female"), sponsors)
    hold_ceremony(decide(committee(resolve(met, D(2026, 4, 1)), D(2026, 4, 5)), D(2026, 4, 20)), D(2026, 5, 4))
    neighbour = ready_dossier(make_candidate(tree.branch_a2, "Vũ Văn Tuấn"), sponsors)
    resolve(neighbour, anchor_for(add_workdays(TODAY, 5), 60), eligible=1)
    home = tree.other_branch
    outside_sponsors = [
        register(home, "Lý Văn Sơn", admitted=D(2010, 1, 5), recognized=D(2011, 1, 5)),
        register(home, "Mai Thị Thu", sex="female", admitted=D(2011, 1, 5), recognized=D(2012, 1, 5)),
    ]
    resolve(ready_dossier(make_candidate(home, "Kiều Văn Tài"), outside_sponsors), D(2026, 4, 1))


def items(client, user):
    client.force_login(user)
    response = client.get(REMINDERS)
    assert response.status_code == 200
    return response, response.context["items"]


def test_deadlines_due_within_30_days_and_overdue_ones_are_listed_by_due_date(client, deadlines, commune_officer):
    response, listed = items(client, commune_officer)
    dossier_items = [item for item in listed if item.kind == ReminderKind.DEADLINE]
    assert [item.name for item in dossier_items] == ["Trịnh Văn Sơn", "Vũ Văn Tuấn", "Hà Văn Long"]
    late, neighbour, soon = dossier_items
    assert (soon.due_on, soon.workdays, soon.overdue) == (add_workdays(TODAY, 10), 10, False)
    assert (neighbour.workdays, neighbour.overdue) == (5, False)
    assert late.overdue and late.workdays_late == workdays_between(late.due_on, TODAY) > 0
    assert soon.what == late.what == str(DeadlineKind.ADMISSION_DECISION.label)
    body = response.content.decode()
    assert soon.due_on.strftime("%d/%m/%Y") in body and "Chi bộ thôn 1" in body
    assert reverse("recruitment:dossier_detail", kwargs={"dossier_id": soon.dossier_id}) in body
    assert [item.due_on for item in listed] == sorted(item.due_on for item in listed)


def test_met_deadlines_and_those_outside_the_scope_are_not_listed(client, deadlines, commune_officer):
    response, listed = items(client, commune_officer)
    names = {item.name for item in listed}
    assert "Lê Thị Vy" not in names  # decision and ceremony done; the recognition vote is due in 2027
    assert "Kiều Văn Tài" not in names and "Kiều Văn Tài" not in response.content.decode()


def test_a_secretary_sees_their_branch_only(client, deadlines, secretary):
    _, listed = items(client, secretary)
    assert "Vũ Văn Tuấn" not in {item.name for item in listed}
    assert {"Hà Văn Long", "Trịnh Văn Sơn"} <= {item.name for item in listed}


def test_an_outsider_sees_nothing_of_t01(client, deadlines, outsider):
    response, listed = items(client, outsider)
    assert [item.name for item in listed] == ["Kiều Văn Tài"]
    for name in ("Hà Văn Long", "Trịnh Văn Sơn", "Lê Thị Ánh", "Chi bộ thôn 1"):
        assert name not in response.content.decode()


def test_probationers_whose_twelve_months_end_within_30_days_are_listed_until_the_vote(
    client, tree, branch_members, sponsors, commune_officer
):
    soon = register(tree.branch_a1, "Đỗ Văn Nhuận", admitted=D(2025, 12, 10))
    member_record_ceremony(member=soon, on=D(2025, 12, 15), actor=None)
    later = register(tree.branch_a1, "Cao Thị Xuân", sex="female", admitted=D(2025, 12, 10))
    member_record_ceremony(member=later, on=D(2025, 12, 24), actor=None)
    # Ends today, and the branch voted today: nothing left to remind.
    candidate = make_candidate(tree.branch_a1, "Lò Văn Tâm")
    voted = ready_dossier(candidate, sponsors, opened=D(2025, 9, 1), certificate_on=D(2025, 6, 1))
    hold_ceremony(decide(committee(resolve(voted, D(2025, 10, 1)), D(2025, 10, 5)), D(2025, 10, 20)), TODAY.replace(year=2025))
    make_certificate(voted.person, tree.branch_a1, on=D(2026, 1, 10), kind=CourseKind.NEW_MEMBER)
    receive_recognition_documents(voted, TODAY)
    dossier_advance(dossier=voted, action="recognition_resolution", on=TODAY, actor=None, vote=VoteData(TODAY, 3, 3, 0))

    _, listed = items(client, commune_officer)
    probation = [item for item in listed if item.kind == ReminderKind.PROBATION]
    # Lê Thị Ánh, admitted 01/12/2025 without a recorded ceremony, ends on 01/12/2026.
    assert [(item.name, item.due_on) for item in probation] == [("Lê Thị Ánh", D(2026, 12, 1)), ("Đỗ Văn Nhuận", D(2026, 12, 15))]
    assert probation[1].member_id == soon.pk and probation[1].workdays == workdays_between(TODAY, D(2026, 12, 15))


def test_awareness_certificates_expiring_within_30_days_are_listed(client, tree, commune_officer):
    expiring = make_candidate(tree.branch_a1, "Phan Văn Khoa")
    make_certificate(expiring.person, tree.branch_a1, on=D(2021, 12, 10), number="CN-2021-7")
    renewed = make_candidate(tree.branch_a1, "Đinh Thị Hoa", sex="female")
    make_certificate(renewed.person, tree.branch_a1, on=D(2021, 12, 10))
    make_certificate(renewed.person, tree.branch_a1, on=D(2026, 3, 1))
    later = make_candidate(tree.branch_a2, "Vũ Văn Tuấn")
    make_certificate(later.person, tree.branch_a2, on=D(2022, 1, 20))
    expired = make_candidate(tree.branch_a2, "Lò Thị Mến", sex="female")
    make_certificate(expired.person, tree.branch_a2, on=D(2021, 11, 20))

    response, listed = items(client, commune_officer)
    certificates = [item for item in listed if item.kind == ReminderKind.CERTIFICATE]
    assert reverse("recruitment:candidate_detail", kwargs={"candidate_id": expiring.pk}) in response.content.decode()
    assert [(item.name, item.due_on, item.detail, item.candidate_id) for item in certificates] == [
        ("Phan Văn Khoa", D(2026, 12, 10), "CN-2021-7", expiring.pk)
    ]


def test_the_page_only_reads(client, tree, commune_officer):
    client.force_login(commune_officer)
    assert client.post(REMINDERS).status_code == 405


def test_a_probation_that_ended_long_ago_without_a_decision_stays_listed_as_overdue(client, tree, commune_officer):
    forgotten = register(tree.branch_a2, "Đỗ Văn Quên", admitted=D(2019, 3, 2))
    _, listed = items(client, commune_officer)
    [item] = [item for item in listed if item.kind == ReminderKind.PROBATION and item.member_id == forgotten.pk]
    assert item.due_on == D(2020, 3, 2) and item.overdue
