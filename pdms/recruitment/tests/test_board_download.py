"""One stage of the pipeline (its people, its dossiers) downloaded as .xlsx: every page,
with the branch and the days in the stage; the download audited."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pdms.audit.models import AuditEntry
from pdms.recruitment.testing import make_candidate
from pdms.recruitment.views import board as views

D = dt.date
BOARD = reverse("recruitment:board")


def data_rows(response) -> list[tuple]:
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Họ và tên")
    return rows[header + 1 :]


@pytest.mark.django_db
def test_a_stage_downloads_every_page_of_its_people(client, tree, province_officer, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_CHUNK", 2)
    for i in range(3):
        make_candidate(tree.branch_a2, f"Hoàng Văn Dũng {i:02d}", added=D(2026, 1, 1))
    client.force_login(province_officer)
    page = client.get(BOARD, {"org": tree.commune_a.pk, "stage": "sources"}).content.decode()
    assert "stage=sources&amp;format=xlsx" in page
    response = client.get(BOARD, {"org": tree.commune_a.pk, "stage": "sources", "format": "xlsx", "page": "2"})
    rows = data_rows(response)
    assert [row[0] for row in rows] == ["Hoàng Văn Dũng 00", "Hoàng Văn Dũng 01", "Hoàng Văn Dũng 02"]
    assert rows[0][2] == dt.datetime(2026, 1, 1) and rows[0][3] == 326
    entry = AuditEntry.objects.get(action="pipeline_stage.download")
    assert entry.organization == tree.commune_a
