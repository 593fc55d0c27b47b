"""The plan page, the ranking and the quota check read each kind of record once for all
units: the number of queries does not grow with the number of units."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pdms.accounts.scope import system_scope
from pdms.checks.registry import run_checks
from pdms.core.testing import register
from pdms.indicators.engine import Context
from pdms.organizations.models import OrgKind
from pdms.organizations.services import organization_found
from pdms.targets.reports import progress_rows

D = dt.date
YEAR_2022 = (D(2022, 1, 1), D(2022, 12, 31))


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def _quotas(tree, set_quota, units, *, district=True):
    """Term and 2022 quotas for each unit (percent quotas for the year, so their targets
    need membership counts), and an admission in each unit; the district's own quotas
    the first time."""
    if district:
        set_quota(tree.district, 30)
        set_quota(tree.district, 20, period=YEAR_2022)
    for n, unit in enumerate(units):
        set_quota(unit, 3)
        set_quota(unit, 50, period=YEAR_2022, kind="percent", reference_on=D(2021, 12, 31))
        branch = organization_found(code=f"CB{unit.code}", name=f"Chi bộ {n}", kind=OrgKind.BRANCH, parent=unit, founded_on=D(2010, 1, 1), actor=None)
        register(branch, f"Vũ Văn Thứ {chr(65 + n)}", admitted=D(2022, 3, 1))


def _more_units(tree, count):
    return [
        organization_found(code=f"X9{n}", name=f"Đảng bộ xã Mới {n}", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=tree.district,
                           founded_on=D(2010, 1, 1), actor=None)
        for n in range(count)
    ]


@pytest.fixture
def counted(tree, plan, set_quota, client, province_officer):
    """The number of queries of each page and report with the two communes, then with
    three more units."""

    def measure():
        client.force_login(province_officer)
        as_of = {"as_of": "30/06/2022"}
        ctx = Context.build(scope=system_scope(), organization=tree.district, as_of=D(2022, 6, 30), start=D(2022, 1, 1))
        return {
            "plan page": _queries(lambda: client.get(reverse("targets:plan_detail", args=[plan.pk]), as_of)),
            "ranking of the term": _queries(lambda: client.get(reverse("targets:ranking", args=[plan.pk]), as_of)),
            "ranking of a year": _queries(lambda: client.get(reverse("targets:ranking", args=[plan.pk]), as_of | {"period": "2022"})),
            "report": _queries(lambda: progress_rows(system_scope(), plan, tree.district, D(2022, 6, 30), "2022", pipeline=True)),
            "quota check": _queries(lambda: run_checks(ctx, ["quota_sum"])),
        }

    _quotas(tree, set_quota, [tree.commune_a, tree.commune_b])
    with_two = measure()
    _quotas(tree, set_quota, _more_units(tree, 3), district=False)
    return with_two, measure()


def test_the_number_of_queries_does_not_grow_with_the_number_of_units(counted):
    with_two, with_five = counted
    assert with_five == with_two


@pytest.mark.parametrize("page", ["plan page", "ranking of the term", "ranking of a year", "report", "quota check"])
def test_each_page_stays_within_a_fixed_number_of_queries(counted, page):
    assert counted[1][page] <= 40
