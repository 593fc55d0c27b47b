"""The web import: upload, background job, progress, result, downloads and who sees what."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pdms.accounts.scope import system_scope
from pdms.imports.models import ImportJob, JobStatus
from pdms.imports.services import import_file, import_job_run
from pdms.members.models import Member

from .sheets import MEMBER_HEADER, ORG_HEADER, csv_file, member_row, xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client, capture, kind, buffer, name, **extra):
    with capture(execute=True):
        return client.post(reverse("imports:index"), {"kind": kind, "file": SimpleUploadedFile(name, buffer.getvalue()), **extra})


@pytest.fixture
def as_commune(client, commune_officer):
    client.force_login(commune_officer)
    return client


def test_an_upload_runs_as_a_job_and_shows_its_result(as_commune, django_capture_on_commit_callbacks, today):
    response = _upload(
        as_commune,
        django_capture_on_commit_callbacks,
        "members",
        xlsx([MEMBER_HEADER, member_row(), member_row("Lê Thị Thu", sex="Nữ")]),
        "dang-vien.xlsx",
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:job", args=[job.pk])
    assert job.status == JobStatus.DONE and (job.total_rows, job.rows_done, job.created_count) == (2, 2, 2)
    assert Member.objects.count() == 7
    page = as_commune.get(response["Location"]).content.decode()
    assert "Đã nhập xong." in page and "dang-vien.xlsx" in page and 'hx-trigger="every 1s"' not in page
    assert "dang-vien.xlsx" in as_commune.get(reverse("imports:index")).content.decode()


def test_a_check_only_upload_writes_nothing(as_commune, django_capture_on_commit_callbacks, today):
    _upload(
        as_commune, django_capture_on_commit_callbacks, "members", csv_file([MEMBER_HEADER, member_row()]), "dv.csv", dry_run="on"
    )
    job = ImportJob.objects.get()
    assert job.status == JobStatus.DONE and job.dry_run and job.created_count == 1
    assert Member.objects.count() == 5


def test_a_file_with_errors_gives_the_error_table_and_an_error_workbook(as_commune, django_capture_on_commit_callbacks, today):
    bad = member_row("Y Bluk", org="C0201")
    response = _upload(
        as_commune,
        django_capture_on_commit_callbacks,
        "members",
        xlsx([MEMBER_HEADER + ["Ghi chú"], member_row() + ["x"], bad + ["y"]]),
        "dv.xlsx",
    )
    job = ImportJob.objects.get()
    assert job.status == JobStatus.REJECTED and job.error_count == 1 and Member.objects.count() == 5
    page = as_commune.get(response["Location"]).content.decode()
    assert "không ghi gì" in page and "Không có tổ chức nào mang mã C0201 trong phạm vi của bạn." in page and "Ghi chú" in page
    download = as_commune.get(reverse("imports:errors", args=[job.pk]))
    assert (
        download.status_code == 200 and download["Content-Type"] == XLSX_TYPE and "dv-loi.xlsx" in download["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == MEMBER_HEADER + ["Ghi chú", "Lỗi"]
    assert rows[1][-1] is None and rows[1][0] == "Hoàng Văn Minh"
    assert list(rows[2][:-1]) == [value or None for value in bad] + ["y"]
    assert rows[2][-1] == "Dòng 3, cột Mã tổ chức: Không có tổ chức nào mang mã C0201 trong phạm vi của bạn."


def test_a_file_level_error_is_shown_without_a_workbook(as_commune, django_capture_on_commit_callbacks):
    _upload(as_commune, django_capture_on_commit_callbacks, "organizations", xlsx([MEMBER_HEADER]), "sai.xlsx")
    job = ImportJob.objects.get()
    assert job.status == JobStatus.REJECTED and not job.error_file
    assert "Tên tổ chức, Loại" in job.errors[0]["message"] and job.errors[0]["row"] is None
    assert as_commune.get(reverse("imports:errors", args=[job.pk])).status_code == 404


def test_the_progress_partial_polls_until_the_job_is_finished(as_commune, commune_officer, tree, today):
    job = ImportJob.objects.create(
        created_by=commune_officer,
        organization=tree.commune_a,
        kind="members",
        original_name="dv.csv",
        file=SimpleUploadedFile("dv.csv", csv_file([MEMBER_HEADER, member_row()]).getvalue()),
    )
    url = reverse("imports:progress", args=[job.pk])
    waiting = as_commune.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{url}"' in waiting and 'hx-trigger="every 1s"' in waiting and "Đang chờ" in waiting
    import_job_run(job_id=job.pk)
    done = as_commune.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and "Đã nhập xong." in done


def test_a_job_runs_once_even_if_queued_twice(commune_officer, tree, today):
    job = ImportJob.objects.create(
        created_by=commune_officer,
        organization=tree.commune_a,
        kind="members",
        original_name="dv.csv",
        file=SimpleUploadedFile("dv.csv", csv_file([MEMBER_HEADER, member_row()]).getvalue()),
    )
    import_job_run(job_id=job.pk)
    import_job_run(job_id=job.pk)
    assert Member.objects.count() == 6


@pytest.mark.parametrize("kind, header", [("organizations", ORG_HEADER), ("members", MEMBER_HEADER)])
def test_templates_download_with_the_exact_headers(client, viewer, kind, header):
    client.force_login(viewer)
    workbook = load_workbook(io.BytesIO(client.get(reverse(f"imports:template_{kind}_xlsx")).content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    # The example is a member admitted here: its arrival cells stay empty.
    assert list(rows[0]) == header and len(rows) == 2 and all(rows[1][:-2] if kind == "members" else rows[1])
    assert workbook.worksheets[1].title == "Hướng dẫn"
    text = client.get(reverse(f"imports:template_{kind}_csv")).content.decode("utf-8")
    assert text.startswith("\ufeff" + ",".join(header))


@pytest.mark.parametrize("kind", ["organizations", "members"])
def test_the_example_row_of_each_template_imports_cleanly(client, admin_user, today, kind):
    client.force_login(admin_user)
    content = client.get(reverse(f"imports:template_{kind}_xlsx")).content
    _table, outcome = import_file(
        kind=kind, fileobj=io.BytesIO(content), filename="mau.xlsx", scope=system_scope(), actor=None, dry_run=True
    )
    assert outcome.errors == [] and outcome.created == 1


def test_a_viewer_cannot_upload(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("imports:index")).status_code == 403
    response = client.post(reverse("imports:index"), {"kind": "members", "file": SimpleUploadedFile("dv.csv", b"x")})
    assert response.status_code == 403 and not ImportJob.objects.exists()


def test_a_wrong_file_type_is_refused_by_the_form(as_commune):
    response = as_commune.post(reverse("imports:index"), {"kind": "members", "file": SimpleUploadedFile("dv.xls", b"x")})
    assert response.status_code == 200 and "Chỉ nhập được tệp .xlsx và .csv." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_only_the_creator_and_administrators_see_a_job(
    client, as_commune, django_capture_on_commit_callbacks, outsider, province_officer, admin_user, today
):
    _upload(as_commune, django_capture_on_commit_callbacks, "members", xlsx([MEMBER_HEADER, member_row(org="C0201")]), "dv.xlsx")
    job = ImportJob.objects.get()
    urls = [reverse(name, args=[job.pk]) for name in ("imports:job", "imports:progress", "imports:errors")]
    for user in (outsider, province_officer):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
        assert "dv.xlsx" not in client.get(reverse("imports:index")).content.decode()
    client.force_login(admin_user)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
