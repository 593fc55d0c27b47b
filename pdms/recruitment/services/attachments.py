"""Scanned documents attached to a dossier. Only PDF, JPEG and PNG files are kept, known by
their first bytes rather than by the name or the type the browser claims, since either can
be anything; the file is stored under a generated name in the private media folder and
is served only through the dossier's scoped pages."""

import uuid
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from pdms.audit.services import audit_record
from pdms.core.errors import DomainError, PermissionDenied

from ..models import Attachment, Dossier
from ..rulesets import DOCUMENT_LABELS, Level
from .dossiers import may_take

MAX_BYTES = 10 * 1024 * 1024

# (first bytes, content type, file extension)
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


def sniff(head: bytes) -> tuple[str, str] | None:
    """The content type and extension of a file starting with ``head``, if accepted."""
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def _original_name(upload: UploadedFile) -> str:
    # Browsers on Windows may send the whole path; keep the last part, printable only.
    name = PurePath((upload.name or "").replace("\\", "/")).name
    return "".join(ch for ch in name if ch.isprintable())[:255] or "tep-dinh-kem"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _audit(dossier: Dossier, *, actor, action: str, changes: dict, reason: str = "") -> None:
    audit_record(
        actor=actor, action=action, obj=dossier, object_type="dossier", organization=dossier.organization, changes=changes, reason=reason
    )


@transaction.atomic
def attachment_add(*, dossier: Dossier, upload: UploadedFile, document_kind: str, actor) -> Attachment:
    """Attach a scanned PDF, JPEG or PNG of at most ``MAX_BYTES`` to the dossier,
    optionally as the scan of one of its forms."""
    dossier = Dossier.objects.select_related("person", "organization").get(pk=dossier.pk)
    if not may_take(actor, dossier, Level.BRANCH):
        raise PermissionDenied(_("You may not change records of %(org)s.") % {"org": dossier.organization.name})
    if document_kind and document_kind not in DOCUMENT_LABELS:
        raise DomainError(_("Unknown form “%(kind)s”.") % {"kind": document_kind}, field="document_kind")
    name = _original_name(upload)
    if not upload.size:
        raise DomainError(_("The file “%(name)s” is empty.") % {"name": name}, field="file")
    if upload.size > MAX_BYTES:
        raise DomainError(
            _("The file “%(name)s” is %(size)s MB; a file of at most %(max)s MB may be attached.")
            % {"name": name, "size": _megabytes(upload.size), "max": MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise DomainError(
            _("The file “%(name)s” is not a PDF, JPEG or PNG file (its content was checked, not its name); "
              "scan the document to one of these.")
            % {"name": name},
            field="file",
        )
    content_type, extension = kind
    attachment = Attachment(
        dossier=dossier, document_kind=document_kind, original_name=name, content_type=content_type, size=upload.size,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    try:
        attachment.save()
        changes = {"attachment": [None, name], "document_kind": [None, document_kind]}
        _audit(dossier, actor=actor, action="dossier.attachment_add", changes=changes)
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor, reason: str = "") -> None:
    """Remove an attachment; its file is deleted once the removal is committed."""
    attachment = Attachment.objects.select_related("dossier__person", "dossier__organization").get(pk=attachment.pk)
    dossier = attachment.dossier
    if not may_take(actor, dossier, Level.BRANCH):
        raise PermissionDenied(_("You may not change records of %(org)s.") % {"org": dossier.organization.name})
    file, name = attachment.file, attachment.original_name
    attachment.delete()
    _audit(dossier, actor=actor, action="dossier.attachment_remove", changes={"attachment": [name, None]}, reason=reason)
    transaction.on_commit(lambda: file.storage.delete(file.name))
