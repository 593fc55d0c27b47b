import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from pdms.core.testing import register
from pdms.dashboards.panels import elapsed_percent, pro_rata
from pdms.indicators.engine import Context, evaluate
from pdms.recruitment.services.dossiers import VoteData, dossier_advance
from pdms.recruitment.testing import make_candidate, ready_dossier
from pdms.targets import services
from pdms.targets.tests.conftest import TERM, YEAR_2022

D = dt.date
URL = "/dashboard/"


def open_dashboard(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_the_figures_on_the_page_are_the_indicators_of_the_plan_period(client, progress, plan, province_officer):
    response = open_dashboard(client, province_officer, org=progress.district.pk, plan=plan.pk, as_of="30/06/2022")
    board = response.context["board"]
    ctx = Context.build(scope=board.head.ctx.scope, organization=progress.district, as_of=D(2022, 6, 30), start=TERM[0], end=TERM[1])
    figures = {r.key: r for r in evaluate(ctx, ["quota", "quota_achievement", "quota_excess", "admissions"])}
    assert (board.target, board.admitted) == (figures["quota"].value, figures["admissions"].value) == (3, 3)
    assert board.head.achievement == figures["quota_achievement"].percent == Decimal("100.00")
    assert board.head.results["quota_excess"].value == 0
    assert board.head.quota.version == 1 and board.plan == plan
    body = response.content.decode()
    assert re.search(r'data-figure="quota"><a href="[^"]+">3</a>', body)
    assert re.search(r'data-figure="achievement"><a href="[^"]+">100,00%</a>', body)
    assert "09-KH/HU" in body


def test_the_months_add_up_to_the_admitted_figure_and_link_to_their_drilldown(client, progress, plan, province_officer):
    response = open_dashboard(client, province_officer, org=progress.district.pk, plan=plan.pk, as_of="30/06/2022")
    months = response.context["board"].months
    begun = [m for m in months if m.admitted is not None]
    assert (begun[0].label, begun[-1].label, len(months)) == ("08/2020", "06/2022", 60)
    assert {m.label: m.admitted for m in begun if m.admitted} == {"03/2021": 1, "02/2022": 1, "03/2022": 1}
    assert sum(m.admitted for m in begun) == response.context["board"].admitted == 3
    assert begun[-1].cumulative == 3
    march = next(m for m in begun if m.label == "03/2022")
    assert march.query == "as_of=30%2F06%2F2022&from=01%2F03%2F2022&to=31%2F03%2F2022"
    drill = client.get(f'{reverse("indicators:drilldown", args=[progress.district.pk, "admissions"])}?{march.query}')
    assert drill.context["page"].paginator.count == 1


def test_the_previous_year_column_counts_the_same_months_a_year_earlier(client, progress, plan, province_officer):
    register(progress.branch_a1, "Vũ Văn Trước", admitted=D(2021, 2, 10))
    register(progress.branch_a2, "Vũ Văn Sau", admitted=D(2022, 7, 5))  # after the as-of day: not counted
    response = open_dashboard(client, province_officer, org=progress.district.pk, plan=plan.pk, as_of="30/06/2022")
    board = response.context["board"]
    by_label = {m.label: m for m in board.months}
    assert by_label["02/2022"].previous == 1 and by_label["03/2022"].previous == 1  # 02/2021 and 03/2021
    assert by_label["07/2022"].admitted is None
    previous = evaluate(board.head.ctx, ["admissions_same_period_previous_year"])[0].value
    assert board.previous_total == previous == 2  # 03/2021 and 02/2021, from 01/08/2019 to 30/06/2021


def test_the_on_track_line_is_the_quota_pro_rata_of_the_time_elapsed(client, progress, plan, province_officer):
    response = open_dashboard(client, province_officer, org=progress.district.pk, plan=plan.pk, as_of="30/06/2022")
    board = response.context["board"]
    days = (D(2022, 6, 30) - TERM[0]).days + 1
    total = (TERM[1] - TERM[0]).days + 1
    assert board.elapsed == (Decimal(days) * 100 / total).quantize(Decimal("0.01")) == elapsed_percent(*TERM, D(2022, 6, 30))
    # 38,28% of a quota of 3 is 1,15 people: the line asks for 1 person, not a fraction.
    assert board.on_track == pro_rata(3, *TERM, D(2022, 6, 30)) == 1
    assert 'data-figure="on-track">1</td>' in response.content.decode()
    assert board.months[-1].on_track == 3  # the whole quota by the end of the term
    assert pro_rata(3, *TERM, D(2023, 1, 31)) == 2  # 50,05% of 3 is 1,50 people, rounded to 2
    assert elapsed_percent(*TERM, D(2019, 1, 1)) == 0 and elapsed_percent(*TERM, D(2030, 1, 1)) == 100
    chart = response.context["progress_chart"]
    assert chart["series"][0]["values"][22] == 3 and chart["series"][0]["values"][23] is None


def test_units_are_ranked_by_achievement_with_the_chart_in_the_same_order(client, progress, plan, province_officer):
    response = open_dashboard(client, province_officer, org=progress.district.pk, plan=plan.pk, as_of="30/06/2022")
    rows = [item["row"] for item in response.context["units"]]
    assert [(r.organization.code, str(r.achievement)) for r in rows] == [("X01", "200.00"), ("X02", "50.00")]
    chart = response.context["units_chart"]
    assert chart["series"][0]["values"] == [200.0, 50.0]
    assert chart["labels"] == [r.name for r in rows] and chart["marker"] == 100
    body = response.content.decode()
    assert 'id="ranking"' in body and f'?org={progress.commune_a.pk}&amp;plan={plan.pk}' in body


def test_without_a_plan_asked_for_the_plan_in_force_of_a_committee_above_is_used(client, progress, plan, commune_officer):
    later = services.plan_create(
        organization=progress.district, number="05-KH/HU", title="Kế hoạch nhiệm kỳ 2025–2030", issued_on=D(2025, 10, 1),
        term_start=D(2025, 8, 1), term_end=D(2030, 7, 31), actor=None,
    )
    response = open_dashboard(client, commune_officer, as_of="30/06/2022")
    assert response.context["organization"] == progress.commune_a and response.context["plan"] == plan
    assert response.context["board"].target == 1
    response = open_dashboard(client, commune_officer)  # today, 23/11/2026
    assert response.context["plan"] == later and response.context["board"].target is None
    response = open_dashboard(client, commune_officer, as_of="01/01/2040")
    assert response.context["plan"] == later  # no term covers it: the latest


def test_a_year_of_the_term_is_measured_against_that_years_quota(client, progress, plan, set_quota, province_officer):
    set_quota(progress.district, 4, period=YEAR_2022)
    response = open_dashboard(client, province_officer, org=progress.district.pk, plan=plan.pk, period="2022", as_of="30/06/2022")
    board = response.context["board"]
    assert (board.start, board.end, board.target, board.admitted) == (D(2022, 1, 1), D(2022, 12, 31), 4, 2)
    assert [m.label for m in board.months][0] == "01/2022" and len(board.months) == 12
    assert board.elapsed == elapsed_percent(*YEAR_2022, D(2022, 6, 30))
    assert all(row.quota is None for row in board.units)  # the units have no 2022 quota


@pytest.mark.parametrize("params, message", [
    ({"as_of": "31/02/2022"}, "Ngày 31/02/2022 không có."),
    ({"period": "2030", "as_of": "30/06/2022"}, "Thời kỳ phải là “nhiệm kỳ” hoặc một năm trong nhiệm kỳ"),
    ({"period": "abc", "as_of": "30/06/2022"}, "Thời kỳ phải là “nhiệm kỳ” hoặc một năm trong nhiệm kỳ"),
    ({"as_of": "01/01/2019"}, "trước khi thời kỳ bắt đầu"),
])
def test_a_bad_date_or_period_is_said_in_vietnamese_on_the_page(client, progress, plan, province_officer, params, message):
    response = open_dashboard(client, province_officer, org=progress.district.pk, plan=plan.pk, **params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_bad_period_falls_back_to_the_term(client, progress, plan, province_officer):
    response = open_dashboard(client, province_officer, org=progress.district.pk, plan=plan.pk, period="2030", as_of="30/06/2022")
    assert response.context["period"] == "term" and response.context["board"].admitted == 3


def test_an_outsider_cannot_open_the_dashboard_of_another_province(client, progress, plan, outsider):
    assert open_dashboard(client, outsider, org=progress.district.pk).status_code == 404
    assert open_dashboard(client, outsider, plan=plan.pk).status_code == 404
    assert open_dashboard(client, outsider, org="x").status_code == 404
    response = open_dashboard(client, outsider)
    assert response.context["organization"] == progress.other_province and response.context["board"] is None
    assert "Đắk Hà" not in response.content.decode()


def test_a_viewer_reads_the_dashboard(client, progress, plan, viewer):
    response = open_dashboard(client, viewer, org=progress.district.pk, as_of="30/06/2022")
    assert response.status_code == 200 and response.context["board"].admitted == 3


def test_the_pipeline_and_the_overdue_deadlines_are_the_indicators_with_links(client, progress, plan, province_officer):
    home = progress.branch_a1
    sponsors = [
        register(home, "Lý Văn Sơn", admitted=D(2010, 1, 5), recognized=D(2011, 1, 5)),
        register(home, "Mai Thị Thu", sex="female", admitted=D(2011, 1, 5), recognized=D(2012, 1, 5)),
    ]
    dossier = ready_dossier(make_candidate(home, "Hồ Văn Chậm"), sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    later = services.plan_create(
        organization=progress.district, number="05-KH/HU", title="Kế hoạch nhiệm kỳ 2025–2030", issued_on=D(2025, 10, 1),
        term_start=D(2025, 8, 1), term_end=D(2030, 7, 31), actor=None,
    )
    response = open_dashboard(client, province_officer, org=progress.district.pk, plan=later.pk)
    board = response.context["board"]
    figures = {r.key: r.value for r in evaluate(board.head.ctx, ["dossiers_in_progress", "dossiers_overdue", "sources_total"])}
    pipeline = {r.key: r.value for r in board.pipeline}
    assert pipeline["dossiers_in_progress"] == figures["dossiers_in_progress"] == 1
    assert pipeline["sources_total"] == figures["sources_total"]
    assert board.overdue.value == figures["dossiers_overdue"] == len(board.overdue_rows) == 1
    body = response.content.decode()
    assert reverse("recruitment:dossier_detail", args=[dossier.pk]) in body and "Hồ Văn Chậm" in body
    assert reverse("indicators:drilldown", args=[progress.district.pk, "dossiers_overdue"]) in body


def test_every_table_scrolls_inside_its_own_box_on_a_phone(client, progress, plan, province_officer):
    body = open_dashboard(client, province_officer, org=progress.district.pk, plan=plan.pk, as_of="30/06/2022").content.decode()
    tables = body.count("<table")
    assert tables >= 4
    assert len(re.findall(r'<div class="table-responsive[^"]*"[^>]*>\s*<table', body)) == tables
    assert '<meta name="viewport" content="width=device-width' in body


def test_the_summary_report_link_carries_the_dashboards_selection(client, progress, plan, province_officer):
    body = open_dashboard(client, province_officer, org=progress.commune_a.pk, plan=plan.pk, period="2022", as_of="30/06/2022").content.decode()
    link = f'{reverse("reporting:summary")}?org={progress.commune_a.pk}&amp;plan={plan.pk}&amp;period=2022&amp;as_of=30/06/2022'
    assert f'id="download-report" href="{link}"' in body
    form = client.get(link.replace("&amp;", "&")).context["form"]
    assert form.initial == {"organization": "X01", "plan": plan.pk, "period": "2022", "as_of": "30/06/2022", "format": "xlsx"}


def test_the_page_loads_the_forecast_of_the_same_selection(client, progress, plan, province_officer):
    body = open_dashboard(client, province_officer, org=progress.district.pk, plan=plan.pk, period="2030", as_of="30/06/2022").content.decode()
    outlook = f'{reverse("dashboards:outlook")}?org={progress.district.pk}&amp;plan={plan.pk}&amp;period=term&amp;as_of=30%2F06%2F2022'
    assert f'hx-get="{outlook}"' in body
