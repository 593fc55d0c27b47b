"""Units at risk of missing their quota, with the reasons and the figures behind them."""

import datetime as dt

import pytest
from django.utils import translation

from pdms.accounts.scope import Scope, system_scope
from pdms.core.testing import register
from pdms.recruitment.models import Deadline, DeadlineKind
from pdms.recruitment.testing import make_candidate
from pdms.targets.risk import units_at_risk

from .test_forecast import admitted_history, make_plan, open_dossier, quota_setter

D = dt.date
AS_OF = D(2026, 6, 30)


@pytest.fixture
def plan_2025(tree):
    return make_plan(tree)


@pytest.fixture
def quota_2026(plan_2025):
    return quota_setter(plan_2025)


def reasons(risk) -> dict:
    return {reason.code: reason for reason in risk.reasons}


def test_a_unit_far_from_its_quota_is_behind_and_short_of_sources(tree, plan_2025, quota_2026):
    quota_2026(tree.commune_b, 5)
    make_candidate(tree.branch_b1, "Rơ Châm Một", added=D(2026, 2, 1))
    with translation.override("en"):
        (risk,) = units_at_risk(system_scope(), plan_2025, tree.district, AS_OF, "2026")
    assert risk.forecast.organization == tree.commune_b and risk.months_left == 6
    found = reasons(risk)
    assert set(found) == {"behind", "few_sources"}
    assert found["behind"].indicator == "quota_achievement"
    # 5 admissions still needed at the default conversion of 30%: 17 sources, 1 on the list.
    assert (found["few_sources"].count, found["few_sources"].indicator) == (1, "sources_total")
    assert "about 17 sources" in found["few_sources"].text and "hold 1" in found["few_sources"].text


def test_stuck_and_overdue_dossiers_are_reasons_with_their_drill_downs(tree, plan_2025, quota_2026):
    # Past decisions came 60 days after the branch's resolution; this one has waited 120.
    quota_2026(tree.commune_b, 1)
    admitted_history(tree.branch_b1)
    dossier = open_dossier(tree.branch_b1, "Y Văn Kẹt", opened=D(2026, 1, 5), branch=D(2026, 3, 2))
    Deadline.objects.create(dossier=dossier, kind=DeadlineKind.ADMISSION_DECISION, anchor_on=D(2026, 3, 2), workdays=60,
                            due_on=D(2026, 5, 27))
    (risk,) = units_at_risk(system_scope(), plan_2025, tree.district, AS_OF, "2026")
    found = reasons(risk)
    assert (found["stuck"].count, found["stuck"].indicator) == (1, "dossiers_in_progress")
    assert (found["overdue"].count, found["overdue"].indicator) == (1, "dossiers_overdue")
    # The stuck dossier is still expected (its time already spent counts): not behind.
    assert "behind" not in found and risk.forecast.probability == 100


def test_a_unit_that_has_met_its_quota_or_whose_period_ended_is_not_at_risk(tree, plan_2025, quota_2026):
    quota_2026(tree.commune_b, 1)
    quota_2026(tree.commune_a, 9, period=(D(2025, 8, 1), D(2025, 12, 31)))
    register(tree.branch_b1, "Lý Văn Đủ", admitted=D(2026, 2, 2))
    assert units_at_risk(system_scope(), plan_2025, tree.district, AS_OF, "2026") == []
    # The term of commune A's quota has ended: nothing to warn about any more.
    assert units_at_risk(system_scope(), plan_2025, tree.district, D(2026, 1, 15), "2025") == []


def test_units_outside_the_scope_are_not_listed(tree, plan_2025, quota_2026, commune_officer):
    quota_2026(tree.commune_b, 5)
    assert units_at_risk(Scope.of(commune_officer), plan_2025, tree.district, AS_OF, "2026") == []


def test_the_least_likely_unit_comes_first(tree, plan_2025, quota_2026):
    quota_2026(tree.commune_a, 3)
    quota_2026(tree.commune_b, 3)
    for i in range(8):
        register(tree.branch_a1, f"Lò Văn Nhanh{i}", admitted=D(2024, 9, 1) + dt.timedelta(days=60 * i))
    risks = units_at_risk(system_scope(), plan_2025, tree.district, AS_OF, "2026")
    assert [r.forecast.organization for r in risks] == [tree.commune_b, tree.commune_a]
    assert risks[0].forecast.probability <= risks[1].forecast.probability
