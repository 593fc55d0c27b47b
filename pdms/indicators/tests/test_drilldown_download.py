"""The records behind a figure downloaded as .xlsx: as many rows as the figure counts,
for every indicator, with the period and the part in the heading; the download audited."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from pdms.audit.models import AuditEntry
from pdms.indicators.engine import all_indicators
from pdms.indicators.tests.test_views_drilldown import PERIOD, counted, drilldown, page_figures


def sheet_rows(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def records_in(rows: list[tuple]) -> int:
    # The heading ends with an empty row; the column names follow it, then the records.
    blank = next(i for i, row in enumerate(rows) if all(value is None for value in row))
    return len(rows) - blank - 2


def test_every_download_holds_as_many_records_as_its_figure(client, tree, commune_officer):
    client.force_login(commune_officer)
    figures = page_figures(client, tree.commune_a, PERIOD)
    assert set(figures) == {indicator.key for indicator in all_indicators()}
    for key, result in figures.items():
        response = client.get(drilldown(tree.commune_a, key), PERIOD | {"format": "xlsx"})
        assert response.status_code == 200, key
        assert records_in(sheet_rows(response)) == counted(result), key


def test_the_download_states_the_period_and_is_audited(client, tree, province_officer):
    client.force_login(province_officer)
    rows = sheet_rows(client.get(drilldown(tree.province, "members_probationary"), PERIOD | {"format": "xlsx"}))
    assert ("Kỳ báo cáo từ ngày", "01/01/2010") in [row[:2] for row in rows]
    assert ("Tính đến ngày", "23/11/2026") in [row[:2] for row in rows]
    entry = AuditEntry.objects.get(action="drilldown.download")
    assert entry.actor == province_officer and entry.organization == tree.province


def test_the_drilldown_offers_its_download(client, tree, province_officer):
    client.force_login(province_officer)
    body = client.get(reverse("indicators:drilldown", args=[tree.province.pk, "members_full"]), PERIOD).content.decode()
    assert "&amp;format=xlsx" in body and "Tải danh sách (.xlsx)" in body
