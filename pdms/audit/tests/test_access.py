"""Access is audited: logins, logouts and failed logins (with the address), every download
of a file holding personal data, and reports run from the command line."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from pdms.audit.models import AuditEntry
from pdms.core.testing import PASSWORD, register
from pdms.imports.models import ImportJob
from pdms.recruitment.models import Attachment
from pdms.recruitment.services.dossiers import VoteData, dossier_advance
from pdms.recruitment.testing import make_candidate, ready_dossier
from pdms.reporting.models import ReportJob
from pdms.targets.services import plan_create

D = dt.date


def test_a_login_and_a_logout_are_audited_with_the_address(client, commune_officer):
    client.post(reverse("login"), {"username": "commune", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    client.post(reverse("logout"), REMOTE_ADDR="203.0.113.7")
    entries = AuditEntry.objects.filter(object_type="user", object_id=commune_officer.pk).order_by("id")
    assert [(e.action, e.actor, e.changes["address"][1]) for e in entries if e.action != "user.create"] == [
        ("user.login", commune_officer, "203.0.113.7"), ("user.logout", commune_officer, "203.0.113.7"),
    ]
    assert entries.last().organization == commune_officer.organization


def test_a_failed_login_names_the_account_tried_and_an_unknown_username_as_typed(client, commune_officer):
    client.post(reverse("login"), {"username": "commune", "password": "sai-mat-khau"}, REMOTE_ADDR="198.51.100.1")
    client.post(reverse("login"), {"username": "khongco", "password": "sai-mat-khau"}, REMOTE_ADDR="198.51.100.1")
    known, unknown = AuditEntry.objects.filter(action="user.login_failed").order_by("id")
    assert (known.object_id, known.organization, known.changes["address"][1]) == (commune_officer.pk, commune_officer.organization, "198.51.100.1")
    assert (unknown.object_id, unknown.object_repr, unknown.organization) == (0, "khongco", None)
    assert "sai-mat-khau" not in str(known.changes) + str(unknown.changes)


# --- downloads --------------------------------------------------------------------------


@pytest.fixture
def dossier(tree):
    sponsors = [
        register(tree.branch_a1, "Lý Văn Sơn", admitted=D(2010, 1, 5), recognized=D(2011, 1, 5)),
        register(tree.branch_a1, "Mai Thị Thu", sex="female", admitted=D(2011, 1, 5), recognized=D(2012, 1, 5)),
    ]
    dossier = ready_dossier(make_candidate(tree.branch_a1, "Đinh Văn Hòa"), sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    return dossier


def downloaded(client, user, url, what: str) -> AuditEntry:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200 and response.getvalue()
    return AuditEntry.objects.get(action=f"{what}.download", actor=user)


def test_downloading_a_dossier_attachment_is_audited(client, secretary, dossier):
    attachment = Attachment(dossier=dossier, original_name="don.pdf", content_type="application/pdf", size=5)
    attachment.file.save("don.pdf", ContentFile(b"%PDF-"), save=True)
    entry = downloaded(client, secretary, reverse("recruitment:attachment_download", args=[attachment.pk]), "attachment")
    assert (entry.object_id, entry.organization, entry.changes["file"][1]) == (attachment.pk, dossier.organization, "don.pdf")


def test_downloading_a_dossier_form_is_audited(client, commune_officer, dossier):
    url = reverse("recruitment:dossier_form", kwargs={"dossier_id": dossier.pk, "form": "branch-resolution"})
    entry = downloaded(client, commune_officer, url, "dossier_form")
    assert (entry.object_id, entry.organization) == (dossier.pk, dossier.organization)


def test_downloading_an_import_error_workbook_is_audited(client, commune_officer, tree):
    job = ImportJob.objects.create(created_by=commune_officer, organization=tree.commune_a, kind="members", file="imports/dv.csv", original_name="dv.csv")
    job.error_file.save("dv-loi.xlsx", ContentFile(b"PK"), save=True)
    entry = downloaded(client, commune_officer, reverse("imports:errors", args=[job.pk]), "import_errors")
    assert (entry.object_id, entry.organization, entry.changes["file"][1]) == (job.pk, tree.commune_a, "dv-loi.xlsx")


def test_downloading_a_report_file_is_audited(client, viewer, tree):
    job = ReportJob.objects.create(
        organization=tree.province, created_by=viewer, format="xlsx", status="done", filename="bao-cao.xlsx",
        parameters={"plan_number": "09-KH/TU", "period": "term", "as_of": "2026-06-30"},
    )
    job.file.save("bao-cao.xlsx", ContentFile(b"PK"), save=True)
    entry = downloaded(client, viewer, reverse("reporting:download", args=[job.pk]), "report")
    assert (entry.object_id, entry.organization, entry.changes["file"][1]) == (job.pk, tree.province, "bao-cao.xlsx")


@pytest.fixture
def plan(tree):
    return plan_create(
        organization=tree.province, number="09-KH/TU", title="Kế hoạch phát triển đảng viên", issued_on=D(2020, 10, 6),
        term_start=D(2020, 8, 1), term_end=D(2025, 7, 31), actor=None,
    )


def test_downloading_a_ranking_export_is_audited(client, province_officer, plan):
    url = reverse("targets:ranking_export", args=[plan.pk, "xlsx"]) + "?as_of=30/06/2022&period=term"
    entry = downloaded(client, province_officer, url, "ranking")
    assert (entry.object_id, entry.organization) == (plan.pk, plan.organization)
    assert entry.changes["file"][1].endswith(".xlsx")


def test_a_report_run_from_the_command_line_is_audited_with_the_operator(plan, tree):
    call_command("report", "quota-progress", "--org", "T01", "--plan", "09-KH/TU", "--as-of", "30/06/2022", stdout=StringIO())
    entry = AuditEntry.objects.get(action="report.command")
    assert (entry.actor, entry.object_id, entry.organization) == (None, plan.pk, tree.province)
    assert entry.changes["report"][1] == "quota-progress" and entry.changes["operator"][1]
