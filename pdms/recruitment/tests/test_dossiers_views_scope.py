"""Who reaches the dossier pages: someone outside the branch's subtree finds nothing at
any of them, a viewer reads but changes nothing, and a secretary of the next branch is an
outsider to this one."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pdms.core.testing import make_user
from pdms.recruitment.models import Deadline, Dossier, State
from pdms.recruitment.services.attachments import attachment_add
from pdms.recruitment.services.dossiers import VoteData, dossier_advance
from pdms.recruitment.testing import ready_dossier

D = dt.date
pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def records(candidate, sponsors, tree):
    """A dossier past the branch vote (so it has a deadline) with an attachment."""
    dossier = ready_dossier(candidate, sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0, "01-NQ/CB"))
    attachment = attachment_add(dossier=dossier, upload=SimpleUploadedFile("don.pdf", PDF), document_kind="1-KNĐ", actor=None)
    return Dossier.objects.get(pk=dossier.pk), attachment


def pages(dossier, attachment, candidate, member):
    """Every dossier page with its methods: (name, kwargs, reads) where ``reads`` says a
    reader may GET it."""
    sponsor = dossier.sponsors.first()
    deadline = Deadline.objects.get(dossier=dossier)
    d = {"dossier_id": dossier.pk}
    return [
        ("dossier_open", {"candidate_id": candidate.pk}, False),
        ("dossier_recognition_open", {"member_id": member.pk}, False),
        ("dossier_detail", d, True),
        ("dossier_step", d | {"action": "committee_resolution"}, False),
        ("dossier_step", d | {"action": "close"}, False),
        ("dossier_document", d, False),
        ("sponsor_add", d, False),
        ("sponsor_remove", {"sponsor_id": sponsor.pk}, False),
        ("dossier_verification", d, False),
        ("dossier_exceptions", d, False),
        ("deadline_extend", {"deadline_id": deadline.pk}, False),
        ("attachment_add", d, False),
        ("attachment_download", {"attachment_id": attachment.pk}, True),
        ("attachment_remove", {"attachment_id": attachment.pk}, False),
        ("dossier_form", d | {"form": "branch-resolution"}, True),
    ]


def test_an_outsider_finds_none_of_the_dossier_pages(client, records, outsider, candidate, tree):
    dossier, attachment = records
    client.force_login(outsider)
    for name, kwargs, _reads in pages(dossier, attachment, candidate, tree.members["anh"]):
        url = reverse(f"recruitment:{name}", kwargs=kwargs)
        assert client.get(url).status_code in (404, 405), name
        assert client.post(url, {"version": dossier.version, "reason": "x"}).status_code in (404, 405), name
    assert Dossier.objects.get(pk=dossier.pk).state == State.BRANCH_RESOLVED


def test_the_secretary_of_another_branch_is_an_outsider_here(client, records, candidate, tree):
    dossier, attachment = records
    client.force_login(make_user("secretary2", "secretary", tree.branch_a2))
    for name, kwargs, _reads in pages(dossier, attachment, candidate, tree.members["anh"]):
        url = reverse(f"recruitment:{name}", kwargs=kwargs)
        assert client.get(url).status_code in (404, 405), name
        assert client.post(url, {"version": dossier.version}).status_code in (404, 405), name


def test_a_viewer_reads_the_dossier_but_changes_nothing(client, records, viewer, candidate, tree):
    dossier, attachment = records
    client.force_login(viewer)
    page = client.get(reverse("recruitment:dossier_detail", kwargs={"dossier_id": dossier.pk}))
    body = page.content.decode()
    assert page.status_code == 200 and "Nguyễn Thị Mai" in body
    assert "data-step=" not in body and "/remove/" not in body and page.context["attachment_form"] is None
    for name, kwargs, reads in pages(dossier, attachment, candidate, tree.members["anh"]):
        url = reverse(f"recruitment:{name}", kwargs=kwargs)
        if reads:
            assert client.get(url).status_code == 200, name
        else:
            assert client.get(url).status_code in (404, 405), name
            assert client.post(url, {"version": dossier.version, "reason": "x"}).status_code == 404, name
    assert Dossier.objects.get(pk=dossier.pk).version == dossier.version
    assert dossier.attachments.count() == 1


def test_the_province_officer_may_act_as_the_superior(client, records, province_officer):
    dossier, _attachment = records
    client.force_login(province_officer)
    body = client.get(reverse("recruitment:dossier_detail", kwargs={"dossier_id": dossier.pk})).content.decode()
    assert 'data-step="committee_resolution"' in body
