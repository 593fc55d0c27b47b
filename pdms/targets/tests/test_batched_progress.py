import datetime as dt
from dataclasses import replace

from pdms.accounts.scope import system_scope
from pdms.core.testing import register
from pdms.indicators.engine import Context, evaluate, get
from pdms.targets.history import admitted, count_admitted
from pdms.targets.reports import PIPELINE_KEYS, PROGRESS_KEYS, progress_rows
from pdms.targets.selectors import EXACT_PERIOD

D = dt.date


def _progress(tree, set_quota):
    set_quota(tree.district, 3)
    set_quota(tree.commune_a, 1)
    set_quota(tree.commune_b, 50, kind="percent", reference_on=D(2020, 8, 1))
    register(tree.branch_a1, "Vũ Văn Một", admitted=D(2021, 3, 1))
    register(tree.branch_a2, "Vũ Văn Hai", admitted=D(2022, 2, 1))
    register(tree.branch_b1, "Vũ Văn Ba", admitted=D(2022, 3, 1))
    set_quota(tree.commune_b, 2, decided_on=D(2022, 4, 1), reason="Điều chỉnh")


def test_the_ranking_rows_equal_each_units_indicators_computed_on_its_own(tree, plan, set_quota):
    _progress(tree, set_quota)
    scope, keys = system_scope(), PROGRESS_KEYS + PIPELINE_KEYS
    for as_of, period in [(D(2022, 3, 15), "term"), (D(2022, 6, 30), "term"), (D(2022, 6, 30), "2022")]:
        head, units = progress_rows(scope, plan, tree.district, as_of, period, pipeline=True)
        assert len(units) == 2
        for row in [head, *units]:
            alone = Context.build(
                scope=scope, organization=row.organization, as_of=as_of, start=row.ctx.start, end=row.ctx.end,
                memo={EXACT_PERIOD: True},
            )
            assert row.results == {r.key: r for r in evaluate(alone, keys)}


def test_admissions_counted_together_equal_the_admissions_indicator_of_each_unit(tree):
    register(tree.branch_a1, "Vũ Văn Một", admitted=D(2021, 3, 1))
    register(tree.branch_b1, "Vũ Văn Ba", admitted=D(2022, 3, 1))
    register(tree.branch_b1, "Vũ Văn Bốn", admitted=D(2022, 5, 1))
    head = Context.build(scope=system_scope(), organization=tree.district, as_of=D(2022, 12, 31), start=D(2021, 1, 1))
    # Overlapping subtrees (the district holds both communes) are counted right as well.
    ctxs = [head] + [replace(head, organization=org) for org in (tree.commune_a, tree.commune_b, tree.branch_a2)]
    count_admitted(ctxs)
    together = [admitted(ctx) for ctx in ctxs]
    assert together == [get("admissions").compute(replace(ctx, memo={})).value for ctx in ctxs] == [3, 1, 2, 0]


def test_a_year_of_the_ranking_measures_each_row_against_that_years_quota_only(tree, plan, set_quota):
    from pdms.accounts.scope import system_scope
    from pdms.targets.reports import progress_rows

    set_quota(tree.district, 10)
    set_quota(tree.commune_a, 2, period=(dt.date(2022, 1, 1), dt.date(2022, 12, 31)))
    head, units = progress_rows(system_scope(), plan, tree.district, dt.date(2022, 6, 30), "2022")
    # The district has a quota for the term only: not a 2022 figure.
    assert head.quota is None and head.achievement is None and head.results["units_meeting_quota"].value is None
    commune = next(row for row in units if row.organization == tree.commune_a)
    assert commune.quota.period_start == dt.date(2022, 1, 1)
    head, _units = progress_rows(system_scope(), plan, tree.district, dt.date(2022, 6, 30), "term")
    assert head.quota.period_start == plan.term_start
