"""Candidate sources through their services: who may be put on a list, mentors, moves,
drops, the yearly review and the source groups. Messages are checked by the names, dates
and organizations they must mention, so they hold in any language."""

import datetime as dt

import pytest

from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError, PermissionDenied
from pdms.core.testing import make_user, person
from pdms.organizations.models import OrgKind
from pdms.organizations.services import organization_dissolve, organization_found
from pdms.recruitment.models import Candidate, CandidateStatus, EducationLevel, Mentorship, Origin, ReviewOutcome, SourceGroup, SourceReview
from pdms.recruitment.services import sources as services
from pdms.recruitment.services.dossiers import dossier_open

D = dt.date
pytestmark = pytest.mark.django_db


def youth_union():
    return SourceGroup.objects.get(code="doan-thanh-nien")


def add(org, name="Nguyễn Văn Khoa", *, born=D(2000, 5, 10), sex="male", added=D(2026, 1, 15), data=None, **extra):
    return services.candidate_add(
        organization=org, person=data or person(name, born, sex), group=extra.pop("group", None) or youth_union(),
        education_level=extra.pop("education_level", EducationLevel.UPPER_SECONDARY), added_on=added, actor=extra.pop("actor", None), **extra,
    )


def refused(**kwargs) -> DomainError:
    with pytest.raises(DomainError) as err:
        add(**kwargs)
    return err.value


# --- adding -------------------------------------------------------------------------------


def test_a_new_person_is_put_on_the_list_with_mentors_and_an_audit_row(tree):
    an, dat = tree.members["an"], tree.members["dat"]
    candidate = add(tree.branch_a1, ethnic_minority=True, residential_area="Thôn 1", mentors=[an, dat])
    assert candidate.status == CandidateStatus.SOURCE and candidate.ended_on is None and candidate.origin == Origin.FOUND
    assert candidate.person.search_name == "nguyen van khoa"
    assert {m.member for m in candidate.mentorships.all()} == {an, dat}
    assert all(m.assigned_on == D(2026, 1, 15) for m in candidate.mentorships.all())
    entry = AuditEntry.objects.get(object_type="candidate", object_id=candidate.pk, action="candidate.add")
    assert entry.organization == tree.branch_a1
    assert entry.changes["organization"] == [None, "C0101"] and entry.changes["mentors"][1] == ["Nguyễn Văn An", "Trần Quốc Đạt"]


def test_a_committee_keeps_no_source_list(tree):
    error = refused(org=tree.commune_a)
    assert tree.commune_a.name in error.message and error.field == "organization"


def test_a_grassroots_branch_keeps_a_source_list(tree):
    assert add(tree.other_branch).organization == tree.other_branch


def test_a_dissolved_branch_takes_no_candidate(tree):
    branch = organization_found(code="C0103", name="Chi bộ thôn 3", kind=OrgKind.BRANCH, parent=tree.commune_a, founded_on=D(2020, 1, 1), actor=None)
    organization_dissolve(organization=branch, on=D(2026, 6, 1), actor=None)
    branch.refresh_from_db()
    assert "Chi bộ thôn 3" in refused(org=branch).message


def test_a_party_member_cannot_be_a_candidate(tree):
    an = tree.members["an"].person
    with pytest.raises(DomainError) as err:
        services.candidate_add(organization=tree.branch_a1, person=person("Nguyễn Văn An", an.birth_date, "male", citizen_id=an.citizen_id), group=youth_union(),
                               education_level=EducationLevel.HIGHER, added_on=D(2026, 1, 1), actor=None)
    assert "Nguyễn Văn An" in err.value.message
    # Typing the member's citizen ID on the form gives the same answer.
    error = refused(org=tree.branch_a2, data=person("Nguyễn Văn An", an.birth_date, "male", citizen_id=an.citizen_id))
    assert "Nguyễn Văn An" in error.message and error.field == "citizen_id"
    assert not Candidate.objects.exists()


def test_a_person_already_on_a_list_is_refused_naming_the_list(tree):
    first = add(tree.branch_a1)
    error = refused(org=tree.branch_a2, data=person("Nguyễn Văn Khoa", first.person.birth_date, "male", citizen_id=first.person.citizen_id))
    assert "Nguyễn Văn Khoa" in error.message and "Chi bộ thôn 1" in error.message and "15/01/2026" in error.message
    assert error.field == "citizen_id"


def test_a_known_person_off_every_list_is_reused_instead_of_duplicated(tree):
    first = add(tree.branch_a1)
    services.candidate_drop(candidate=first, on=D(2026, 3, 1), reason="Chuyển đi làm ăn xa", actor=None)
    again = add(tree.branch_a2, added=D(2026, 9, 1), data=person("Nguyễn Văn Khoa", first.person.birth_date, "male", citizen_id=first.person.citizen_id))
    assert again.person_id == first.person_id and again.organization == tree.branch_a2


def test_an_invalid_citizen_id_is_refused(tree):
    error = refused(org=tree.branch_a1, data=person("Nguyễn Văn Khoa", D(2000, 5, 10), "male", citizen_id="123"))
    assert error.field == "citizen_id"


def test_a_future_date_is_refused(tree):
    error = refused(org=tree.branch_a1, added=D(2026, 12, 1))
    assert "01/12/2026" in error.message and error.field == "added_on"


def test_someone_under_16_is_refused(tree):
    error = refused(org=tree.branch_a1, name="Lê Văn Nhỏ", born=D(2010, 6, 1), added=D(2026, 5, 31))
    assert "Lê Văn Nhỏ" in error.message and "16" in error.message and "31/05/2026" in error.message
    assert add(tree.branch_a1, name="Lê Văn Nhỏ", born=D(2010, 6, 1), added=D(2026, 6, 1)).person.full_name == "Lê Văn Nhỏ"


def test_a_probationary_member_cannot_mentor(tree):
    error = refused(org=tree.branch_a1, mentors=[tree.members["anh"]])
    assert "Lê Thị Ánh" in error.message and error.field == "mentors"


def test_a_mentor_must_belong_to_the_same_grassroots_organization(tree):
    error = refused(org=tree.branch_a1, mentors=[tree.members["binh"]])
    assert "Phạm Thanh Bình" in error.message and tree.commune_a.name in error.message
    assert not Candidate.objects.exists()


def test_a_retired_group_cannot_be_given(tree):
    group = youth_union()
    services.source_group_update(group=group, active=False, actor=None)
    assert "Đoàn Thanh niên" in refused(org=tree.branch_a1, group=group).message


# --- changing -----------------------------------------------------------------------------


def test_an_update_changes_the_fields_and_records_them(tree):
    candidate = add(tree.branch_a1)
    women = SourceGroup.objects.get(code="hoi-phu-nu")
    services.candidate_update(candidate=candidate, actor=None, reason="Sửa", group=women, religious=True, occupation="  Giáo viên ")
    candidate.refresh_from_db()
    assert candidate.group == women and candidate.religious and candidate.occupation == "Giáo viên"
    entry = AuditEntry.objects.get(object_type="candidate", action="candidate.update")
    assert entry.changes["religious"] == [False, True] and entry.changes["group"] == ["Đoàn Thanh niên", "Hội Phụ nữ"]
    assert entry.reason == "Sửa" and entry.organization == tree.branch_a1


def test_an_ended_candidacy_cannot_be_updated(tree):
    candidate = add(tree.branch_a1)
    services.candidate_drop(candidate=candidate, on=D(2026, 3, 1), reason="Không còn phấn đấu", actor=None)
    with pytest.raises(DomainError) as err:
        services.candidate_update(candidate=candidate, actor=None, occupation="Nông dân")
    assert "Nguyễn Văn Khoa" in err.value.message and "01/03/2026" in err.value.message


def test_mentors_are_assigned_once_and_ended_after_they_started(tree):
    candidate = add(tree.branch_a1)
    an = tree.members["an"]
    mentorship = services.mentor_assign(candidate=candidate, member=an, on=D(2026, 2, 1), actor=None)
    with pytest.raises(DomainError) as err:
        services.mentor_assign(candidate=candidate, member=an, on=D(2026, 2, 2), actor=None)
    assert "Nguyễn Văn An" in err.value.message
    with pytest.raises(DomainError) as err:
        services.mentor_end(mentorship=mentorship, on=D(2026, 1, 31), actor=None)
    assert "01/02/2026" in err.value.message
    services.mentor_end(mentorship=mentorship, on=D(2026, 8, 1), actor=None)
    assert Mentorship.objects.get(pk=mentorship.pk).ended_on == D(2026, 8, 1)
    actions = list(AuditEntry.objects.filter(object_type="candidate", object_id=candidate.pk).values_list("action", flat=True))
    assert "candidate.mentor_assign" in actions and "candidate.mentor_end" in actions


def test_a_mentor_cannot_be_assigned_before_the_candidate_was_added(tree):
    candidate = add(tree.branch_a1)
    with pytest.raises(DomainError) as err:
        services.mentor_assign(candidate=candidate, member=tree.members["an"], on=D(2025, 12, 1), actor=None)
    assert "15/01/2026" in err.value.message


def test_a_transfer_ends_this_candidacy_and_starts_one_on_the_other_list(tree):
    candidate = add(tree.branch_a1, religious=True, youth_union_member=True, residential_area="Thôn 1", mentors=[tree.members["an"]])
    moved = services.candidate_transfer(candidate=candidate, organization=tree.branch_b1, on=D(2026, 6, 1), actor=None, reason="Chuyển nơi ở")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.TRANSFERRED_OUT and candidate.ended_on == D(2026, 6, 1) and candidate.end_reason == "Chuyển nơi ở"
    assert candidate.mentorships.get().ended_on == D(2026, 6, 1)
    assert moved.person_id == candidate.person_id and moved.organization == tree.branch_b1 and moved.added_on == D(2026, 6, 1)
    assert moved.origin == Origin.TRANSFERRED_IN and "Chi bộ thôn 1" in moved.origin_note and "C0101" in moved.origin_note
    assert (moved.group, moved.religious, moved.youth_union_member, moved.residential_area) == (candidate.group, True, True, "Thôn 1")
    assert not moved.mentorships.exists()
    out = AuditEntry.objects.get(action="candidate.transfer_out")
    into = AuditEntry.objects.get(action="candidate.transfer_in")
    assert (out.object_id, out.organization) == (candidate.pk, tree.branch_a1)
    assert (into.object_id, into.organization) == (moved.pk, tree.branch_b1)


def test_a_transfer_needs_another_branch(tree):
    candidate = add(tree.branch_a1)
    for target in (tree.branch_a1, tree.commune_b):
        with pytest.raises(DomainError) as err:
            services.candidate_transfer(candidate=candidate, organization=target, on=D(2026, 6, 1), actor=None, reason="")
        assert target.name in err.value.message


def test_a_candidate_with_a_dossier_in_progress_cannot_be_moved_or_dropped(tree):
    candidate = add(tree.branch_a1)
    dossier_open(candidate=candidate, opened_on=D(2026, 3, 2), actor=None)
    with pytest.raises(DomainError) as err:
        services.candidate_transfer(candidate=candidate, organization=tree.branch_a2, on=D(2026, 6, 1), actor=None, reason="Chuyển")
    assert "Nguyễn Văn Khoa" in err.value.message
    with pytest.raises(DomainError):
        services.candidate_drop(candidate=candidate, on=D(2026, 6, 1), reason="Lý do", actor=None)
    assert Candidate.objects.get().is_open


def test_dropping_needs_a_reason_and_ends_the_mentorships(tree):
    candidate = add(tree.branch_a1, mentors=[tree.members["dat"]])
    with pytest.raises(DomainError) as err:
        services.candidate_drop(candidate=candidate, on=D(2026, 6, 1), reason="  ", actor=None)
    assert "Nguyễn Văn Khoa" in err.value.message and err.value.field == "reason"
    services.candidate_drop(candidate=candidate, on=D(2026, 6, 1), reason="Vi phạm", actor=None)
    candidate.refresh_from_db()
    assert (candidate.status, candidate.ended_on, candidate.end_reason) == (CandidateStatus.DROPPED, D(2026, 6, 1), "Vi phạm")
    assert candidate.mentorships.get().ended_on == D(2026, 6, 1)
    assert AuditEntry.objects.filter(action="candidate.drop", object_id=candidate.pk, reason="Vi phạm").exists()


# --- the yearly review --------------------------------------------------------------------


@pytest.fixture
def three(tree):
    return [add(tree.branch_a1, name, born=D(1999, 1, 1)) for name in ("Trần Văn Bảo", "Hồ Thị Cúc", "Đinh Văn Dũng")]


def review(tree, decisions, *, on=D(2026, 11, 20), year=2026):
    return services.source_review_record(organization=tree.branch_a1, year=year, decisions=decisions, reviewed_on=on, actor=None)


def test_the_review_lists_every_candidate_left_undecided(tree, three):
    bao, cuc, dung = three
    with pytest.raises(DomainError) as err:
        review(tree, {bao.pk: (ReviewOutcome.KEPT, "")})
    assert "Hồ Thị Cúc" in err.value.message and "Đinh Văn Dũng" in err.value.message and "Trần Văn Bảo" not in err.value.message
    assert not SourceReview.objects.exists()


def test_the_review_keeps_and_drops_with_reasons(tree, three):
    bao, cuc, dung = three
    with pytest.raises(DomainError) as err:
        review(tree, {bao.pk: (ReviewOutcome.KEPT, ""), cuc.pk: (ReviewOutcome.DROPPED, ""), dung.pk: (ReviewOutcome.KEPT, "")})
    assert "Hồ Thị Cúc" in err.value.message
    rows = review(tree, {bao.pk: (ReviewOutcome.KEPT, ""), cuc.pk: (ReviewOutcome.DROPPED, "Chuyển đi"), dung.pk: (ReviewOutcome.KEPT, "")})
    assert len(rows) == 3
    cuc.refresh_from_db()
    assert (cuc.status, cuc.ended_on, cuc.end_reason) == (CandidateStatus.DROPPED, D(2026, 11, 20), "Chuyển đi")
    assert Candidate.objects.filter(ended_on__isnull=True).count() == 2
    entries = AuditEntry.objects.filter(action="candidate.review")
    assert entries.count() == 3 and {e.organization for e in entries} == {tree.branch_a1}
    assert entries.get(object_id=cuc.pk).changes["status"] == [CandidateStatus.SOURCE, CandidateStatus.DROPPED]


def test_admitted_is_only_for_someone_admitted_that_year(tree, three):
    bao, cuc, dung = three
    with pytest.raises(DomainError) as err:
        review(tree, {bao.pk: (ReviewOutcome.ADMITTED, ""), cuc.pk: (ReviewOutcome.KEPT, ""), dung.pk: (ReviewOutcome.KEPT, "")})
    assert "Trần Văn Bảo" in err.value.message and "2026" in err.value.message
    # The dossier's admission decision ends the candidacy as admitted.
    Candidate.objects.filter(pk=bao.pk).update(status=CandidateStatus.ADMITTED, ended_on=D(2026, 9, 1))
    review(tree, {bao.pk: (ReviewOutcome.ADMITTED, ""), cuc.pk: (ReviewOutcome.KEPT, ""), dung.pk: (ReviewOutcome.KEPT, "")})
    assert SourceReview.objects.get(candidate=bao).outcome == ReviewOutcome.ADMITTED
    with pytest.raises(DomainError) as err:
        review(tree, {bao.pk: (ReviewOutcome.KEPT, ""), cuc.pk: (ReviewOutcome.KEPT, ""), dung.pk: (ReviewOutcome.KEPT, "")})
    assert "01/09/2026" in err.value.message


def test_recording_the_review_again_replaces_it_and_can_take_back_a_drop(tree, three):
    bao, cuc, dung = three
    review(tree, {bao.pk: (ReviewOutcome.KEPT, ""), cuc.pk: (ReviewOutcome.DROPPED, "Chuyển đi"), dung.pk: (ReviewOutcome.KEPT, "")})
    review(tree, {bao.pk: (ReviewOutcome.KEPT, ""), cuc.pk: (ReviewOutcome.KEPT, "Nhầm"), dung.pk: (ReviewOutcome.DROPPED, "Vi phạm")})
    assert SourceReview.objects.count() == 3
    cuc.refresh_from_db()
    dung.refresh_from_db()
    assert cuc.is_open and cuc.status == CandidateStatus.SOURCE
    assert dung.status == CandidateStatus.DROPPED and SourceReview.objects.get(candidate=cuc).outcome == ReviewOutcome.KEPT


def test_the_review_covers_only_the_branch_list(tree, three):
    stranger = add(tree.branch_a2, "Mai Văn Lạ")
    decisions = {c.pk: (ReviewOutcome.KEPT, "") for c in three} | {stranger.pk: (ReviewOutcome.KEPT, "")}
    with pytest.raises(DomainError) as err:
        review(tree, decisions)
    assert "Mai Văn Lạ" in err.value.message


def test_the_review_year_cannot_come_after_its_date(tree, three):
    with pytest.raises(DomainError) as err:
        review(tree, {}, year=2027, on=D(2026, 11, 20))
    assert "2027" in err.value.message


def test_a_committee_has_no_review_of_its_own(tree):
    with pytest.raises(DomainError) as err:
        services.source_review_record(organization=tree.commune_a, year=2026, decisions={}, reviewed_on=D(2026, 11, 20), actor=None)
    assert tree.commune_a.name in err.value.message


# --- source groups ------------------------------------------------------------------------


def test_only_an_administrator_edits_the_source_groups(tree, admin_user, province_officer):
    with pytest.raises(PermissionDenied):
        services.source_group_add(name="Hội Sinh viên", actor=province_officer)
    group = services.source_group_add(name="Hội Sinh viên", actor=admin_user)
    assert group.code == "hoi-sinh-vien" and group.active and group.position > 15
    with pytest.raises(DomainError) as err:
        services.source_group_add(name="hoi sinh vien", actor=admin_user)
    assert "Hội Sinh viên" in err.value.message
    services.source_group_update(group=group, name="Hội Sinh viên Việt Nam", active=False, actor=admin_user)
    group.refresh_from_db()
    assert group.name == "Hội Sinh viên Việt Nam" and not group.active
    entries = AuditEntry.objects.filter(object_type="source_group", object_id=group.pk)
    assert {e.action for e in entries} == {"source_group.add", "source_group.update"}
    assert entries.get(action="source_group.update").changes["active"] == [True, False]
    with pytest.raises(PermissionDenied):
        services.source_group_update(group=group, active=True, actor=make_user("sec2", "secretary", tree.branch_a2))
