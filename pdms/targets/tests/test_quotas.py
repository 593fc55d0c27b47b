import datetime as dt
from decimal import Decimal

import pytest

from pdms.accounts.scope import Scope, system_scope
from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError, PermissionDenied
from pdms.core.testing import register
from pdms.indicators.engine import Context, get, percent
from pdms.organizations import services as org_services
from pdms.targets import services
from pdms.targets.indicators import previous_term
from pdms.targets.models import Quota
from pdms.targets.selectors import children_mismatch, quota_in_force, quota_target

from .conftest import TERM, YEAR_2022

D = dt.date


def figure(org, key, *, as_of, start=None, end=None):
    ctx = Context.build(scope=system_scope(), organization=org, as_of=as_of, start=start or TERM[0], end=end or TERM[1])
    return get(key).compute(ctx), ctx


def test_a_number_quota_is_its_own_target_and_progress_counts_admissions_of_the_term(tree, set_quota):
    set_quota(tree.district, 3)
    register(tree.branch_a1, "Hoàng Văn Một", admitted=D(2021, 3, 1))
    register(tree.branch_b1, "Hoàng Văn Hai", admitted=D(2022, 2, 1))
    register(tree.branch_b1, "Hoàng Văn Ba", admitted=D(2022, 8, 1))  # after the as-of date
    quota, _ = figure(tree.district, "quota", as_of=D(2022, 6, 30))
    achievement, ctx = figure(tree.district, "quota_achievement", as_of=D(2022, 6, 30))
    excess, _ = figure(tree.district, "quota_excess", as_of=D(2022, 6, 30))
    assert quota.value == 3 and "09-KH/HU" in quota.label and "1" in quota.label
    assert (achievement.numerator, achievement.denominator, achievement.percent) == (2, 3, Decimal("66.67"))
    assert excess.value == -1
    assert get("quota").records(ctx).count() == 2


def test_a_percentage_quota_is_rounded_up_from_the_membership_on_its_reference_date(tree, set_quota):
    # District members on 31/12/2019: An, Đạt, Bình. "At least 50%" of 3 is 2 admissions.
    quota = set_quota(tree.district, Decimal("50"), kind="percent", reference_on=D(2019, 12, 31))
    assert quota_target(quota) == 2
    quota = set_quota(tree.district, Decimal("7"), kind="percent", reference_on=D(2019, 12, 31), reason="Điều chỉnh")
    assert quota_target(quota) == 1  # 0.21 rounds up to 1


def test_an_adjusted_quota_is_used_from_its_decision_date_and_the_first_version_before(tree, set_quota):
    set_quota(tree.district, 3)
    v2 = set_quota(tree.district, 2, decided_on=D(2022, 3, 1), decision="Nghị quyết 15-NQ/HU", reason="Sáp nhập thôn")
    assert v2.version == 2 and Quota.objects.count() == 2
    before, ctx = figure(tree.district, "quota", as_of=D(2022, 2, 28))
    after, ctx_after = figure(tree.district, "quota", as_of=D(2022, 6, 30))
    assert before.value == 3 and quota_in_force(ctx).version == 1
    assert after.value == 2 and quota_in_force(ctx_after).version == 2 and "2" in after.label
    entry = AuditEntry.objects.filter(action="quota.adjust").get()
    assert entry.organization == tree.district and entry.changes["value"] == ["3.00", "2.00"] and entry.reason == "Sáp nhập thôn"


def test_an_adjustment_needs_a_reason_and_a_decision_date_not_before_the_last_version(tree, set_quota):
    set_quota(tree.district, 3, decided_on=D(2021, 1, 1))
    with pytest.raises(DomainError, match="lý do|reason"):
        set_quota(tree.district, 4, decided_on=D(2022, 1, 1))
    with pytest.raises(DomainError, match="01/01/2021"):
        set_quota(tree.district, 4, decided_on=D(2020, 12, 1), reason="Bổ sung")


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"value": 0}, "value"),
        ({"value": Decimal("2.5")}, "value"),
        ({"value": 101, "kind": "percent", "reference_on": D(2020, 1, 1)}, "value"),
        ({"value": 7, "kind": "percent"}, "reference_on"),
        ({"period": (D(2020, 1, 1), D(2020, 12, 31))}, "period_start"),
        ({"period": (D(2022, 12, 31), D(2022, 1, 1))}, "period_end"),
    ],
)
def test_a_quota_that_breaks_a_rule_is_refused(tree, set_quota, changes, field):
    with pytest.raises(DomainError) as error:
        set_quota(tree.district, changes.pop("value", 3), **changes)
    assert error.value.field == field


def test_a_quota_can_only_be_set_for_the_plans_committee_or_a_unit_under_it(tree, set_quota):
    with pytest.raises(DomainError, match="Chi bộ cơ sở Trường THPT Pleiku") as error:
        set_quota(tree.other_branch, 3)
    assert error.value.field == "organization"
    with pytest.raises(DomainError):
        set_quota(tree.province, 3)


def test_a_secretary_and_an_outsider_may_not_set_quotas_but_a_province_officer_may(tree, plan, secretary, outsider, province_officer):
    for actor in (secretary, outsider):
        with pytest.raises(PermissionDenied):
            services.quota_set(plan=plan, organization=tree.commune_a, period_start=TERM[0], period_end=TERM[1], kind="number",
                               value=2, decided_on=D(2020, 10, 6), actor=actor)
    quota = services.quota_set(plan=plan, organization=tree.commune_a, period_start=TERM[0], period_end=TERM[1], kind="number",
                               value=2, decided_on=D(2020, 10, 6), actor=province_officer)
    assert quota.actor == province_officer and Scope.of(province_officer).can_write_org(plan.organization)


def test_admissions_of_a_merged_branch_count_for_its_successor(tree, set_quota):
    set_quota(tree.branch_a1, 2)
    register(tree.branch_a2, "Đinh Văn Nhập", admitted=D(2021, 5, 1))
    org_services.organizations_merge(sources=[tree.branch_a2], into=tree.branch_a1, on=D(2023, 1, 1), actor=None)
    before, _ = figure(tree.branch_a1, "quota_achievement", as_of=D(2022, 6, 30))
    after, _ = figure(tree.branch_a1, "quota_achievement", as_of=D(2023, 6, 30))
    assert (before.numerator, before.percent) == (0, Decimal("0.00"))
    assert (after.numerator, after.denominator, after.percent) == (1, 2, Decimal("50.00"))


def test_achievement_is_rounded_half_up_to_two_decimals_and_excess_may_be_positive(tree, set_quota):
    assert percent(191, 600) == Decimal("31.83") and percent(9701, 9352) == Decimal("103.73")
    set_quota(tree.commune_b, 6)
    register(tree.branch_b1, "Mai Văn Sáu", admitted=D(2021, 3, 1))
    assert figure(tree.commune_b, "quota_achievement", as_of=D(2022, 6, 30))[0].percent == Decimal("16.67")
    set_quota(tree.commune_a, 1)
    register(tree.branch_a1, "Mai Văn Bảy", admitted=D(2021, 3, 1))
    register(tree.branch_a2, "Mai Văn Tám", admitted=D(2022, 3, 1))
    assert figure(tree.commune_a, "quota_excess", as_of=D(2022, 6, 30))[0].value == 1
    assert figure(tree.commune_a, "quota_achievement", as_of=D(2022, 6, 30))[0].percent == Decimal("200.00")


def test_admissions_are_compared_with_the_same_period_of_the_previous_year(tree):
    register(tree.branch_a1, "Lý Văn Trước", admitted=D(2021, 3, 1))
    register(tree.branch_a1, "Lý Văn Sau", admitted=D(2021, 9, 1))  # after 30/06 of the previous year
    register(tree.branch_a1, "Lý Văn Một", admitted=D(2022, 2, 1))
    register(tree.branch_a2, "Lý Văn Hai", admitted=D(2022, 6, 30))
    year = {"as_of": D(2022, 6, 30), "start": D(2022, 1, 1), "end": D(2022, 12, 31)}
    previous, ctx = figure(tree.commune_a, "admissions_same_period_previous_year", **year)
    change, _ = figure(tree.commune_a, "admissions_change_on_previous_year", **year)
    assert previous.value == 1 and get("admissions_same_period_previous_year").records(ctx).get().member.person.given_name == "Trước"
    assert change.value == Decimal("100.00") and change.record_count == 2
    assert figure(tree.commune_b, "admissions_change_on_previous_year", **year)[0].value is None  # nothing to compare with


def test_the_previous_term_is_the_equally_long_period_before_the_quota(tree, set_quota):
    year_quota = set_quota(tree.district, 1, period=YEAR_2022)
    term_quota = set_quota(tree.district, 5)
    assert previous_term(year_quota) == (D(2021, 1, 1), D(2021, 12, 31))
    assert previous_term(term_quota) == (D(2015, 8, 1), D(2020, 7, 31))
    register(tree.branch_a1, "Tô Văn Mới", admitted=D(2021, 3, 1))
    # Previous term 01/08/2015–31/07/2020: Đạt (2016) and Bình (2018); its first 23
    # months, as far as 30/06/2022 is into this term, hold Đạt only.
    previous, _ = figure(tree.district, "admissions_previous_term", as_of=D(2022, 6, 30))
    elapsed, _ = figure(tree.district, "admissions_previous_term_elapsed", as_of=D(2022, 6, 30))
    difference, _ = figure(tree.district, "admissions_change_on_previous_term", as_of=D(2022, 6, 30))
    assert previous.value == 2 and elapsed.value == 1 and difference.value == 1 - 1
    assert "01/08/2015–30/06/2017" in elapsed.label
    after, _ = figure(tree.district, "admissions_change_on_previous_term", as_of=D(2025, 12, 31))
    assert after.value == 1 - 2  # the whole term against the whole previous term
    year_previous, _ = figure(tree.district, "admissions_previous_term", as_of=D(2022, 6, 30), start=YEAR_2022[0], end=YEAR_2022[1])
    assert year_previous.value == 1  # the year quota is the exact match: 2021


def test_units_meeting_quota_counts_units_with_a_quota_of_the_same_plan_and_period(tree, set_quota):
    set_quota(tree.district, 3)
    set_quota(tree.commune_a, 1)
    set_quota(tree.commune_b, 5)
    register(tree.branch_a1, "Vũ Văn Đạt", admitted=D(2021, 3, 1))
    result, ctx = figure(tree.district, "units_meeting_quota", as_of=D(2022, 6, 30))
    assert (result.numerator, result.denominator, result.percent) == (1, 2, Decimal("50.00"))
    assert [v.organization for v in get("units_meeting_quota").records(ctx)] == [tree.commune_a]


def test_without_a_quota_the_quota_figures_are_empty(tree):
    for key in ("quota", "quota_achievement", "quota_excess", "admissions_previous_term", "units_meeting_quota"):
        result, ctx = figure(tree.district, key, as_of=D(2022, 6, 30))
        assert result.value is None and result.record_count == 0 and get(key).records(ctx).count() == 0


def test_the_warning_says_when_units_quotas_do_not_add_up_to_the_parents(tree, plan, set_quota):
    set_quota(tree.district, 3)
    set_quota(tree.commune_a, 1)
    assert children_mismatch(plan, tree.district, TERM, on=D(2022, 6, 30)) == (3, 1, [tree.commune_b])
    set_quota(tree.commune_b, 2)
    assert children_mismatch(plan, tree.district, TERM, on=D(2022, 6, 30)) == (3, 3, [])
