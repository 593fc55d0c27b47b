import datetime as dt

from django.urls import reverse

from pdms.accounts.scope import Scope
from pdms.followups import services
from pdms.indicators.engine import Context, evaluate

D = dt.date
KEYS = ["followups_open", "followups_overdue"]


def _noon(day):
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone(dt.timedelta(hours=7)))


def _figures(user, organization, as_of):
    ctx = Context.build(scope=Scope.of(user), organization=organization, as_of=as_of)
    return tuple(result.value for result in evaluate(ctx, KEYS))


def _request(tree, unit, number, issued_on, due_on, actor):
    return services.followup_request(
        committee=tree.district, unit=unit, document_number=number, issued_on=issued_on, due_on=due_on,
        request_text="Báo cáo khắc phục.", actor=actor,
    )


def test_requests_count_as_open_until_closed_and_overdue_while_past_due_without_a_report(
    tree, request_426, unit_officer, district_officer, province_officer, time_machine
):
    _request(tree, tree.commune_a, "430-TB/HU", D(2026, 11, 10), D(2026, 12, 10), district_officer)
    # 426 (due 31/10) is overdue; 430 is not due yet.
    assert _figures(province_officer, tree.province, D(2026, 11, 23)) == (2, 1)
    assert _figures(province_officer, tree.district, D(2026, 11, 5)) == (1, 1)
    assert _figures(province_officer, tree.district, D(2026, 10, 31)) == (1, 0)
    assert _figures(province_officer, tree.commune_a, D(2026, 11, 23)) == (1, 0)
    assert _figures(province_officer, tree.branch_b1, D(2026, 11, 23)) == (0, 0)
    assert _figures(province_officer, tree.province, D(2026, 9, 30)) == (0, 0)

    services.followup_report_submit(followup=request_426, text="Đã kiểm điểm.", as_of=D(2026, 11, 23), actor=unit_officer)
    assert _figures(province_officer, tree.province, D(2026, 11, 23)) == (2, 0)
    # On the day before the report it was still overdue.
    assert _figures(province_officer, tree.province, D(2026, 11, 22)) == (2, 1)

    time_machine.move_to(_noon(D(2026, 11, 25)), tick=False)
    services.followup_return(followup=request_426, reason="Chưa đạt yêu cầu.", actor=district_officer)
    assert _figures(province_officer, tree.province, D(2026, 11, 25)) == (2, 1)
    assert _figures(province_officer, tree.province, D(2026, 11, 24)) == (2, 0)

    time_machine.move_to(_noon(D(2026, 11, 26)), tick=False)
    services.followup_report_submit(followup=request_426, text="Bổ sung trách nhiệm.", as_of=D(2026, 11, 26), actor=unit_officer)
    services.followup_close(followup=request_426, conclusion="Đồng ý.", actor=district_officer)
    assert _figures(province_officer, tree.province, D(2026, 11, 26)) == (1, 0)
    assert _figures(province_officer, tree.province, D(2026, 11, 25)) == (2, 1)


def test_the_drill_down_lists_the_requests_counted(client, tree, request_426, district_officer, province_officer):
    _request(tree, tree.commune_a, "430-TB/HU", D(2026, 11, 10), D(2026, 12, 10), district_officer)
    client.force_login(province_officer)
    query = {"as_of": "23/11/2026"}
    for key, numbers in (("followups_open", {"426-TB/HU", "430-TB/HU"}), ("followups_overdue", {"426-TB/HU"})):
        response = client.get(reverse("indicators:drilldown", args=[tree.district.pk, key]), query)
        rows = response.context["rows"]
        assert response.context["result"].value == len(rows) == len(numbers)
        assert {row.record.document_number for row in rows} == numbers
        assert reverse("followups:detail", args=[request_426.pk]) in response.content.decode()
        assert tree.commune_b.name in response.content.decode()


def test_a_commune_sees_only_the_requests_addressed_inside_its_subtree(tree, request_426, commune_officer):
    assert _figures(commune_officer, tree.commune_a, D(2026, 11, 23)) == (0, 0)
