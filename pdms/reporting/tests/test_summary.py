import datetime as dt
from decimal import Decimal

import pytest

from pdms.accounts.scope import Scope, system_scope
from pdms.core.errors import DomainError
from pdms.indicators.engine import Context, evaluate
from pdms.reporting.summary import summary_report
from pdms.targets.tests.conftest import YEAR_2022

from .conftest import AS_OF

D = dt.date


def indicator(tree_org, key, start, end, as_of=AS_OF):
    ctx = Context.build(scope=system_scope(), organization=tree_org, as_of=as_of, start=start, end=end)
    return evaluate(ctx, [key])[0]


def test_the_general_results_of_the_term_are_the_indicators_of_the_district(term_report, progress):
    report = term_report
    assert (report.start, report.end) == (D(2020, 8, 1), AS_OF)
    admissions = report.figure("admissions")
    assert admissions.number == 3 == indicator(progress.district, "admissions", D(2020, 8, 1), AS_OF).value
    assert report.figure("quota").number == 3 and report.quota.version == 1
    achievement = report.figure("quota_achievement")
    assert (achievement.number, achievement.result.denominator, achievement.percent) == (3, 3, Decimal("100.00"))
    assert report.figure("quota_excess").number == 0
    assert report.figure("admissions_same_period_previous_year").number == 1  # 01/03/2021, a year before 30/06/2022
    assert report.figure("admissions_change_on_previous_year").percent == Decimal("200.00")
    meeting = report.figure("units_meeting_quota")
    assert (meeting.number, meeting.result.denominator, meeting.percent) == (1, 2, Decimal("50.00"))
    # 01/08/2015–31/07/2020: admitted on 05/05/2016 and 02/01/2018; the same part of it
    # as this term's up to 30/06/2022 (01/08/2015–30/06/2017) holds the first only.
    assert report.figure("admissions_previous_term").number == 2
    assert report.figure("admissions_previous_term_elapsed").number == 1
    assert report.figure("admissions_change_on_previous_term").number == 3 - 1


def test_members_are_counted_the_day_before_the_period_and_on_the_as_of_day(term_report):
    members = [f for f in term_report.general if f.key == "members_total"]
    assert [(f.ctx.as_of, f.number) for f in members] == [(D(2020, 7, 31), 3), (AS_OF, 6)]


def test_the_units_are_ranked_with_their_quota_and_pipeline(term_report):
    rows = [(r.organization.code, r.results["quota"].value, r.results["quota_achievement"].numerator, r.achievement,
             r.results["quota_excess"].value, r.results["sources_total"].value) for r in term_report.units]
    assert rows == [("X01", 1, 2, Decimal("200.00"), 1, 0), ("X02", 2, 1, Decimal("50.00"), -1, 0)]


def test_a_term_report_counts_admissions_per_year_and_each_point_drills_down(term_report):
    assert [(p.label, p.figure.number) for p in term_report.series] == [("2020", 0), ("2021", 1), ("2022", 2)]
    point = term_report.series[1]
    assert (point.figure.key, point.figure.ctx.start, point.figure.ctx.end) == ("admissions", D(2021, 1, 1), D(2021, 12, 31))


def test_a_year_report_counts_admissions_per_month_against_the_years_quota(progress, plan, set_quota):
    set_quota(progress.district, 4, period=YEAR_2022)
    report = summary_report(system_scope(), plan, progress.district, AS_OF, "2022")
    assert [p.label for p in report.series] == [f"{m:02d}/2022" for m in range(1, 7)]
    assert [p.figure.number for p in report.series] == [0, 1, 1, 0, 0, 0]
    assert report.figure("admissions").number == 2
    assert report.figure("quota_achievement").percent == Decimal("50.00")
    assert not any(f.key == "admissions_previous_term" for f in report.general)


def test_the_progress_is_told_for_each_unit(progress, plan):
    steps = []
    summary_report(system_scope(), plan, progress.district, AS_OF, "term", progress=lambda p, step: steps.append((p, step)))
    percents = [p for p, _step in steps]
    assert percents == sorted(percents) and percents[-1] == 85
    assert sum("Đảng bộ xã" in step for _p, step in steps) == 2


def test_a_commune_officer_sees_only_the_figures_of_their_subtree(progress, plan, commune_officer):
    report = summary_report(Scope.of(commune_officer), plan, progress.commune_a, AS_OF, "term")
    assert report.figure("admissions").number == 2
    assert [r.organization.code for r in report.units] == ["C0101", "C0102"]


def test_a_year_outside_the_term_is_refused(progress, plan):
    with pytest.raises(DomainError) as error:
        summary_report(system_scope(), plan, progress.district, AS_OF, "2019")
    assert error.value.field == "period"
