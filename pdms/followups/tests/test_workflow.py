import datetime as dt

import pytest

from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError, PermissionDenied
from pdms.followups import services
from pdms.followups.models import FollowUp, FollowUpReport, FollowUpStatus
from pdms.indicators.engine import Context, evaluate
from pdms.accounts.scope import Scope
from pdms.targets.selectors import EXACT_PERIOD

D = dt.date
TEXT = "Chi bộ đã kiểm điểm; giải pháp: rà soát nguồn, mở lớp cảm tình Đảng."


def test_a_report_may_be_returned_or_closed_only_after_it_is_submitted():
    assert services.next_status("open", "report") == "reported"
    assert services.next_status("reported", "return") == "open"
    assert services.next_status("reported", "close") == "closed"
    assert services.next_status("open", "close") is None
    assert services.next_status("open", "return") is None
    assert services.next_status("reported", "report") is None
    assert all(services.next_status("closed", action) is None for action in services.TRANSITIONS)


def test_the_whole_cycle_keeps_every_report_and_the_figures_equal_the_indicators(
    tree, plan, request_426, unit_officer, district_officer
):
    first = services.followup_report_submit(followup=request_426, text=TEXT, as_of=D(2026, 11, 20), actor=unit_officer)
    ctx = Context.build(
        scope=Scope.of(unit_officer), organization=tree.commune_b, as_of=D(2026, 11, 20), start=plan.term_start,
        end=plan.term_end, memo={EXACT_PERIOD: True},
    )
    expected = {r.key: r for r in evaluate(ctx, list(first.figures))}
    assert list(first.figures) == [
        "quota", "quota_achievement", "quota_excess", "sources_total", "dossiers_in_progress", "dossiers_overdue", "admissions",
    ]
    for key, stored in first.figures.items():
        assert stored == {k: v for k, v in expected[key].as_dict().items() if k != "key"}, key
    figures = first.figures
    assert (figures["quota"]["value"], figures["quota_achievement"]["numerator"], figures["quota_achievement"]["denominator"]) == (2, 1, 2)
    assert (figures["quota_achievement"]["percent"], figures["quota_excess"]["value"]) == (50.0, -1)
    assert (figures["sources_total"]["value"], figures["admissions"]["value"]) == (1, 1)
    assert "09-KH/HU" in figures["quota"]["label"]

    services.followup_return(followup=request_426, reason="Chưa nêu rõ trách nhiệm người đứng đầu.", actor=district_officer)
    request_426.refresh_from_db()
    assert request_426.status == FollowUpStatus.OPEN
    services.followup_report_submit(followup=request_426, text=TEXT + " Bí thư nhận trách nhiệm.", as_of=D(2026, 11, 23), actor=unit_officer)
    services.followup_close(followup=request_426, conclusion="Đồng ý với báo cáo; theo dõi kết quả năm 2027.", actor=district_officer)

    request_426.refresh_from_db()
    reports = list(request_426.reports.order_by("pk"))
    assert request_426.status == FollowUpStatus.CLOSED and request_426.closed_on == D(2026, 11, 23)
    assert [(r.returned_on, r.return_reason != "") for r in reports] == [(D(2026, 11, 23), True), (None, False)]
    assert list(AuditEntry.objects.filter(object_type__startswith="followup").values_list("action", flat=True).order_by("pk")) == [
        "followup.request", "followup.report.submit", "followup.report", "followup.return",
        "followup.report.submit", "followup.report", "followup.close",
    ]


def _nothing_written(call):
    counts = (FollowUp.objects.count(), FollowUpReport.objects.count(), AuditEntry.objects.count())
    statuses = list(FollowUp.objects.values_list("status", flat=True))
    with pytest.raises(DomainError) as error:
        call()
    assert (FollowUp.objects.count(), FollowUpReport.objects.count(), AuditEntry.objects.count()) == counts
    assert list(FollowUp.objects.values_list("status", flat=True)) == statuses
    return error.value


@pytest.mark.parametrize("change, field", [
    ({"due_on": D(2026, 9, 30)}, "due_on"),
    ({"issued_on": D(2026, 11, 24), "due_on": D(2026, 12, 31)}, "issued_on"),
    ({"unit": "other_branch"}, "unit"),
    ({"unit": "province"}, "unit"),
    ({"unit": "district"}, "unit"),
    ({"document_number": "  "}, "document_number"),
    ({"request_text": ""}, "request_text"),
    ({"period": "2019"}, "period"),
])
def test_a_bad_request_is_refused_with_the_field_at_fault_and_nothing_is_written(tree, plan, district_officer, change, field):
    change = {k: getattr(tree, v) if k == "unit" else v for k, v in change.items()}
    arguments = {
        "committee": tree.district, "unit": tree.commune_b, "plan": plan, "period": "term", "document_number": "426-TB/HU",
        "issued_on": D(2026, 10, 1), "due_on": D(2026, 10, 31), "request_text": "Báo cáo khắc phục.", "actor": district_officer,
    } | change
    error = _nothing_written(lambda: services.followup_request(**arguments))
    assert error.field == field and error.message


def test_a_plan_of_another_committee_that_does_not_cover_the_unit_is_refused(tree, district_officer):
    from pdms.targets.services import plan_create

    other = plan_create(
        organization=tree.commune_a, number="05-KH/ĐU", title="Kế hoạch xã Hà Mòn", issued_on=D(2020, 10, 1),
        term_start=D(2020, 8, 1), term_end=D(2025, 7, 31), actor=None,
    )
    error = _nothing_written(lambda: services.followup_request(
        committee=tree.district, unit=tree.commune_b, plan=other, document_number="426-TB/HU", issued_on=D(2026, 10, 1),
        due_on=D(2026, 10, 31), request_text="Báo cáo.", actor=district_officer,
    ))
    assert error.field == "plan" and "05-KH/ĐU" in error.message


def test_a_request_without_a_plan_reports_on_a_calendar_year(tree, district_officer, commune_officer):
    followup = services.followup_request(
        committee=tree.district, unit=tree.commune_a, period="2025", document_number="12-TB/HU", issued_on=D(2026, 1, 5),
        due_on=D(2026, 2, 5), request_text="Báo cáo kết quả năm 2025.", actor=district_officer,
    )
    report = services.followup_report_submit(
        followup=followup, text=TEXT, as_of=D(2026, 11, 23), actor=commune_officer
    )
    assert list(report.figures) == ["sources_total", "dossiers_in_progress", "dossiers_overdue", "admissions"]
    # Lê Thị Ánh was admitted on 01/12/2025.
    assert (report.period_start, report.period_end, report.figures["admissions"]["value"]) == (D(2025, 1, 1), D(2025, 12, 31), 1)


def test_an_empty_report_or_figures_outside_the_request_are_refused(request_426, unit_officer):
    assert _nothing_written(lambda: services.followup_report_submit(followup=request_426, text=" \n", as_of=D(2026, 11, 23), actor=unit_officer)).field == "text"
    for day in (D(2026, 9, 30), D(2026, 11, 24)):
        error = _nothing_written(lambda: services.followup_report_submit(followup=request_426, text=TEXT, as_of=day, actor=unit_officer))
        assert error.field == "as_of"


def test_actions_out_of_turn_are_refused(request_426, unit_officer, district_officer):
    assert _nothing_written(lambda: services.followup_close(followup=request_426, conclusion="Kết luận.", actor=district_officer)).field == "status"
    assert _nothing_written(lambda: services.followup_return(followup=request_426, reason="Lý do.", actor=district_officer)).field == "status"
    services.followup_report_submit(followup=request_426, text=TEXT, as_of=D(2026, 11, 23), actor=unit_officer)
    assert _nothing_written(lambda: services.followup_report_submit(followup=request_426, text=TEXT, as_of=D(2026, 11, 23), actor=unit_officer)).field == "status"
    assert _nothing_written(lambda: services.followup_return(followup=request_426, reason=" ", actor=district_officer)).field == "reason"
    assert _nothing_written(lambda: services.followup_close(followup=request_426, conclusion="", actor=district_officer)).field == "conclusion"
    services.followup_close(followup=request_426, conclusion="Kết luận.", actor=district_officer)
    assert _nothing_written(lambda: services.followup_return(followup=request_426, reason="Lý do.", actor=district_officer)).field == "status"


def test_the_unit_reports_but_only_the_committee_returns_or_closes(tree, request_426, unit_officer, district_officer, viewer, commune_officer):
    for outsider_of_the_unit in (viewer, commune_officer):
        assert isinstance(
            _nothing_written(lambda: services.followup_report_submit(followup=request_426, text=TEXT, as_of=D(2026, 11, 23), actor=outsider_of_the_unit)),
            PermissionDenied,
        )
    services.followup_report_submit(followup=request_426, text=TEXT, as_of=D(2026, 11, 23), actor=unit_officer)
    for not_the_committee in (unit_officer, viewer):
        assert isinstance(_nothing_written(lambda: services.followup_close(followup=request_426, conclusion="Kết luận.", actor=not_the_committee)), PermissionDenied)
        assert isinstance(_nothing_written(lambda: services.followup_return(followup=request_426, reason="Lý do.", actor=not_the_committee)), PermissionDenied)
    assert isinstance(_nothing_written(lambda: services.followup_request(
        committee=tree.district, unit=tree.commune_b, document_number="1-TB/HU", issued_on=D(2026, 10, 1), due_on=D(2026, 10, 2),
        request_text="Báo cáo.", actor=unit_officer,
    )), PermissionDenied)
    services.followup_close(followup=request_426, conclusion="Kết luận.", actor=district_officer)
