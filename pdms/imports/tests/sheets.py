"""Building import files in tests: rows as lists, written as .xlsx or .csv."""

import csv
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from pdms.accounts.scope import system_scope
from pdms.core.testing import citizen_id_for
from pdms.imports.models import ImportJob
from pdms.imports.services import import_file

D = dt.date
BORN = D(1990, 5, 15)
ORG_HEADER = ["Mã tổ chức", "Tên tổ chức", "Loại", "Mã cấp trên", "Ngày thành lập", "Có chi ủy"]
MEMBER_HEADER = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Dân tộc",
    "Tôn giáo",
    "Mã tổ chức",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Số thẻ đảng viên",
    "Ngày chuyển đến",
    "Nơi chuyển đến",
]


def xlsx(rows: list[list]) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def csv_file(rows: list[list], *, bom: bool = True, delimiter: str = ",") -> io.BytesIO:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter).writerows([["" if v is None else v for v in row] for row in rows])
    return io.BytesIO((("\ufeff" if bom else "") + text.getvalue()).encode("utf-8"))


def member_row(
    name="Hoàng Văn Minh",
    born=BORN,
    sex="Nam",
    org="C0101",
    admitted="10/01/2015",
    recognized="10/01/2016",
    *,
    citizen_id=None,
    ethnicity="Kinh",
    religion="Không",
    card="",
    arrived="",
    arrived_from="",
) -> list:
    """A valid row with a fresh citizen ID; dates as text (dd/mm/yyyy)."""
    cid = citizen_id or citizen_id_for(born, "female" if sex == "Nữ" else "male")
    return [name, born.strftime("%d/%m/%Y"), sex, cid, ethnicity, religion, org, admitted, recognized, card, arrived, arrived_from]


def org_row(code, name, kind, parent, founded="01/01/2015", committee="Không") -> list:
    return [code, name, kind, parent, founded, committee]


def run_import(
    kind: str, rows: list[list], *, fmt: str = "xlsx", scope=None, actor=None, dry_run: bool = False, name: str | None = None
):
    """Import ``rows`` (the header first) as a file; returns (table, outcome)."""
    fileobj = xlsx(rows) if fmt == "xlsx" else csv_file(rows)
    return import_file(
        kind=kind, fileobj=fileobj, filename=name or f"{kind}.{fmt}", scope=scope or system_scope(), actor=actor, dry_run=dry_run
    )


def messages(outcome) -> list[str]:
    return [str(e) for e in outcome.errors]


def queued_job(user, rows: list[list], *, kind: str = "members") -> ImportJob:
    """A job of ``user`` waiting in the queue, for ``rows`` uploaded as a CSV file."""
    return ImportJob.objects.create(
        created_by=user,
        organization=user.organization,
        kind=kind,
        original_name=f"{kind}.csv",
        file=SimpleUploadedFile(f"{kind}.csv", csv_file(rows).getvalue()),
    )
