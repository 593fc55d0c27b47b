"""A cell longer than the field it is stored in is a row error like any other, on every
database: PostgreSQL would otherwise stop the whole import when writing it."""

import pytest

from pdms.imports.models import JobStatus
from pdms.imports.services import import_job_run
from pdms.members.models import Member
from pdms.organizations.models import Organization

from .sheets import MEMBER_HEADER, ORG_HEADER, member_row, messages, org_row, queued_job, run_import


@pytest.mark.parametrize(
    "column, change",
    [
        ("Họ và tên", {"name": "Nguyễn " + "Văn " * 70 + "An"}),
        ("Dân tộc", {"ethnicity": "Kinh" * 20}),
        ("Tôn giáo", {"religion": "Không" * 20}),
        ("Số thẻ đảng viên", {"card": "9" * 40}),
    ],
)
def test_an_over_long_member_cell_is_a_row_error_and_nothing_is_written(tree, today, column, change):
    table, outcome = run_import("members", [MEMBER_HEADER, member_row(), member_row(**change)])
    assert [(e.row, e.column) for e in outcome.errors] == [(3, column)]
    assert "vượt quá giới hạn" in messages(outcome)[0]
    assert Member.objects.count() == 5


def test_an_over_long_organization_name_is_a_row_error(tree, today):
    table, outcome = run_import(
        "organizations", [ORG_HEADER, org_row("C0199", "Chi bộ " + "thôn " * 60, "Chi bộ trực thuộc", "X01")]
    )
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Tên tổ chức")]
    assert "Dài 306 ký tự, vượt quá giới hạn 255 ký tự." in messages(outcome)[0]
    assert not Organization.objects.filter(code="C0199").exists()


def test_a_job_with_an_over_long_name_is_rejected_with_its_rows_not_stopped(tree, today, commune_officer):
    job = queued_job(commune_officer, [MEMBER_HEADER, member_row("A" * 300)])
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED and job.error_count == 1 and job.error_file
    assert job.errors[0]["column"] == "Họ và tên"
