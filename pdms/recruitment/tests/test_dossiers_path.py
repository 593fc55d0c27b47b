"""The whole procedure through the services: from the application to full membership,
with the deadlines in working days and the rule set of the dossier's time."""

import datetime as dt

import pytest

from pdms.core.errors import DomainError, PermissionDenied
from pdms.members.models import MemberPeriod, Status
from pdms.recruitment.models import CandidateStatus, CourseKind, Deadline, DeadlineKind, State
from pdms.recruitment.services.dossiers import DecisionData, VoteData, deadline_extend, dossier_advance
from pdms.recruitment.testing import make_certificate, ready_dossier, receive_recognition_documents
from pdms.workdays.calendar import add_workdays

D = dt.date
pytestmark = pytest.mark.django_db


def decision(number, signed_on, received_on=None):
    return DecisionData(number=number, signed_on=signed_on, signer_name="Y Thị Hoa", signer_title="Phó Bí thư", received_on=received_on)


def admit(dossier, *, actor=None):
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2025, 4, 10), actor=actor, vote=VoteData(D(2025, 4, 10), 3, 3, 0, "01-NQ/CB"))
    dossier_advance(dossier=dossier, action="committee_resolution", on=D(2025, 4, 20), actor=None, vote=VoteData(D(2025, 4, 20), 9, 8, 1))
    return dossier_advance(dossier=dossier, action="admission_decision", on=D(2025, 5, 5), actor=None,
                           decision=decision("125-QĐ/HU", D(2025, 5, 5), D(2025, 5, 8))).dossier


def test_a_candidate_goes_from_the_source_list_to_full_member(candidate, sponsors, tree):
    dossier = ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1))
    assert dossier.ruleset == "2021"

    dossier = admit(dossier)
    member = dossier.member
    assert dossier.state == State.ADMITTED
    assert member.status == Status.PROBATIONARY and member.admitted_on == D(2025, 5, 5)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ADMITTED and candidate.ended_on == D(2025, 5, 5)
    decision_deadline = Deadline.objects.get(dossier=dossier, kind=DeadlineKind.ADMISSION_DECISION)
    assert decision_deadline.due_on == add_workdays(D(2025, 4, 10), 60) and decision_deadline.done_on == D(2025, 5, 5)
    ceremony_deadline = Deadline.objects.get(dossier=dossier, kind=DeadlineKind.CEREMONY)
    assert ceremony_deadline.anchor_on == D(2025, 5, 8) and ceremony_deadline.due_on == add_workdays(D(2025, 5, 8), 30)

    dossier = dossier_advance(dossier=dossier, action="ceremony", on=D(2025, 5, 19), actor=None).dossier
    assert dossier.state == State.PROBATION and dossier.probation_ends_on == D(2026, 5, 19)
    member.refresh_from_db()
    assert member.ceremony_on == D(2025, 5, 19)
    recognition_vote = Deadline.objects.get(dossier=dossier, kind=DeadlineKind.RECOGNITION_VOTE)
    assert recognition_vote.due_on == add_workdays(D(2026, 5, 19), 30)

    make_certificate(dossier.person, tree.branch_a1, on=D(2025, 8, 1), kind=CourseKind.NEW_MEMBER, number="DVM-7")
    receive_recognition_documents(dossier, D(2026, 5, 20))
    dossier_advance(dossier=dossier, action="recognition_resolution", on=D(2026, 5, 25), actor=None, vote=VoteData(D(2026, 5, 25), 3, 3, 0))
    dossier_advance(dossier=dossier, action="recognition_committee_resolution", on=D(2026, 6, 1), actor=None, vote=VoteData(D(2026, 6, 1), 9, 9, 0))
    dossier = dossier_advance(dossier=dossier, action="recognition_decision", on=D(2026, 6, 10), actor=None,
                              decision=decision("210-QĐ/ĐU", D(2026, 6, 10))).dossier

    assert dossier.state == State.RECOGNIZED and dossier.ended_on == D(2026, 6, 10)
    member.refresh_from_db()
    # Recognized as of the end of the 12 months, not as of the late decision.
    assert member.status == Status.FULL and member.recognized_on == D(2026, 5, 19)
    assert list(MemberPeriod.objects.filter(member=member).values_list("status", "valid_from")) == [
        (Status.PROBATIONARY, D(2025, 5, 5)), (Status.FULL, D(2026, 5, 19))
    ]
    assert not Deadline.objects.filter(dossier=dossier, done_on__isnull=True).exists()
    assert [e.action for e in dossier.events.all()] == [
        "open", "branch_resolution", "committee_resolution", "admission_decision", "ceremony",
        "recognition_resolution", "recognition_committee_resolution", "recognition_decision",
    ]


def test_a_dossier_opened_after_july_2025_follows_the_2025_rules(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors, opened=D(2026, 3, 2))
    assert dossier.ruleset == "2025"


def test_a_grassroots_branch_goes_from_its_resolution_straight_to_the_decision(tree, sponsors):
    from pdms.core.testing import register
    from pdms.recruitment.testing import make_candidate

    home = tree.other_branch
    sponsors = [
        register(home, "Lý Văn Sơn", admitted=D(2010, 1, 5), recognized=D(2011, 1, 5)),
        register(home, "Mai Thị Thu", sex="female", admitted=D(2011, 1, 5), recognized=D(2012, 1, 5)),
    ]
    candidate = make_candidate(home, "Kiều Văn Tài")
    dossier = ready_dossier(candidate, sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 2, 1))
    with pytest.raises(DomainError):
        dossier_advance(dossier=dossier, action="committee_resolution", on=D(2026, 4, 2), actor=None, vote=VoteData(D(2026, 4, 2), 5, 5, 0))
    outcome = dossier_advance(dossier=dossier, action="admission_decision", on=D(2026, 4, 20), actor=None, decision=decision("9-QĐ/ĐU", D(2026, 4, 20)))
    assert outcome.dossier.state == State.ADMITTED


def test_under_a_grassroots_committee_the_decision_waits_for_the_committee(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 2, 1))
    with pytest.raises(DomainError, match="cannot follow|Không thể"):
        dossier_advance(dossier=dossier, action="admission_decision", on=D(2026, 4, 20), actor=None, decision=decision("9", D(2026, 4, 20)))


def test_a_vote_below_two_thirds_is_recorded_and_the_dossier_stays(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    outcome = dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 1, 2))
    assert not outcome.advanced and outcome.vote.passed is False
    dossier.refresh_from_db()
    assert dossier.state == State.PREPARING and dossier.branch_resolved_on is None
    assert dossier.events.last().action == "branch_resolution_not_passed"
    assert not Deadline.objects.filter(dossier=dossier).exists()


def test_exactly_two_thirds_passes(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    outcome = dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 2, 1))
    assert outcome.advanced and outcome.vote.passed


def test_more_voters_than_full_members_of_the_branch_is_refused(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    with pytest.raises(DomainError, match="3") as error:
        dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 4, 4, 0))
    assert error.value.field == "eligible"


def test_more_votes_than_voters_is_refused(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    with pytest.raises(DomainError) as error:
        dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 1))
    assert error.value.field == "votes_for"


def test_a_late_decision_needs_the_reason_for_the_delay(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    dossier_advance(dossier=dossier, action="committee_resolution", on=D(2026, 4, 5), actor=None, vote=VoteData(D(2026, 4, 5), 9, 9, 0))
    due = add_workdays(D(2026, 4, 1), 60)
    late = due + dt.timedelta(days=1)
    with pytest.raises(DomainError, match=due.strftime("%d/%m/%Y")):
        dossier_advance(dossier=dossier, action="admission_decision", on=late, actor=None, decision=decision("9", late))
    outcome = dossier_advance(dossier=dossier, action="admission_decision", on=late, actor=None, decision=decision("9", late), reason="Chờ kết quả thẩm tra bổ sung")
    assert outcome.dossier.state == State.ADMITTED


def test_the_extension_adds_thirty_working_days_for_the_superior(candidate, sponsors, commune_officer, secretary):
    dossier = ready_dossier(candidate, sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    deadline = Deadline.objects.get(dossier=dossier, kind=DeadlineKind.ADMISSION_DECISION)
    with pytest.raises(PermissionDenied):
        deadline_extend(deadline=deadline, actor=secretary, reason="Bổ sung hồ sơ")
    deadline = deadline_extend(deadline=deadline, actor=commune_officer, reason="Bổ sung hồ sơ")
    assert deadline.due_on == add_workdays(D(2026, 4, 1), 90)
    with pytest.raises(DomainError):
        deadline_extend(deadline=deadline, actor=commune_officer, reason="Lần nữa")


def test_a_secretary_takes_branch_steps_but_not_the_superior_ones(candidate, sponsors, secretary, commune_officer):
    dossier = ready_dossier(candidate, sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=secretary, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    with pytest.raises(PermissionDenied):
        dossier_advance(dossier=dossier, action="committee_resolution", on=D(2026, 4, 5), actor=secretary, vote=VoteData(D(2026, 4, 5), 9, 9, 0))
    dossier_advance(dossier=dossier, action="committee_resolution", on=D(2026, 4, 5), actor=commune_officer, vote=VoteData(D(2026, 4, 5), 9, 9, 0))


def test_an_outsider_can_take_no_step(candidate, sponsors, outsider):
    dossier = ready_dossier(candidate, sponsors)
    with pytest.raises(PermissionDenied):
        dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=outsider, vote=VoteData(D(2026, 4, 1), 3, 3, 0))


def test_a_form_posted_against_an_older_version_is_refused(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    seen = dossier.version
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0), expected_version=seen)
    with pytest.raises(DomainError, match="someone else|người khác"):
        dossier_advance(dossier=dossier, action="close", on=D(2026, 4, 2), actor=None, reason="Rút đơn", expected_version=seen)


def test_closing_needs_a_reason_and_ends_the_dossier(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    with pytest.raises(DomainError):
        dossier_advance(dossier=dossier, action="close", on=D(2026, 4, 2), actor=None)
    outcome = dossier_advance(dossier=dossier, action="close", on=D(2026, 4, 2), actor=None, reason="Xin rút đơn")
    assert outcome.dossier.state == State.CLOSED and outcome.dossier.ended_on == D(2026, 4, 2)


def test_a_branch_vote_against_two_thirds_proposes_removal_and_the_decision_removes(candidate, sponsors, tree):
    dossier = ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1))
    dossier = admit(dossier)
    dossier_advance(dossier=dossier, action="ceremony", on=D(2025, 5, 19), actor=None)
    receive_recognition_documents(dossier, D(2026, 5, 20))
    outcome = dossier_advance(dossier=dossier, action="recognition_resolution", on=D(2026, 5, 25), actor=None, vote=VoteData(D(2026, 5, 25), 3, 0, 3))
    assert outcome.dossier.state == State.REMOVAL_PROPOSED
    dossier = dossier_advance(dossier=dossier, action="removal_decision", on=D(2026, 6, 10), actor=None, decision=decision("11-QĐ", D(2026, 6, 10))).dossier
    assert dossier.state == State.NOT_RECOGNIZED
    dossier.member.refresh_from_db()
    assert dossier.member.status == Status.REMOVED


def test_after_three_undecided_recognition_votes_the_superior_decides(candidate, sponsors, tree):
    dossier = ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1))
    dossier = admit(dossier)
    dossier_advance(dossier=dossier, action="ceremony", on=D(2025, 5, 19), actor=None)
    make_certificate(dossier.person, tree.branch_a1, on=D(2025, 8, 1), kind=CourseKind.NEW_MEMBER)
    receive_recognition_documents(dossier, D(2026, 5, 20))
    for day in (D(2026, 5, 25), D(2026, 6, 25), D(2026, 7, 25)):
        with pytest.raises(DomainError):
            dossier_advance(dossier=dossier, action="recognition_decision", on=day, actor=None, decision=decision("x", day))
        assert not dossier_advance(dossier=dossier, action="recognition_resolution", on=day, actor=None, vote=VoteData(day, 3, 1, 1)).advanced
    outcome = dossier_advance(dossier=dossier, action="recognition_decision", on=D(2026, 8, 10), actor=None, decision=decision("12-QĐ", D(2026, 8, 10)))
    assert outcome.dossier.state == State.RECOGNIZED and outcome.dossier.recognized_on == D(2026, 5, 19)


def test_recognition_is_not_voted_before_the_twelve_months_end(candidate, sponsors, tree):
    dossier = ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1))
    dossier = admit(dossier)
    dossier_advance(dossier=dossier, action="ceremony", on=D(2025, 5, 19), actor=None)
    make_certificate(dossier.person, tree.branch_a1, on=D(2025, 8, 1), kind=CourseKind.NEW_MEMBER)
    receive_recognition_documents(dossier, D(2026, 5, 1))
    with pytest.raises(DomainError, match="19/05/2026"):
        dossier_advance(dossier=dossier, action="recognition_resolution", on=D(2026, 5, 10), actor=None, vote=VoteData(D(2026, 5, 10), 3, 3, 0))


def test_recognition_needs_the_new_member_course(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1))
    dossier = admit(dossier)
    dossier_advance(dossier=dossier, action="ceremony", on=D(2025, 5, 19), actor=None)
    receive_recognition_documents(dossier, D(2026, 5, 20))
    with pytest.raises(DomainError, match="Nguyễn Thị Mai"):
        dossier_advance(dossier=dossier, action="recognition_resolution", on=D(2026, 5, 25), actor=None, vote=VoteData(D(2026, 5, 25), 3, 3, 0))


def test_a_step_cannot_be_dated_before_the_previous_one(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 10), actor=None, vote=VoteData(D(2026, 4, 10), 3, 3, 0))
    with pytest.raises(DomainError, match="10/04/2026"):
        dossier_advance(dossier=dossier, action="committee_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 9, 9, 0))


def test_a_village_branch_directly_under_a_commune_goes_from_its_resolution_to_the_communes_decision(tree):
    from pdms.core.testing import register
    from pdms.organizations.models import OrgKind
    from pdms.organizations.services import organization_found
    from pdms.recruitment.eligibility import deciding_committee
    from pdms.recruitment.testing import make_candidate

    commune = organization_found(code="XM01", name="Đảng bộ xã Đắk Hà", kind=OrgKind.COMMUNE, parent=tree.province, founded_on=D(2025, 7, 1), actor=None)
    village = organization_found(code="CM01", name="Chi bộ thôn Kon Klốc", kind=OrgKind.BRANCH, parent=commune, founded_on=D(2025, 7, 1), actor=None)
    sponsors = [
        register(village, "Lý Văn Sơn", admitted=D(2010, 1, 5), recognized=D(2011, 1, 5)),
        register(village, "Mai Thị Thu", sex="female", admitted=D(2011, 1, 5), recognized=D(2012, 1, 5)),
    ]
    dossier = ready_dossier(make_candidate(village, "Kiều Văn Tài"), sponsors)
    assert deciding_committee(village) == commune
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 2, 2, 0))
    outcome = dossier_advance(dossier=dossier, action="admission_decision", on=D(2026, 4, 20), actor=None, decision=decision("9-QĐ/ĐU", D(2026, 4, 20)))
    assert outcome.dossier.state == State.ADMITTED


def test_the_mentors_of_an_admitted_candidate_stop_on_the_decision(candidate, sponsors, tree):
    from pdms.recruitment.models import Mentorship

    Mentorship.objects.create(candidate=candidate, member=tree.members["an"], assigned_on=D(2024, 2, 1))
    dossier = admit(ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1)))
    assert list(Mentorship.objects.filter(candidate=candidate).values_list("ended_on", flat=True)) == [dossier.decided_on]
