"""Each rule of the consistency check, firing and not firing, on the small tree."""

import datetime as dt

import pytest

from pdms.checks.registry import _RULES, Finding, all_rules, register_rule, run_checks
from pdms.core.errors import DomainError
from pdms.core.testing import person, register
from pdms.members.indicators import BalanceAdmitted, MembersTotal
from pdms.members.models import Member, Person
from pdms.members.services import member_register
from pdms.organizations.models import Organization
from pdms.recruitment.models import Dossier

D = dt.date


def _keys(findings):
    return [f.rule for f in findings]


def _run(ctx, key):
    return run_checks(ctx, [key])


def test_the_small_tree_is_consistent(tree, check_ctx):
    assert run_checks(check_ctx(tree.province)) == []


def test_the_rule_set_lists_the_rules_in_order():
    assert [r.key for r in all_rules()][:8] == [
        "balance_identity", "subtotal_mismatch", "admitted_under_18", "recognition_timing", "duplicate_person",
        "member_in_dissolved_organization", "reported_arithmetic", "reported_differs",
    ]


def test_another_app_may_register_a_rule_and_the_run_includes_it(tree, check_ctx, monkeypatch):
    monkeypatch.setattr("pdms.checks.registry._RULES", dict(_RULES))
    register_rule("example_rule", "Example", lambda ctx: [Finding("example_rule", f"{ctx.organization.code}")])
    assert [f.message for f in run_checks(check_ctx(tree.commune_a), ["example_rule"])] == ["X01"]


def test_a_rule_may_not_be_registered_twice():
    with pytest.raises(ValueError):
        register_rule("balance_identity", "again", lambda ctx: [])


def test_a_failing_member_balance_is_flagged_with_each_figure_drillable(tree, check_ctx, monkeypatch):
    original = BalanceAdmitted.compute

    def one_more(self, ctx):
        result = original(self, ctx)
        result.value += 1
        return result

    monkeypatch.setattr(BalanceAdmitted, "compute", one_more)
    [finding] = _run(check_ctx(tree.commune_a, start=D(2025, 1, 1), end=D(2025, 12, 31)), "balance_identity")
    assert "Hà Mòn" in finding.message
    assert "/indicators/%d/balance_admitted/" % tree.commune_a.pk in " ".join(r.url for r in finding.records)
    assert finding.records[0].type == "organization"


def test_a_member_balance_that_holds_is_not_flagged(tree, check_ctx):
    assert _run(check_ctx(tree.commune_a, start=D(2025, 1, 1), end=D(2025, 12, 31)), "balance_identity") == []


def test_a_parent_whose_total_is_not_its_own_members_plus_its_children_is_flagged(tree, check_ctx, monkeypatch):
    original = MembersTotal.compute

    def inflated(self, ctx):
        result = original(self, ctx)
        if ctx.organization == tree.branch_a1:
            result.value += 5
        return result

    monkeypatch.setattr(MembersTotal, "compute", inflated)
    assert _run(check_ctx(tree.district), "subtotal_mismatch") == []  # one level: the district and its communes
    findings = _run(check_ctx(tree.commune_a), "subtotal_mismatch")
    assert [f.records[0].id for f in findings] == [tree.commune_a.pk]
    assert {r.label for r in findings[0].records} >= {"Chi bộ thôn 1 (C0101): 7", "Chi bộ thôn 2 (C0102): 1"}


def test_members_directly_in_a_committee_count_towards_its_total(tree, check_ctx):
    register(tree.commune_a, "Đỗ Văn Hùng")
    assert _run(check_ctx(tree.province), "subtotal_mismatch") == []


def test_an_admission_before_the_18th_birthday_is_flagged(tree, check_ctx):
    dat = tree.members["dat"]
    Member.objects.filter(pk=dat.pk).update(admitted_on=D(2007, 12, 31))  # born 01/01/1990
    [finding] = _run(check_ctx(tree.province), "admitted_under_18")
    assert finding.records[0].id == dat.pk and finding.records[0].url == f"/members/{dat.pk}/"
    assert "Trần Quốc Đạt" in finding.message and "31/12/2007" in finding.message


def test_an_admission_on_the_18th_birthday_is_not_flagged(tree, check_ctx):
    Member.objects.filter(pk=tree.members["dat"].pk).update(admitted_on=D(2008, 1, 1))
    assert _run(check_ctx(tree.province), "admitted_under_18") == []


def test_a_paper_recognition_more_than_31_days_off_the_12_months_is_flagged(tree, check_ctx):
    an = tree.members["an"]  # admitted 01/03/2012, no ceremony date: due 01/03/2013
    Member.objects.filter(pk=an.pk).update(recognized_on=D(2013, 4, 2))
    [finding] = _run(check_ctx(tree.province), "recognition_timing")
    assert finding.records[0].id == an.pk and "01/03/2013" in finding.message


def test_a_paper_recognition_within_31_days_is_not_flagged(tree, check_ctx):
    Member.objects.filter(pk=tree.members["an"].pk).update(recognized_on=D(2013, 4, 1))
    assert _run(check_ctx(tree.province), "recognition_timing") == []


def test_the_12_months_count_from_the_ceremony_when_it_is_recorded(tree, check_ctx):
    Member.objects.filter(pk=tree.members["an"].pk).update(ceremony_on=D(2012, 3, 20), recognized_on=D(2013, 3, 20))
    assert _run(check_ctx(tree.province), "recognition_timing") == []


def _dossier_for(member):
    return Dossier.objects.create(
        person=member.person, organization=member.organization, ruleset="2021", state="recognized", opened_on=D(2011, 10, 1), member=member
    )


def test_a_recognition_through_a_dossier_one_day_off_the_12_months_is_flagged(tree, check_ctx):
    an = tree.members["an"]
    _dossier_for(an)
    Member.objects.filter(pk=an.pk).update(recognized_on=D(2013, 3, 2))
    [finding] = _run(check_ctx(tree.province), "recognition_timing")
    assert finding.records[0].id == an.pk


def test_a_recognition_through_a_dossier_at_the_end_of_the_12_months_is_not_flagged(tree, check_ctx):
    _dossier_for(tree.members["an"])
    assert _run(check_ctx(tree.province), "recognition_timing") == []


def _namesake(org, citizen_id, *, full_name="Nguyễn  văn An", hometown="", born=D(1990, 1, 1)):
    """A member with the name, birth date and sex of An (branch A1), whose citizen ID is
    001 090 000001 unless the test says otherwise."""
    data = person(full_name, born, citizen_id=citizen_id, hometown=hometown)
    return member_register(person=data, organization=org, admitted_on=D(2016, 1, 1), recognized_on=D(2017, 1, 1), actor=None, today=D(2026, 11, 23))


@pytest.fixture
def an(tree):
    """An with a known citizen ID and hometown."""
    an = tree.members["an"]
    an.person.set_citizen_id("001090000001")
    an.person.hometown = "xã Hà Mòn, huyện Đắk Hà"
    an.person.save()
    return an


def test_namesakes_with_unrelated_citizen_ids_are_not_flagged(tree, check_ctx, an):
    _namesake(tree.branch_a2, "001090123457", hometown="huyện Vũ Thư, tỉnh Thái Bình")
    assert _run(check_ctx(tree.province), "duplicate_person") == []


@pytest.mark.parametrize("citizen_id", ["001090000007", "001090000010"], ids=["one digit mistyped", "two digits swapped"])
def test_a_citizen_id_one_typo_away_on_a_namesake_is_flagged(tree, check_ctx, an, citizen_id):
    twin = _namesake(tree.branch_a2, citizen_id)
    [finding] = _run(check_ctx(tree.province), "duplicate_person")
    assert [r.id for r in finding.records] == [an.pk, twin.pk]
    assert "0001" in finding.message and citizen_id[-4:] in finding.message


def test_a_namesake_from_the_same_hometown_is_flagged_however_it_is_written(tree, check_ctx, an):
    twin = _namesake(tree.branch_a2, "001090555555", hometown="Xã Hà Mòn,  huyện Đắk Hà ")
    [finding] = _run(check_ctx(tree.province), "duplicate_person")
    assert [r.id for r in finding.records] == [an.pk, twin.pk]
    assert "xã Hà Mòn, huyện Đắk Hà" in finding.message


def test_a_namesake_without_a_citizen_id_is_flagged(tree, check_ctx, an):
    twin = _namesake(tree.branch_a2, "001090555555")
    Person.objects.filter(pk=twin.person_id).update(citizen_id_hash=None, citizen_id_encrypted="", citizen_id_last4="")
    [finding] = _run(check_ctx(tree.province), "duplicate_person")
    assert [r.id for r in finding.records] == [an.pk, twin.pk]


def test_the_same_name_with_another_birth_date_is_not_flagged(tree, check_ctx, an):
    twin = _namesake(tree.branch_a2, "001091000001", born=D(1991, 1, 1))
    Person.objects.filter(pk=twin.person_id).update(citizen_id_hash=None)
    assert _run(check_ctx(tree.province), "duplicate_person") == []


def test_a_namesake_outside_the_run_is_not_listed(tree, check_ctx, an):
    _namesake(tree.branch_b1, "001090000007")
    assert _run(check_ctx(tree.commune_a), "duplicate_person") == []
    assert len(_run(check_ctx(tree.district), "duplicate_person")) == 1


def test_the_same_citizen_id_cannot_be_registered_twice_whatever_its_spacing(tree, an):
    with pytest.raises(DomainError):
        _namesake(tree.branch_a2, "001 090 000 001")
    assert Member.objects.filter(person__search_name=an.person.search_name).count() == 1


def test_an_active_member_of_a_dissolved_organization_is_flagged(tree, check_ctx):
    Organization.objects.filter(pk=tree.branch_a2.pk).update(ended_on=D(2026, 6, 1))
    [finding] = _run(check_ctx(tree.province), "member_in_dissolved_organization")
    assert [r.id for r in finding.records] == [tree.members["dat"].pk, tree.branch_a2.pk]


def test_a_member_before_the_dissolution_date_is_not_flagged(tree, check_ctx):
    Organization.objects.filter(pk=tree.branch_a2.pk).update(ended_on=D(2026, 6, 1))
    assert _run(check_ctx(tree.province, as_of=D(2026, 5, 31)), "member_in_dissolved_organization") == []


def test_a_commune_officers_run_never_lists_records_outside_their_subtree(tree, check_ctx, commune_officer, province_officer):
    binh = tree.members["binh"]  # in X02, outside the commune officer's subtree
    Member.objects.filter(pk=binh.pk).update(admitted_on=D(2001, 1, 1), recognized_on=D(2009, 1, 1))
    twin = register(tree.branch_b1, "Trần Quốc Đạt", admitted=D(2016, 1, 1), recognized=D(2017, 1, 1))
    Person.objects.filter(pk=twin.person_id).update(citizen_id_hash=None)  # entered from a paper record without one
    Organization.objects.filter(pk=tree.branch_b1.pk).update(ended_on=D(2026, 6, 1))
    everything = run_checks(check_ctx(tree.province, user=province_officer))
    assert {"admitted_under_18", "recognition_timing", "duplicate_person", "member_in_dissolved_organization"} <= set(_keys(everything))
    # Asked for the province, the commune officer's run is cut to their scope.
    for org in (tree.commune_a, tree.province):
        mine = run_checks(check_ctx(org, user=commune_officer))
        assert mine == []


def test_a_run_over_one_branch_lists_what_the_province_run_lists_for_that_branch(tree, check_ctx, an):
    # A branch is a small part of the tree: its run reads its own members, the province's
    # reads all members; both list the same records of the branch.
    young = register(tree.branch_a1, "Lê Văn Trẻ", born=D(2000, 6, 1), admitted=D(2019, 1, 1), recognized=D(2020, 1, 1))
    Member.objects.filter(pk=young.pk).update(admitted_on=D(2018, 1, 1), recognized_on=D(2019, 3, 1))
    twin = _namesake(tree.branch_a1, "001090000007")
    keys = ["admitted_under_18", "recognition_timing", "duplicate_person"]
    branch = [(f.rule, [r.id for r in f.records]) for f in run_checks(check_ctx(tree.branch_a1), keys)]
    assert branch == [("admitted_under_18", [young.pk]), ("recognition_timing", [young.pk]), ("duplicate_person", [an.pk, twin.pk])]
    province = [(f.rule, [r.id for r in f.records]) for f in run_checks(check_ctx(tree.province), keys)]
    assert province == branch
    assert run_checks(check_ctx(tree.branch_a2), keys) == []


def test_a_probation_left_more_than_30_working_days_without_a_decision_is_flagged(tree, check_ctx):
    from pdms.checks.probation import probation_end
    from pdms.workdays.calendar import add_workdays

    late = register(tree.branch_a1, "Đỗ Văn Quá", admitted=D(2025, 9, 1))
    register(tree.branch_a2, "Đỗ Văn Kịp", admitted=D(2025, 10, 20))  # its 30 working days are not over
    end = probation_end(D(2025, 9, 1), None)
    assert end == D(2026, 9, 1)
    [finding] = _run(check_ctx(tree.province), "probation_overdue")
    assert "Đỗ Văn Quá" in finding.message and "01/09/2026" in finding.message
    assert [r.id for r in finding.records] == [late.pk]
    # On the 30th working day after the end it is not overdue yet; on the next it is.
    assert _run(check_ctx(tree.province, as_of=add_workdays(end, 30)), "probation_overdue") == []
    assert len(_run(check_ctx(tree.province, as_of=add_workdays(end, 31)), "probation_overdue")) == 1
