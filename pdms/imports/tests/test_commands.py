"""The import commands: summary, row errors, --dry-run and exit codes."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pdms.members.models import Member
from pdms.organizations.models import Organization

from .sheets import MEMBER_HEADER, ORG_HEADER, csv_file, member_row, org_row, xlsx


def _write(path, buffer) -> str:
    path.write_bytes(buffer.getvalue())
    return str(path)


def _call(name, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_organizations_founds_the_rows_and_prints_a_summary(tree, tmp_path):
    path = _write(tmp_path / "to-chuc.xlsx", xlsx([ORG_HEADER, org_row("C0103", "Chi bộ thôn 3", "Chi bộ trực thuộc", "X01")]))
    out, err = _call("import_organizations", path)
    assert "Đã tạo: 1, đã có sẵn: 0, cập nhật: 0, dòng có lỗi: 0." in out and err == ""
    assert Organization.objects.filter(code="C0103").exists()
    out, _err = _call("import_organizations", path)
    assert "Đã tạo: 0, đã có sẵn: 1" in out


def test_import_members_reads_csv_and_a_dry_run_writes_nothing(tree, today, tmp_path):
    path = _write(tmp_path / "dang-vien.csv", csv_file([MEMBER_HEADER, member_row()]))
    out, _err = _call("import_members", path, "--dry-run")
    assert "Chưa ghi gì. Sẽ tạo: 1" in out and Member.objects.count() == 5
    _call("import_members", path)
    assert Member.objects.count() == 6


def test_an_invalid_row_prints_its_error_and_exits_non_zero(tree, today, tmp_path):
    bad = member_row()
    bad[1] = "31/02/1990"
    path = _write(tmp_path / "dang-vien.xlsx", xlsx([MEMBER_HEADER, member_row("Lê Văn Tốt"), bad]))
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_members", path, stdout=io.StringIO(), stderr=err)
    assert "Dòng 3, cột Ngày sinh: Ngày 31/02/1990 không có." in err.getvalue()
    assert "1 trong 2 dòng có lỗi" in str(exc.value) and Member.objects.count() == 5


def test_the_exit_status_is_non_zero_from_the_shell(tree, today, tmp_path):
    from django.core.management import ManagementUtility

    path = _write(tmp_path / "to-chuc.xlsx", xlsx([ORG_HEADER, org_row("C0103", "Chi bộ thôn 3", "Tổ đảng", "X01")]))
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "import_organizations", path, "--verbosity", "0"]).execute()
    assert exc.value.code == 1


def test_a_missing_file_or_column_is_refused(tree, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_members", str(tmp_path / "none.xlsx"))
    path = _write(tmp_path / "dang-vien.xlsx", xlsx([MEMBER_HEADER[:3]]))
    with pytest.raises(CommandError) as exc:
        call_command("import_members", path, stdout=io.StringIO(), stderr=io.StringIO())
    assert "Không nhập được tệp" in str(exc.value)
