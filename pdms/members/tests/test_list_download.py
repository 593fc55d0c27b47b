"""The member list downloaded as .xlsx: every page, only the people the filters and the
user's scope select, citizen IDs masked, the download audited."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from pdms.audit.models import AuditEntry
from pdms.core.testing import register
from pdms.members import views

URL = reverse("members:search")


def data_rows(response) -> list[tuple]:
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Họ và tên")
    return rows[header + 1 :]


def test_the_download_holds_the_rows_the_filters_select(client, tree, province_officer):
    client.force_login(province_officer)
    rows = data_rows(client.get(URL, {"org": tree.district.pk, "q": "nguyen van an", "format": "xlsx"}))
    assert [row[0] for row in rows] == ["Nguyễn Văn An"]


def test_the_download_holds_every_page_of_the_list(client, tree, commune_officer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    monkeypatch.setattr(views, "EXPORT_CHUNK", 2)
    client.force_login(commune_officer)
    on_the_page = client.get(URL)
    rows = data_rows(client.get(URL, {"format": "xlsx", "page": "2"}))
    assert len(rows) == on_the_page.context["page"].paginator.count > 2


def test_the_download_names_nobody_outside_the_users_scope(client, tree, commune_officer):
    register(tree.other_province, "Đỗ Văn Ngoài")
    client.force_login(commune_officer)
    names = [row[0] for row in data_rows(client.get(URL, {"format": "xlsx"}))]
    assert names and "Đỗ Văn Ngoài" not in names


def test_citizen_ids_are_masked_in_the_download(client, tree, commune_officer):
    member = register(tree.branch_a1, "Vũ Văn Căn")
    client.force_login(commune_officer)
    rows = data_rows(client.get(URL, {"format": "xlsx", "q": "vu van can"}))
    assert rows[0][3] == "••••••••" + member.person.citizen_id_last4
    assert member.person.citizen_id not in str(rows)


def test_the_download_is_audited(client, tree, commune_officer):
    client.force_login(commune_officer)
    client.get(URL, {"org": tree.commune_a.pk, "format": "xlsx"})
    entry = AuditEntry.objects.get(action="member_list.download")
    assert entry.actor == commune_officer and entry.organization == tree.commune_a


def test_the_list_offers_its_download_with_the_filters_applied(client, tree, commune_officer):
    client.force_login(commune_officer)
    body = client.get(URL, {"q": "an", "status": "full", "page": "1"}).content.decode()
    assert "?q=an&amp;status=full&amp;format=xlsx" in body


def test_the_pages_say_how_many_there_are_and_a_page_can_be_chosen(client, tree, commune_officer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client.force_login(commune_officer)
    response = client.get(URL, {"status": "full", "page": "2"})
    body = response.content.decode()
    total = response.context["page"].paginator.num_pages
    assert f"Trang 2/{total}" in body
    assert f'name="page" min="1" max="{total}" value="2"' in body
    assert '<input type="hidden" name="status" value="full">' in body
    assert response.context["rows"] and client.get(URL, {"status": "full", "page": str(total)}).context["page"].number == total
