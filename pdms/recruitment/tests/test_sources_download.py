"""The source list downloaded as .xlsx: every candidate the filters and the user's scope
select, with mentors and focus groups; the download audited."""

import io

from openpyxl import load_workbook

from pdms.audit.models import AuditEntry
from pdms.recruitment.tests.test_sources_views import lists, url  # noqa: F401 (fixture)
from pdms.recruitment.views import sources as views


def data_rows(response) -> list[tuple]:
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Họ và tên")
    return rows[header + 1 :]


def test_the_download_holds_the_candidates_the_filters_select_with_their_mentors(client, tree, province_officer, lists):
    client.force_login(province_officer)
    rows = data_rows(client.get(url("sources"), {"q": "nguyen van", "format": "xlsx"}))
    assert [(row[0], row[5]) for row in rows] == [("Nguyễn Văn Tâm", "Nguyễn Văn An")]


def test_the_download_holds_every_page_and_nobody_outside_the_scope(client, tree, commune_officer, lists, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    monkeypatch.setattr(views, "EXPORT_CHUNK", 1)
    client.force_login(commune_officer)
    names = [row[0] for row in data_rows(client.get(url("sources"), {"format": "xlsx", "page": "2"}))]
    assert names == ["Bùi Văn Sơn", "Nguyễn Văn Tâm"]
    entry = AuditEntry.objects.get(action="source_list.download")
    assert entry.actor == commune_officer and entry.organization == tree.commune_a


def test_the_list_offers_its_download_and_its_page_jump(client, tree, province_officer, lists, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client.force_login(province_officer)
    body = client.get(url("sources"), {"q": "van"}).content.decode()
    assert "?q=van&amp;format=xlsx" in body and "Tải danh sách (.xlsx)" in body
    assert 'name="page" min="1" max="3"' in body
