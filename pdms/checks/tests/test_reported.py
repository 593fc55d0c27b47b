"""Reported values: the services, and the two rules that compare them with their own
arithmetic and with the records."""

import datetime as dt
from decimal import Decimal

import pytest

from pdms.audit.models import AuditEntry
from pdms.checks.forms import ReportedValueForm
from pdms.checks.models import ReportedValue
from pdms.checks.registry import run_checks
from pdms.checks.services import reported_value_add, reported_value_remove
from pdms.core.errors import DomainError, PermissionDenied
from pdms.indicators.engine import _REGISTRY, RatioIndicator
from pdms.members.selectors import active_periods_on

D = dt.date


def _add(org, actor=None, **figures):
    return reported_value_add(
        organization=org, indicator_key=figures.pop("indicator_key", "admissions"), start=figures.pop("start", D(2025, 1, 1)),
        end=figures.pop("end", D(2025, 12, 31)), as_of=figures.pop("as_of", D(2025, 12, 31)),
        source=figures.pop("source", "Báo Kon Tum 17/03/2023"), actor=actor, **figures,
    )


def _findings(ctx, key):
    return run_checks(ctx, [key])


def test_a_commune_officer_records_a_reported_figure_and_it_is_audited(tree, commune_officer):
    reported = _add(tree.commune_a, commune_officer, value=Decimal("140"), percent=Decimal("101"))
    assert reported.created_by == commune_officer and reported.percent_decimals == 0
    entry = AuditEntry.objects.get(action="reported_value.add")
    assert entry.organization == tree.commune_a and entry.changes["value"] == [None, "140"]


def test_a_commune_officer_may_not_record_a_figure_of_another_commune(tree, commune_officer):
    with pytest.raises(PermissionDenied):
        _add(tree.commune_b, commune_officer, value=Decimal("1"))
    assert not ReportedValue.objects.exists()


@pytest.mark.parametrize(
    "figures, field",
    [
        ({"indicator_key": "no_such_figure", "value": Decimal("1")}, "key"),
        ({}, "value"),
        ({"denominator": 0, "numerator": 0}, "denominator"),
        ({"start": D(2026, 1, 1), "value": Decimal("1")}, "start"),
        ({"source": "  ", "value": Decimal("1")}, "source"),
        ({"numerator": -1}, "numerator"),
    ],
)
def test_a_reported_figure_is_validated(tree, figures, field):
    with pytest.raises(DomainError) as error:
        _add(tree.commune_a, **figures)
    assert error.value.field == field


def test_removing_a_reported_figure_is_audited_and_needs_a_writer(tree, commune_officer, viewer):
    reported = _add(tree.commune_a, value=Decimal("1"))
    with pytest.raises(PermissionDenied):
        reported_value_remove(reported=reported, actor=viewer)
    reported_value_remove(reported=reported, actor=commune_officer)
    assert not ReportedValue.objects.exists()
    assert AuditEntry.objects.filter(action="reported_value.remove", object_id=reported.pk).exists()


def test_195_of_304_reported_as_61_67_percent_is_an_arithmetic_error(tree, check_ctx):
    reported = _add(tree.province, indicator_key="members_total", numerator=195, denominator=304, percent=Decimal("61.67"))
    [finding] = _findings(check_ctx(tree.province, start=D(2025, 1, 1)), "reported_arithmetic")
    assert finding.records[0].type == "reported" and finding.records[0].id == reported.pk
    assert "61,67%" in finding.message and "64,14%" in finding.message


def test_191_of_600_printed_as_31_percent_is_flagged_at_the_printed_precision(tree, check_ctx):
    _add(tree.province, numerator=191, denominator=600, percent=Decimal("31"))
    [finding] = _findings(check_ctx(tree.province, start=D(2025, 1, 1)), "reported_arithmetic")
    assert "31%" in finding.message and "32%" in finding.message


@pytest.mark.parametrize("numerator, denominator, percent", [(195, 304, "64.14"), (191, 600, "32"), (191, 600, "31.83"), (1, 3, "33.3")])
def test_a_percent_that_matches_its_own_figures_is_not_flagged(tree, check_ctx, numerator, denominator, percent):
    _add(tree.province, numerator=numerator, denominator=denominator, percent=Decimal(percent))
    assert _findings(check_ctx(tree.province, start=D(2025, 1, 1)), "reported_arithmetic") == []


def test_140_admitted_at_101_percent_is_compared_with_the_computed_admissions(tree, check_ctx):
    # Anh was admitted on 01/12/2025 in branch C0101: the records give 1 admission in 2025.
    reported = _add(tree.commune_a, value=Decimal("140"), percent=Decimal("101"))
    [finding] = _findings(check_ctx(tree.province, start=D(2025, 1, 1)), "reported_differs")
    assert "140" in finding.message and finding.records[2].label.endswith(": 1")
    assert [r.type for r in finding.records] == ["reported", "organization", "indicator"]
    assert finding.records[0].id == reported.pk
    assert finding.records[2].url.startswith(f"/indicators/{tree.commune_a.pk}/admissions/?as_of=31%2F12%2F2025")


def test_a_reported_figure_equal_to_the_records_is_not_flagged(tree, check_ctx):
    _add(tree.commune_a, value=Decimal("1"))
    assert _findings(check_ctx(tree.province, start=D(2025, 1, 1)), "reported_differs") == []


def test_a_reported_ratio_is_compared_part_by_part(tree, check_ctx):
    class FullShare(RatioIndicator):
        key = "test_full_share"
        label = "share"

        def records(self, ctx):
            return active_periods_on(ctx.q(), ctx.as_of).filter(status="full")

        def denominator_records(self, ctx):
            return active_periods_on(ctx.q(), ctx.as_of)

    _REGISTRY["test_full_share"] = FullShare()
    try:
        # On 31/12/2025 X01 has An and Đạt full, Ánh probationary: 2/3 = 66.67%.
        _add(tree.commune_a, indicator_key="test_full_share", numerator=2, denominator=3, percent=Decimal("66.67"))
        assert _findings(check_ctx(tree.province, start=D(2025, 1, 1)), "reported_differs") == []
        _add(tree.commune_a, indicator_key="test_full_share", numerator=2, denominator=4, percent=Decimal("50"))
        [finding] = _findings(check_ctx(tree.province, start=D(2025, 1, 1)), "reported_differs")
        assert all(figure in finding.message for figure in (" 4,", " 3", "50%", "67%"))
    finally:
        del _REGISTRY["test_full_share"]


def test_reported_figures_outside_the_run_period_are_not_checked(tree, check_ctx):
    _add(tree.commune_a, value=Decimal("140"))
    assert _findings(check_ctx(tree.province), "reported_differs") == []


def test_the_form_keeps_the_printed_precision_and_reads_vietnamese_figures(tree):
    form = ReportedValueForm(
        {"indicator_key": "members_total", "start": "01/01/2022", "end": "31/12/2022", "as_of": "31/12/2022",
         "value": "6.239", "numerator": "195", "denominator": "304", "percent": "61,67%", "source": "Báo Kon Tum"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == Decimal("6239") and form.cleaned_data["percent"] == Decimal("61.67")
    assert ReportedValueForm({"percent": "31%"}).fields["percent"].clean("31%").as_tuple().exponent == 0
