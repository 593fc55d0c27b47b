"""The forecast of admissions by the end of a quota's period, checked against figures
worked out by hand from small histories."""

import datetime as dt
from decimal import Decimal

import pytest

from pdms.accounts.scope import system_scope
from pdms.core.errors import DomainError
from pdms.core.testing import register
from pdms.recruitment.models import CandidateStatus, Dossier, DossierEvent, State
from pdms.recruitment.testing import make_candidate, make_certificate
from pdms.targets import services
from pdms.targets.forecast import BRANCH_RESOLVED, PREPARING, SOURCE_CERTIFIED, SOURCE_UNCERTIFIED, forecast_unit, forecast_units

D = dt.date
TODAY = D(2026, 11, 23)
YEAR = (D(2026, 1, 1), D(2026, 12, 31))  # ends 38 days after TODAY


def make_plan(tree):
    return services.plan_create(
        organization=tree.district, number="05-KH/HU", title="Kế hoạch phát triển đảng viên nhiệm kỳ 2025–2030",
        issued_on=D(2025, 10, 6), term_start=D(2025, 8, 1), term_end=D(2030, 7, 31), actor=None,
    )


def quota_setter(plan):
    def set_quota(organization, value, period=YEAR):
        return services.quota_set(
            plan=plan, organization=organization, period_start=period[0], period_end=period[1], kind="number",
            value=value, decided_on=D(2025, 12, 20), actor=None,
        )

    return set_quota


@pytest.fixture
def plan_2025(tree):
    return make_plan(tree)


@pytest.fixture
def quota_2026(plan_2025):
    return quota_setter(plan_2025)


def admitted_history(org, *, count=20, branch_to_decision=60, source_to_decision=20, last=D(2026, 3, 1)):
    """``count`` people admitted through a recorded dossier (closed by 2026), every one
    with the same durations: conversion is certain, durations are exact."""
    for i in range(count):
        decided = last - dt.timedelta(days=7 * i)
        candidate = make_candidate(org, f"Đỗ Văn Lịch{i}", added=decided - dt.timedelta(days=source_to_decision))
        candidate.status, candidate.ended_on = CandidateStatus.ADMITTED, decided
        candidate.save()
        Dossier.objects.create(
            person=candidate.person, candidate=candidate, organization=org, ruleset="2025", state=State.PROBATION,
            opened_on=decided - dt.timedelta(days=branch_to_decision + 30),
            branch_resolved_on=decided - dt.timedelta(days=branch_to_decision), decided_on=decided,
        )


def open_dossier(org, name, *, opened, branch=None, decided=None, born=D(2000, 5, 10), added=None):
    candidate = make_candidate(org, name, added=added or opened - dt.timedelta(days=100), born=born)
    return Dossier.objects.create(
        person=candidate.person, candidate=candidate, organization=org, ruleset="2025",
        state=State.BRANCH_RESOLVED if branch else State.PREPARING, opened_on=opened, branch_resolved_on=branch,
        decided_on=decided,
    )


def test_a_unit_with_no_pipeline_and_no_history_is_forecast_at_what_it_has_admitted(tree, plan_2025, quota_2026):
    quota_2026(tree.commune_b, 1)
    forecast = forecast_unit(system_scope(), plan_2025, tree.commune_b, TODAY, "2026")
    assert (forecast.admitted, forecast.p10, forecast.p50, forecast.p90) == (0, 0, 0, 0)
    assert forecast.target == 1 and forecast.probability == Decimal("0.00")
    assert forecast.basis == "defaults" and sum(forecast.pipeline.values()) == 0


def test_a_unit_that_has_met_its_quota_is_certain_to_meet_it(tree, plan_2025, quota_2026):
    quota_2026(tree.commune_b, 1)
    register(tree.branch_b1, "Lý Văn Đủ", admitted=D(2026, 4, 2))
    forecast = forecast_unit(system_scope(), plan_2025, tree.commune_b, TODAY, "2026")
    assert forecast.admitted == 1 and forecast.p10 >= 1
    assert forecast.probability == Decimal("100.00")


@pytest.mark.parametrize("days_since_branch, expected", [(40, 1), (10, 0)])
def test_a_dossier_awaiting_its_decision_counts_only_when_its_time_fits_before_the_end(
    tree, plan_2025, quota_2026, days_since_branch, expected
):
    # Every past dossier took 60 days from the branch's resolution to the decision: one
    # resolved 40 days ago has 20 left (the year ends in 38 days), one resolved 10 days ago 50.
    quota_2026(tree.commune_b, 1)
    admitted_history(tree.branch_b1)
    open_dossier(tree.branch_b1, "Y Văn Chờ", opened=D(2026, 8, 1), branch=TODAY - dt.timedelta(days=days_since_branch))
    forecast = forecast_unit(system_scope(), plan_2025, tree.commune_b, TODAY, "2026")
    assert forecast.basis == "unit"
    assert forecast.pipeline[BRANCH_RESOLVED] == 1
    assert (forecast.p10, forecast.p50, forecast.p90) == (expected, expected, expected)
    assert forecast.probability == Decimal(100 * expected).quantize(Decimal("0.01"))


def test_a_dossier_past_every_duration_of_its_step_is_expected_at_once(tree, plan_2025, quota_2026):
    # Overdue: the time already spent counts, the decision can come the next day.
    quota_2026(tree.commune_b, 1)
    admitted_history(tree.branch_b1)
    open_dossier(tree.branch_b1, "Y Văn Trễ", opened=D(2026, 3, 1), branch=D(2026, 6, 1))
    forecast = forecast_unit(system_scope(), plan_2025, tree.commune_b, TODAY, "2026")
    assert forecast.p50 == 1 and forecast.probability == Decimal("100.00")


@pytest.mark.parametrize("born, expected", [(D(2000, 5, 10), 1), (D(2009, 3, 1), 0)])
def test_a_source_under_18_at_the_end_of_the_period_cannot_count(tree, plan_2025, quota_2026, born, expected):
    # Past sources were admitted 20 days after joining the list; this one joined 5 days ago
    # with a valid certificate, so only the age decides.
    quota_2026(tree.commune_b, 1)
    admitted_history(tree.branch_b1)
    candidate = make_candidate(tree.branch_b1, "Rơ Châm Nhỏ", born=born, added=TODAY - dt.timedelta(days=5))
    make_certificate(candidate.person, tree.branch_b1, on=D(2026, 9, 1))
    forecast = forecast_unit(system_scope(), plan_2025, tree.commune_b, TODAY, "2026")
    assert forecast.pipeline[SOURCE_CERTIFIED] == 1
    assert (forecast.p10, forecast.p50, forecast.p90) == (expected, expected, expected)


def test_a_source_without_a_valid_certificate_waits_for_a_course(tree, plan_2025, quota_2026):
    # The course takes 90 days by default: it cannot fit in the 38 days left.
    quota_2026(tree.commune_b, 1)
    admitted_history(tree.branch_b1)
    candidate = make_candidate(tree.branch_b1, "Rơ Châm Chưa", added=TODAY - dt.timedelta(days=5))
    make_certificate(candidate.person, tree.branch_b1, on=D(2021, 1, 4))  # expired after 60 months
    forecast = forecast_unit(system_scope(), plan_2025, tree.commune_b, TODAY, "2026")
    assert forecast.pipeline[SOURCE_UNCERTIFIED] == 1
    assert forecast.p90 == 0


def test_a_forecast_at_a_past_date_does_not_see_later_records(tree, plan_2025, quota_2026):
    quota_2026(tree.commune_b, 3)
    admitted_history(tree.branch_b1)
    as_of = D(2026, 6, 1)
    waiting = open_dossier(tree.branch_b1, "Y Văn Sau", opened=D(2026, 4, 1))
    before = forecast_unit(system_scope(), plan_2025, tree.commune_b, as_of, "2026")
    # Everything below happened after 01/06/2026.
    waiting.branch_resolved_on, waiting.decided_on, waiting.state = D(2026, 7, 1), D(2026, 9, 1), State.ADMITTED
    waiting.save()
    DossierEvent.objects.create(dossier=waiting, action="committee_resolution", to_state=State.COMMITTEE_RESOLVED, on=D(2026, 8, 1))
    open_dossier(tree.branch_b1, "Y Văn Mới", opened=D(2026, 7, 1), added=D(2026, 6, 5))
    make_candidate(tree.branch_b1, "Rơ Châm Muộn", added=D(2026, 6, 2))
    make_certificate(waiting.person, tree.branch_b1, on=D(2026, 6, 15))
    register(tree.branch_b1, "Lý Văn Muộn", admitted=D(2026, 6, 20))
    after = forecast_unit(system_scope(), plan_2025, tree.commune_b, as_of, "2026")
    fields = lambda f: (f.admitted, f.p10, f.p50, f.p90, f.probability, f.pipeline, f.basis, f.expected_arrivals)  # noqa: E731
    assert fields(after) == fields(before)
    assert before.pipeline[PREPARING] == 1


def test_past_admissions_without_dossiers_arrive_at_their_rate_over_the_rest_of_the_period(tree, plan_2025, quota_2026):
    # 8 admissions in the 730 days before 30/06/2026, none through a recorded dossier: the
    # 184 days left expect 8 × 184 / 730 ≈ 2.0 more.
    quota_2026(tree.commune_b, 2)
    for i in range(8):
        register(tree.branch_b1, f"Lò Văn Cũ{i}", admitted=D(2024, 9, 1) + dt.timedelta(days=60 * i))
    forecast = forecast_unit(system_scope(), plan_2025, tree.commune_b, D(2026, 6, 30), "2026")
    assert forecast.expected_arrivals == pytest.approx(8 * 184 / 730)
    assert forecast.p10 < forecast.p50 < forecast.p90
    assert Decimal(40) < forecast.probability < Decimal(80)


def test_the_forecasts_of_a_head_and_its_units_are_reproducible(tree, plan_2025, quota_2026):
    quota_2026(tree.district, 3)
    quota_2026(tree.commune_a, 2)
    for i in range(6):
        register(tree.branch_a1, f"Lò Văn Lặp{i}", admitted=D(2025, 6, 1) + dt.timedelta(days=60 * i))
    first = forecast_units(system_scope(), plan_2025, tree.district, D(2026, 5, 1), "2026", runs=300)
    second = forecast_units(system_scope(), plan_2025, tree.district, D(2026, 5, 1), "2026", runs=300)
    head, units = first
    assert head.name == tree.district.name and [u.organization for u in units] == [tree.commune_a, tree.commune_b]
    assert units[1].quota is None and units[1].probability is None and units[1].target is None
    assert [(f.p10, f.p50, f.p90, f.probability) for f in [head, *units]] == [
        (f.p10, f.p50, f.p90, f.probability) for f in [second[0], *second[1]]
    ]
    assert head.admitted == 2  # "Lò Văn Lặp" 4 and 5: 27/01/2026 and 28/03/2026


def test_a_forecast_before_its_period_starts_is_refused(tree, plan_2025, quota_2026):
    with pytest.raises(DomainError):
        forecast_unit(system_scope(), plan_2025, tree.commune_b, D(2025, 12, 31), "2026")
