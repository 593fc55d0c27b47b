"""Scanned documents of a dossier: PDF, JPEG and PNG files known by their first bytes,
at most 10 MB, kept in the private media folder, audited, and handed out only through
the dossier's scope."""

import datetime as dt
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError, PermissionDenied
from pdms.recruitment.models import Attachment
from pdms.recruitment.services.attachments import MAX_BYTES, attachment_add, attachment_remove
from pdms.recruitment.testing import ready_dossier

D = dt.date
pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
# The start of a Windows program.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run in DOS mode."


def png() -> bytes:
    """A real 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b"")


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def dossier(candidate, sponsors):
    return ready_dossier(candidate, sponsors)


def detail_url(dossier):
    return reverse("recruitment:dossier_detail", kwargs={"dossier_id": dossier.pk})


# --- the service --------------------------------------------------------------------------


def test_a_small_pdf_is_kept_under_a_generated_name_and_audited(dossier, secretary):
    attachment = attachment_add(dossier=dossier, upload=upload("Đơn xin vào Đảng.pdf", PDF), document_kind="1-KNĐ", actor=secretary)
    assert (attachment.content_type, attachment.size, attachment.original_name) == ("application/pdf", len(PDF), "Đơn xin vào Đảng.pdf")
    assert attachment.file.name.startswith(f"dossiers/{dossier.pk}/") and attachment.file.name.endswith(".pdf")
    assert "Đơn" not in attachment.file.name
    path = Path(attachment.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT)) and path.read_bytes() == PDF
    entry = AuditEntry.objects.get(action="dossier.attachment_add")
    assert entry.actor == secretary and entry.organization == dossier.organization
    assert entry.changes["attachment"] == [None, "Đơn xin vào Đảng.pdf"]


@pytest.mark.parametrize(("name", "content", "content_type"), [("anh.png", png(), "image/png"), ("scan.jpg", JPEG, "image/jpeg")])
def test_png_and_jpeg_images_are_accepted(dossier, secretary, name, content, content_type):
    attachment = attachment_add(dossier=dossier, upload=upload(name, content), document_kind="", actor=secretary)
    assert attachment.content_type == content_type and attachment.file.name.endswith((".png", ".jpg"))


def test_the_type_comes_from_the_content_not_from_the_name_or_the_browser(dossier, secretary):
    attachment = attachment_add(dossier=dossier, upload=upload("anh.png", PDF, "image/png"), document_kind="", actor=secretary)
    assert attachment.content_type == "application/pdf" and attachment.file.name.endswith(".pdf")


def test_a_program_renamed_to_pdf_is_refused(dossier, secretary):
    with pytest.raises(DomainError) as error:
        attachment_add(dossier=dossier, upload=upload("ly-lich.pdf", EXE, "application/pdf"), document_kind="2-KNĐ", actor=secretary)
    assert error.value.field == "file" and "ly-lich.pdf" in error.value.message and "PDF" in error.value.message
    assert not Attachment.objects.exists() and stored_files() == []


def test_an_empty_file_is_refused(dossier, secretary):
    with pytest.raises(DomainError) as error:
        attachment_add(dossier=dossier, upload=upload("trong.pdf", b""), document_kind="", actor=secretary)
    assert error.value.field == "file" and "trong.pdf" in error.value.message


def test_a_file_over_ten_megabytes_is_refused(dossier, secretary):
    big = PDF + b"0" * (MAX_BYTES - len(PDF) + 1)
    with pytest.raises(DomainError) as error:
        attachment_add(dossier=dossier, upload=upload("lon.pdf", big), document_kind="", actor=secretary)
    assert error.value.field == "file" and "10 MB" in error.value.message
    assert not Attachment.objects.exists() and stored_files() == []


def test_a_file_of_exactly_ten_megabytes_is_accepted(dossier, secretary):
    exact = PDF + b"0" * (MAX_BYTES - len(PDF))
    assert attachment_add(dossier=dossier, upload=upload("vua.pdf", exact), document_kind="", actor=secretary).size == MAX_BYTES


def test_an_unknown_form_is_refused(dossier, secretary):
    with pytest.raises(DomainError) as error:
        attachment_add(dossier=dossier, upload=upload("a.pdf", PDF), document_kind="99-KNĐ", actor=secretary)
    assert error.value.field == "document_kind"


def test_only_writers_of_the_branch_attach(dossier, viewer, outsider):
    for actor in (viewer, outsider):
        with pytest.raises(PermissionDenied):
            attachment_add(dossier=dossier, upload=upload("a.pdf", PDF), document_kind="", actor=actor)
    assert stored_files() == []


def test_removing_an_attachment_deletes_its_file_once_committed(dossier, secretary, django_capture_on_commit_callbacks):
    attachment = attachment_add(dossier=dossier, upload=upload("a.pdf", PDF), document_kind="", actor=secretary)
    path = Path(attachment.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=attachment, actor=secretary)
    assert not Attachment.objects.exists() and not path.exists()
    assert AuditEntry.objects.filter(action="dossier.attachment_remove", actor=secretary).exists()


# --- the pages ----------------------------------------------------------------------------


def test_the_secretary_attaches_a_scan_from_the_dossier_page(client, secretary, dossier):
    client.force_login(secretary)
    url = reverse("recruitment:attachment_add", kwargs={"dossier_id": dossier.pk})
    response = client.post(url, {"file": upload("don.pdf", PDF), "document_kind": "1-KNĐ"})
    assert response.status_code == 302 and response["Location"] == detail_url(dossier)
    attachment = Attachment.objects.get()
    assert attachment.uploaded_by == secretary and attachment.document_kind == "1-KNĐ"
    assert "don.pdf" in client.get(detail_url(dossier)).content.decode()


def test_a_refused_file_comes_back_onto_the_form(client, secretary, dossier):
    client.force_login(secretary)
    url = reverse("recruitment:attachment_add", kwargs={"dossier_id": dossier.pk})
    response = client.post(url, {"file": upload("ly-lich.pdf", EXE, "application/pdf"), "document_kind": ""})
    assert response.status_code == 200
    assert "ly-lich.pdf" in " ".join(response.context["attachment_form"].errors["file"])
    assert not Attachment.objects.exists()


def test_a_file_too_large_comes_back_onto_the_form(client, secretary, dossier):
    client.force_login(secretary)
    url = reverse("recruitment:attachment_add", kwargs={"dossier_id": dossier.pk})
    response = client.post(url, {"file": upload("lon.pdf", PDF + b"0" * MAX_BYTES), "document_kind": ""})
    assert response.status_code == 200
    assert "10 MB" in " ".join(response.context["attachment_form"].errors["file"])
    assert not Attachment.objects.exists() and stored_files() == []


def test_the_download_is_a_file_handed_out_within_scope_only(client, secretary, viewer, outsider, commune_officer, dossier, tree):
    from pdms.core.testing import make_user

    attachment = attachment_add(dossier=dossier, upload=upload("Đơn.pdf", PDF), document_kind="", actor=secretary)
    url = reverse("recruitment:attachment_download", kwargs={"attachment_id": attachment.pk})
    for user in (secretary, commune_officer, viewer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;") and "filename" in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == PDF
    for user in (outsider, make_user("secretary2", "secretary", tree.branch_a2)):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(secretary)
    assert client.get("/" + attachment.file.name).status_code == 404
    assert client.get("/media/" + attachment.file.name).status_code == 404


def test_the_secretary_removes_an_attachment_and_a_viewer_may_not(client, secretary, viewer, dossier):
    attachment = attachment_add(dossier=dossier, upload=upload("a.pdf", PDF), document_kind="", actor=secretary)
    url = reverse("recruitment:attachment_remove", kwargs={"attachment_id": attachment.pk})
    client.force_login(viewer)
    assert client.post(url).status_code == 404
    client.force_login(secretary)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Attachment.objects.exists()
