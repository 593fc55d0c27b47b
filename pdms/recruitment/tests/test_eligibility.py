"""Each condition of admission, checked from records on the day the branch considers the
case, and the message a refusal gives."""

import datetime as dt

import pytest

from pdms.core.errors import DomainError
from pdms.core.testing import register
from pdms.members.services import member_end
from pdms.recruitment.eligibility import add_months, admission_checks, full_months
from pdms.recruitment.models import Candidate, EducationLevel, Enrollment, SponsorKind
from pdms.recruitment.services.dossiers import VoteData, dossier_advance, dossier_exceptions_set, sponsor_add, sponsor_remove
from pdms.recruitment.testing import make_candidate, ready_dossier

D = dt.date
VOTE_DAY = D(2026, 4, 1)
pytestmark = pytest.mark.django_db


def failing(dossier, on=VOTE_DAY):
    return {check.code: check.message for check in admission_checks(dossier, on) if not check.ok}


def vote(dossier, on=VOTE_DAY):
    return dossier_advance(dossier=dossier, action="branch_resolution", on=on, actor=None, vote=VoteData(on, 3, 3, 0))


def test_full_months_and_adding_months():
    assert full_months(D(2008, 4, 2), D(2026, 4, 1)) == 18 * 12 - 1
    assert full_months(D(2008, 4, 1), D(2026, 4, 1)) == 18 * 12
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)


def test_a_ready_dossier_meets_every_condition(candidate, sponsors):
    assert failing(ready_dossier(candidate, sponsors)) == {}


def test_an_applicant_one_day_short_of_eighteen_is_refused(tree, branch_members, sponsors):
    young = make_candidate(tree.branch_a1, "Phan Văn Tú", born=D(2008, 4, 2), added=D(2025, 1, 1))
    dossier = ready_dossier(young, sponsors)
    assert "18" in failing(dossier)["age"]
    with pytest.raises(DomainError, match="Phan Văn Tú"):
        vote(dossier)
    assert failing(dossier, on=D(2026, 4, 2)).get("age") is None


def test_an_applicant_over_sixty_needs_the_recorded_consent(tree, branch_members, sponsors):
    older = make_candidate(tree.branch_a1, "Trịnh Văn Lộc", born=D(1965, 3, 1), added=D(2025, 1, 1))
    dossier = ready_dossier(older, sponsors)
    assert "60" in failing(dossier)["age"]
    dossier_exceptions_set(dossier=dossier, over_age_consent="Công văn 15-CV/TU ngày 01/02/2026", education_exception="", actor=None)
    dossier.refresh_from_db()
    assert "age" not in failing(dossier)


def test_lower_secondary_education_is_required_unless_the_exception_is_recorded(tree, branch_members, sponsors):
    primary = make_candidate(tree.branch_a1, "A Thị Blui", sex="female", education=EducationLevel.PRIMARY, added=D(2025, 1, 1))
    dossier = ready_dossier(primary, sponsors)
    assert "education" in failing(dossier)
    dossier_exceptions_set(dossier=dossier, over_age_consent="", education_exception="Xã đặc biệt khó khăn, vùng đồng bào dân tộc thiểu số", actor=None)
    dossier.refresh_from_db()
    assert "education" not in failing(dossier)


def test_even_with_the_exception_primary_school_must_be_completed(tree, branch_members, sponsors):
    none = make_candidate(tree.branch_a1, "Y Văn Hling", education=EducationLevel.NONE, added=D(2025, 1, 1))
    dossier = ready_dossier(none, sponsors)
    dossier_exceptions_set(dossier=dossier, over_age_consent="", education_exception="Vùng sâu", actor=None)
    dossier.refresh_from_db()
    assert "education" in failing(dossier)


def test_a_certificate_older_than_sixty_months_blocks_the_dossier(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors, certificate_on=D(2021, 3, 15))
    message = failing(dossier)["certificate"]
    assert "15/03/2026" in message and "60" in message
    assert failing(dossier, on=D(2026, 3, 14)).get("certificate") is None
    with pytest.raises(DomainError, match="15/03/2026"):
        vote(dossier)


def test_no_certificate_at_all_is_named(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    Enrollment.objects.filter(person=dossier.person).delete()
    assert "Nguyễn Thị Mai" in failing(dossier)["certificate"]


def test_a_sponsor_who_has_known_the_applicant_less_than_twelve_months_is_refused(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors, known_since=D(2025, 4, 2))
    assert "12" in failing(dossier)["sponsors"]
    assert "sponsors" not in failing(dossier, on=D(2026, 4, 2))


def test_a_sponsor_must_be_a_full_member_on_the_day(candidate, sponsors, today):
    dossier = ready_dossier(candidate, sponsors)
    member_end(member=sponsors[1], status="deceased", on=D(2026, 3, 20), actor=None)
    assert sponsors[1].person.full_name in failing(dossier)["sponsors"]


def test_a_sponsor_from_another_grassroots_organization_is_refused(tree, candidate, sponsors):
    dossier = ready_dossier(candidate, [sponsors[0], tree.members["binh"]])
    assert "Phạm Thanh Bình" in failing(dossier)["sponsors"]


def test_a_probationary_member_cannot_sponsor(candidate, sponsors, tree):
    dossier = ready_dossier(candidate, sponsors[:1])
    with pytest.raises(DomainError, match="Lê Thị Ánh"):
        sponsor_add(dossier=dossier, kind=SponsorKind.MEMBER, member=tree.members["anh"], known_since=D(2020, 1, 1), actor=None)


def test_two_sponsors_are_required(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    sponsor_remove(sponsor=dossier.sponsors.first(), actor=None)
    assert "2" in failing(dossier)["sponsors"]


def test_the_youth_union_may_sponsor_a_youth_union_member(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors[:1])
    sponsor_add(dossier=dossier, kind=SponsorKind.YOUTH_UNION, body_name="BCH Đoàn xã Hà Mòn", resolution="05-NQ/ĐTN", actor=None)
    assert "sponsors" not in failing(dossier)
    Candidate.objects.filter(pk=candidate.pk).update(youth_union_member=False)
    dossier.refresh_from_db()
    assert "Youth Union" in failing(dossier)["sponsors"] or "Đoàn" in failing(dossier)["sponsors"]


def test_two_union_sponsors_are_not_enough(candidate, sponsors):
    dossier = ready_dossier(candidate, [])
    sponsor_add(dossier=dossier, kind=SponsorKind.YOUTH_UNION, body_name="BCH Đoàn xã", resolution="05", actor=None)
    sponsor_add(dossier=dossier, kind=SponsorKind.TRADE_UNION, body_name="BCH Công đoàn", resolution="06", actor=None)
    assert "sponsors" in failing(dossier)


def test_the_background_verification_must_be_concluded_and_satisfactory(candidate, sponsors):
    from pdms.recruitment.services.dossiers import verification_record

    dossier = ready_dossier(candidate, sponsors)
    assert "verification" in failing(dossier, on=D(2026, 3, 10))
    verification_record(dossier=dossier, on=D(2026, 3, 25), result="unsatisfactory", actor=None, note="Chưa rõ")
    dossier.refresh_from_db()
    assert "verification" in failing(dossier)


def test_a_missing_form_is_named_before_the_vote(candidate, sponsors):
    from pdms.recruitment.services.dossiers import dossier_document_remove

    dossier = ready_dossier(candidate, sponsors)
    dossier_document_remove(dossier=dossier, kind="5-KNĐ", actor=None)
    with pytest.raises(DomainError, match="5-KNĐ"):
        vote(dossier)


def test_the_candidate_of_another_branch_is_judged_by_its_own_full_members(tree, sponsors):
    other = register(tree.branch_a2, "Lưu Văn Phúc", admitted=D(2012, 1, 1), recognized=D(2013, 1, 1))
    candidate = make_candidate(tree.branch_a2, "Đào Thị Hạnh", sex="female")
    dossier = ready_dossier(candidate, [sponsors[0], other])
    # Branch C0102 has two full members (Đạt and Phúc).
    with pytest.raises(DomainError) as error:
        dossier_advance(dossier=dossier, action="branch_resolution", on=VOTE_DAY, actor=None, vote=VoteData(VOTE_DAY, 3, 3, 0))
    assert error.value.field == "eligible"
    assert dossier_advance(dossier=dossier, action="branch_resolution", on=VOTE_DAY, actor=None, vote=VoteData(VOTE_DAY, 2, 2, 0)).advanced
