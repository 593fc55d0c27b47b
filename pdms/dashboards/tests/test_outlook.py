import datetime as dt
import re

from django.urls import reverse

from pdms.accounts.scope import Scope
from pdms.targets.forecast import forecast_units
from pdms.targets.risk import units_at_risk

D = dt.date
URL = "/dashboard/outlook/"


def open_outlook(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_the_forecast_table_shows_the_forecast_of_each_unit(client, progress, plan, province_officer):
    response = open_outlook(client, province_officer, org=progress.district.pk, plan=plan.pk, as_of="30/06/2022")
    shown = response.context["outlook"]
    head, units = forecast_units(Scope.of(province_officer), plan, progress.district, D(2022, 6, 30), "term")
    assert [(f.organization, f.target, f.admitted, f.p10, f.p50, f.p90, f.probability) for f in shown.unit_forecasts] == [
        (f.organization, f.target, f.admitted, f.p10, f.p50, f.p90, f.probability) for f in units
    ]
    assert (shown.forecast.p50, shown.forecast.admitted) == (head.p50, 3)
    body = response.content.decode()
    assert 'id="forecast"' in body and 'id="at-risk"' in body
    row = re.search(rf'<tr data-unit="{progress.commune_b.pk}">(.*?)</tr>', body, re.S).group(1)
    b = next(f for f in units if f.organization == progress.commune_b)
    assert f">{b.p50}<" in row and f"{b.p10}–{b.p90}" in row


def test_the_units_at_risk_have_their_reasons_linked_and_a_report_request(client, progress, plan, province_officer):
    response = open_outlook(client, province_officer, org=progress.district.pk, plan=plan.pk, as_of="30/06/2022")
    scope = Scope.of(province_officer)
    expected = units_at_risk(scope, plan, progress.district, D(2022, 6, 30), "term")
    shown = [item["risk"] for item in response.context["risks"]]
    assert [(r.forecast.organization, [x.code for x in r.reasons], r.months_left) for r in shown] == [
        (r.forecast.organization, [x.code for x in r.reasons], r.months_left) for r in expected
    ]
    assert shown, "the small tree's units are behind their quota in mid-2022"
    body = response.content.decode()
    for risk in shown:
        unit = risk.forecast.organization.pk
        assert f'{reverse("followups:add")}?org={unit}&amp;plan={plan.pk}&amp;period=term' in body
        for reason in risk.reasons:
            if reason.indicator:
                assert reverse("indicators:drilldown", args=[unit, reason.indicator]) in body


def test_a_viewer_reads_the_units_at_risk_without_the_request_that_only_writers_make(client, progress, plan, viewer):
    response = open_outlook(client, viewer, org=progress.district.pk, plan=plan.pk, as_of="30/06/2022")
    assert response.context["risks"] and reverse("followups:add") not in response.content.decode()


def test_the_outlook_is_scoped_like_the_dashboard(client, progress, plan, outsider, province_officer):
    assert open_outlook(client, outsider, org=progress.district.pk).status_code == 404
    assert open_outlook(client, outsider, plan=plan.pk).status_code == 404
    response = open_outlook(client, province_officer, org=progress.district.pk, plan=plan.pk, as_of="01/01/2019")
    assert response.status_code == 200 and response.context["outlook"] is None
    assert response.context["error"] and response.context["error"] in response.content.decode()


def test_the_outlook_tables_scroll_inside_their_own_box(client, progress, plan, province_officer):
    body = open_outlook(client, province_officer, org=progress.district.pk, plan=plan.pk, as_of="30/06/2022").content.decode()
    tables = body.count("<table")
    assert tables >= 1
    assert len(re.findall(r'<div class="table-responsive"[^>]*>\s*<table', body)) == tables
