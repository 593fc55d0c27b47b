"""A district officer, in a real browser, issues a term plan, sets its quota for the
district and for both communes, reads the ranking and the forecast on the dashboard and
downloads the summary report, which opens with the figures the dashboard showed."""

import datetime as dt

import openpyxl
from playwright.sync_api import expect

from pdms.accounts.scope import Scope
from pdms.core.testing import register
from pdms.targets.forecast import forecast_units
from pdms.targets.models import Plan

D = dt.date


def _set_quota(page, unit, value: str):
    page.locator("#id_organization").select_option(str(unit.pk))
    page.locator("#id_period").select_option("term")
    page.locator("input[name=kind][value=number]").check()
    page.locator("#id_value").fill(value)
    page.locator("#id_decision").fill("05-KH/HU")
    page.locator("#id_decided_on").fill("15/08/2025")
    with page.expect_navigation():
        page.locator("#set-quota + form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text(unit.name)


def test_a_district_officer_sets_term_quotas_reads_ranking_and_forecast_and_downloads_the_report(
    log_in, tree, province_officer, tmp_path
):
    # With Lê Thị Ánh of the small tree (admitted 01/12/2025): three in Hà Mòn, one in Ngọc Wang.
    for branch, name, admitted in [
        (tree.branch_a1, "Đinh Văn Một", D(2025, 10, 2)), (tree.branch_a2, "Đinh Văn Hai", D(2026, 3, 5)),
        (tree.branch_b1, "Đinh Văn Ba", D(2026, 6, 1)),
    ]:
        register(branch, name, admitted=admitted)
    page = log_in(province_officer)

    page.goto("/targets/add/")
    for field, value in {
        "organization": "H01", "number": "05-KH/HU", "title": "Kế hoạch phát triển đảng viên nhiệm kỳ 2025–2030",
        "issued_on": "15/08/2025", "term_start": "01/08/2025", "term_end": "31/07/2030",
    }.items():
        page.locator(f"#id_{field}").fill(value)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("05-KH/HU")
    plan = Plan.objects.get(number="05-KH/HU")
    for unit, value in [(tree.district, "10"), (tree.commune_a, "4"), (tree.commune_b, "6")]:
        _set_quota(page, unit, value)
    expect(page.locator(".alert-warning")).to_have_count(0)  # the communes' quotas add up to the district's

    page.goto(f"/dashboard/?org={tree.district.pk}&plan={plan.pk}")
    expect(page.locator("[data-figure=quota]")).to_have_text("10")
    expect(page.locator("[data-figure=admitted]")).to_have_text("4")
    expect(page.locator("[data-figure=achievement]")).to_have_text("40,00%")
    ranking = page.locator("#ranking-table tbody tr")
    expect(ranking).to_have_count(2)
    expect(ranking.nth(0)).to_contain_text("Đảng bộ xã Hà Mòn")  # 3 of 4
    expect(ranking.nth(0)).to_contain_text("75,00")
    expect(ranking.nth(1)).to_contain_text("Đảng bộ xã Ngọc Wang")  # 1 of 6
    expect(ranking.nth(1)).to_contain_text("16,67")

    # The forecast loads after the page; it shows what the simulation gives for each unit.
    forecasts = page.locator("#forecast-table tbody tr")
    expect(forecasts).to_have_count(2)
    _head, expected = forecast_units(Scope.of(province_officer), plan, tree.district, D(2026, 11, 23))
    for forecast in expected:
        row = page.locator(f"#forecast-table tbody tr[data-unit='{forecast.organization.pk}']")
        expect(row.locator("td").nth(1)).to_have_text(str(forecast.target))
        expect(row.locator("td").nth(3)).to_have_text(str(forecast.p50))
        expect(row.locator("td").nth(4)).to_have_text(f"{forecast.p10}–{forecast.p90}")
        expect(row.locator("td").nth(5)).to_have_text(f"{forecast.probability:.0f}%")

    with page.expect_navigation():
        page.locator("#download-report").click()
    expect(page.locator("#id_organization")).to_have_value("H01")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]:not([name=preview])").click()
    with page.expect_download() as download:
        page.locator("#job-progress a.btn").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(path).worksheets[0]
    figures = {row[0]: row[1:4] for row in sheet.iter_rows(min_row=12, values_only=True) if row[0]}
    assert figures["Tỷ lệ hoàn thành chỉ tiêu kết nạp"] == (4, 10, 40.0)
    assert figures["Đơn vị đạt, vượt chỉ tiêu kết nạp"] == (0, 2, 0.0)
