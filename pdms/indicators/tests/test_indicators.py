import datetime as dt
from decimal import Decimal

import pytest

from pdms.accounts.scope import Scope, system_scope
from pdms.core.errors import DomainError
from pdms.indicators.engine import Context, evaluate, get, percent
from pdms.organizations import services as orgs
from pdms.organizations.models import OrgKind

D = dt.date


def figures(org, *, as_of=D(2026, 11, 23), start=None, end=None, scope=None):
    ctx = Context.build(scope=scope or system_scope(), organization=org, as_of=as_of, start=start, end=end)
    return {r.key: r for r in evaluate(ctx)}


def test_percent_is_rounded_half_up_to_two_decimals():
    assert percent(195, 304) == Decimal("64.14")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(5, 0) is None


def test_member_and_structure_counts_for_a_province(tree):
    f = figures(tree.province)
    assert f["members_total"].value == 4
    assert f["members_full"].value == 3 and f["members_probationary"].value == 1
    assert f["grassroots_organizations"].value == 2 and f["grassroots_committees"].value == 2
    assert f["grassroots_branches"].value == 0
    assert f["branches_under_grassroots_committees"].value == 3
    assert (f["branches_with_committee"].numerator, f["branches_with_committee"].denominator) == (0, 3)


def test_admissions_and_recognitions_are_counted_by_their_dates_in_the_period(tree):
    f = figures(tree.province, as_of=D(2025, 12, 31), start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert f["admissions"].value == 1  # Lê Thị Ánh, 01/12/2025
    assert f["recognitions"].value == 0
    f = figures(tree.province, as_of=D(2017, 12, 31), start=D(2017, 1, 1))
    assert f["recognitions"].value == 1 and f["admissions"].value == 0


def test_a_ratio_reports_numerator_denominator_and_percent(tree):
    orgs.organization_set_committee(organization=tree.branch_a1, has_committee=True, on=D(2024, 1, 1), actor=None)
    r = figures(tree.province)["branches_with_committee"]
    assert (r.numerator, r.denominator, r.percent) == (1, 3, Decimal("33.33"))
    assert figures(tree.province, as_of=D(2023, 12, 31))["branches_with_committee"].numerator == 0


def test_figures_as_of_a_past_date_use_the_structure_of_that_date(tree):
    orgs.organizations_merge(
        sources=[tree.commune_a, tree.commune_b],
        new=orgs.NewOrganization("XM01", "Đảng bộ xã Đắk Hà", OrgKind.COMMUNE, tree.province),
        on=D(2025, 7, 1),
        actor=None,
    )
    orgs.organization_dissolve(organization=tree.district, on=D(2025, 7, 1), actor=None)
    before, after = figures(tree.province, as_of=D(2024, 12, 31)), figures(tree.province)
    assert before["grassroots_committees"].value == 2 and after["grassroots_committees"].value == 0
    assert before["members_total"].value == 3 and after["members_total"].value == 4
    # The new commune carries the members, and its history includes the old communes'.
    new = tree.commune_a.successor_links.get().successor
    f = figures(new, start=D(2012, 1, 1))
    assert f["members_total"].value == 4 and f["balance_admitted"].value == 4


def test_drilldown_records_match_every_figure(tree):
    ctx = Context.build(scope=system_scope(), organization=tree.province, as_of=D(2026, 11, 23), start=D(2010, 1, 1))
    for result in evaluate(ctx):
        indicator = get(result.key)
        assert indicator.records(ctx).count() == result.record_count, result.key


def test_a_user_sees_only_figures_of_their_scope(tree, commune_officer):
    f = figures(tree.province, scope=Scope.of(commune_officer))
    assert f["members_total"].value == 3  # only commune A's members: An, Ánh, Đạt


def test_unknown_indicator_and_reversed_period_are_refused(tree):
    with pytest.raises(DomainError):
        get("no_such_indicator")
    with pytest.raises(DomainError):
        Context.build(scope=system_scope(), organization=tree.province, as_of=D(2026, 1, 1), start=D(2025, 5, 1), end=D(2025, 1, 1))


def test_history_can_be_counted_in_a_later_structure(tree):
    new = orgs.organizations_merge(
        sources=[tree.commune_a, tree.commune_b],
        new=orgs.NewOrganization("XM01", "Đảng bộ xã Đắk Hà", OrgKind.COMMUNE, tree.province),
        on=D(2025, 7, 1),
        actor=None,
    )
    # In the structure of 2020 the new commune did not exist ...
    assert figures(new, as_of=D(2020, 12, 31))["members_total"].value == 0
    # ... restated in today's structure, its predecessors' members of 2020 are its own.
    ctx = Context.build(scope=system_scope(), organization=new, as_of=D(2026, 11, 23))
    past = {r.key: r.value for r in evaluate(ctx.counted_on(D(2020, 12, 31)), ["members_total"])}
    assert past["members_total"] == 3  # An, Đạt, Bình; Ánh was admitted in 2025


def test_a_series_over_many_days_equals_each_day_counted_alone(tree):
    from pdms.indicators.engine import evaluate_series
    from pdms.members.services import member_end, member_recognize

    member_recognize(member=tree.members["anh"], on=D(2026, 6, 1), actor=None)
    member_end(member=tree.members["dat"], status="deceased", on=D(2024, 2, 2), actor=None)
    ctx = Context.build(scope=system_scope(), organization=tree.province, as_of=D(2026, 11, 23))
    days = [D(2011, 1, 1), D(2012, 3, 1), D(2016, 5, 4), D(2016, 5, 5), D(2024, 2, 1), D(2024, 2, 2), D(2026, 6, 1), D(2026, 11, 23)]
    keys = ["members_total", "members_full", "members_probationary", "grassroots_committees"]
    series = evaluate_series(ctx, keys, days)
    for i, day in enumerate(days):
        alone = {r.key: r.value for r in evaluate(ctx.counted_on(day), keys)}
        assert {key: series[key][i].value for key in keys} == alone, day
