"""The consistency rule of quotas, run through the consistency check."""

import datetime as dt

import pytest

from pdms.accounts.scope import system_scope
from pdms.checks.registry import run_checks
from pdms.indicators.engine import Context

from .conftest import TERM

D = dt.date
pytestmark = pytest.mark.django_db


def findings(tree, organization=None, as_of=D(2021, 6, 30)):
    ctx = Context.build(scope=system_scope(), organization=organization or tree.district, as_of=as_of, start=TERM[0], end=as_of)
    return [f for f in run_checks(ctx, ["quota_sum"])]


def test_units_quotas_that_fall_short_of_the_committees_are_listed_with_the_figures(tree, set_quota):
    set_quota(tree.district, 40)
    set_quota(tree.commune_a, 20)
    set_quota(tree.commune_b, 15)
    (finding,) = findings(tree)
    assert "09-KH/HU" in finding.message and "40" in finding.message and "35" in finding.message
    assert [r.id for r in finding.records] == [tree.district.pk]


def test_units_quotas_that_exceed_it_are_listed_too(tree, set_quota):
    set_quota(tree.district, 30)
    set_quota(tree.commune_a, 20)
    set_quota(tree.commune_b, 15)
    assert len(findings(tree)) == 1


def test_a_unit_without_a_quota_is_named(tree, set_quota):
    set_quota(tree.district, 20)
    set_quota(tree.commune_a, 20)
    (finding,) = findings(tree)
    assert tree.commune_b.name in finding.message and tree.commune_b.pk in [r.id for r in finding.records]


def test_quotas_that_add_up_and_a_quota_not_yet_divided_are_consistent(tree, set_quota):
    set_quota(tree.district, 35)
    assert findings(tree) == []
    set_quota(tree.commune_a, 20)
    set_quota(tree.commune_b, 15)
    assert findings(tree) == []


def test_an_adjusted_unit_quota_counts_from_its_decision(tree, set_quota):
    set_quota(tree.district, 35)
    set_quota(tree.commune_a, 20)
    set_quota(tree.commune_b, 15)
    set_quota(tree.commune_b, 18, decided_on=D(2022, 3, 1), decision="15-NQ/HU", reason="Bổ sung chỉ tiêu")
    assert findings(tree, as_of=D(2022, 2, 28)) == []
    assert len(findings(tree, as_of=D(2022, 3, 1))) == 1


def test_a_quota_divided_before_a_merger_is_judged_among_the_units_it_was_divided_to(tree, set_quota):
    from pdms.organizations.models import OrgKind
    from pdms.organizations.services import NewOrganization, organizations_merge

    set_quota(tree.district, 35)
    set_quota(tree.commune_a, 20)
    set_quota(tree.commune_b, 15)
    organizations_merge(
        sources=[tree.commune_a, tree.commune_b], new=NewOrganization("XM01", "Đảng bộ xã Đắk Hà", OrgKind.GRASSROOTS_COMMITTEE, tree.district),
        on=D(2023, 1, 1), actor=None,
    )
    assert findings(tree, as_of=D(2024, 6, 30)) == []
