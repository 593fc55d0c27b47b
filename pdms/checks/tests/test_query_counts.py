"""A run reads each kind of record once whatever the size of the subtree: the rules
narrow their candidates over cheap columns and ask about the period and subtree once."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pdms.checks.registry import all_rules, run_checks
from pdms.core.testing import register
from pdms.members.models import Member
from pdms.organizations.models import OrgKind
from pdms.organizations.services import organization_found

D = dt.date
# One query per direct unit by design: each unit's total is its own roll-up.
PER_UNIT = {"subtotal_mismatch"}


def _queries(ctx) -> int:
    keys = [item.key for item in all_rules() if item.key not in PER_UNIT]
    with CaptureQueriesContext(connection) as captured:
        run_checks(ctx, keys)
    return len(captured.captured_queries)


def _unit_with_findings(tree, n):
    """A branch with a member admitted too young and one recognized late: something for
    several rules to list."""
    branch = organization_found(code=f"C09{n}", name=f"Chi bộ thôn {n + 5}", kind=OrgKind.BRANCH, parent=tree.commune_a,
                                founded_on=D(2010, 1, 1), actor=None)
    young = register(branch, f"Lê Văn Trẻ {chr(65 + n)}", born=D(2000, 6, 1), admitted=D(2019, 1, 1), recognized=D(2020, 1, 1))
    Member.objects.filter(pk=young.pk).update(admitted_on=D(2018, 1, 1), recognized_on=D(2019, 1, 1))  # as a wrong entry left it
    register(branch, f"Lê Văn Muộn {chr(65 + n)}", admitted=D(2016, 1, 1), recognized=D(2017, 6, 1))
    return branch


def test_the_number_of_queries_of_a_run_does_not_grow_with_the_subtree(tree, check_ctx):
    _unit_with_findings(tree, 0)
    small = _queries(check_ctx(tree.province, start=D(2016, 1, 1), end=D(2025, 12, 31)))
    for n in range(1, 4):
        _unit_with_findings(tree, n)
    found = run_checks(check_ctx(tree.province, start=D(2016, 1, 1), end=D(2025, 12, 31)))
    assert {"admitted_under_18", "recognition_timing"} <= {f.rule for f in found}
    assert _queries(check_ctx(tree.province, start=D(2016, 1, 1), end=D(2025, 12, 31))) == small
