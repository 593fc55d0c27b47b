"""The official forms downloaded from a dossier, opened with python-docx: filled from the
records (the person, the vote counts and share, the decision, the legal basis of the
dossier's own rule set), and only once the step they record has happened."""

import datetime as dt

import pytest
from django.urls import reverse

from pdms.core.testing import make_user
from pdms.documents.testing import docx_lines
from pdms.organizations.models import OrgKind
from pdms.organizations.services import organization_found, organization_move
from pdms.recruitment.models import CourseKind, Dossier
from pdms.recruitment.services.dossiers import DecisionData, VoteData, dossier_advance
from pdms.recruitment.testing import make_certificate, ready_dossier, receive_recognition_documents

D = dt.date
pytestmark = pytest.mark.django_db


def form_url(dossier, form):
    return reverse("recruitment:dossier_form", kwargs={"dossier_id": dossier.pk, "form": form})


def download(client, dossier, form):
    response = client.get(form_url(dossier, form))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return response, docx_lines(b"".join(response.streaming_content))


def decision(number, signed_on, received_on=None):
    return DecisionData(number=number, signed_on=signed_on, signer_name="Y Thị Hoa", signer_title="Phó Bí thư", received_on=received_on)


def line_with(found: list[str], needle: str) -> str:
    matches = [line for line in found if needle in line]
    assert matches, f"no line with {needle!r}"
    return matches[0]


def test_the_branch_resolution_of_2026_is_filled_from_the_vote(client, secretary, candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0, "01-NQ/CB"))
    client.force_login(secretary)
    response, found = download(client, dossier, "branch-resolution")
    assert 'filename="nghi-quyet-de-nghi-ket-nap-nguyen-thi-mai.docx"' in response["Content-Disposition"]
    text = "\n".join(found)
    assert "Nguyễn Thị Mai" in text and "01-NQ/CB" in text and "Chi bộ thôn 1".upper() in text
    assert "ĐẢNG BỘ XÃ HÀ MÒN" in text and "Hà Mòn, ngày 01 tháng 04 năm 2026" in text
    in_favour = line_with(found, "100%")
    assert "3" in in_favour and "Nguyễn Thị Mai" in in_favour
    assert "đồng chí Nguyễn Văn An" in text or "comrade Nguyễn Văn An" in text
    assert "294-QĐ/TW" in text and "06-HD/TW" in text and "24-QĐ/TW" not in text
    assert "Đảng ủy xã Hà Mòn" in text


def test_two_votes_of_three_are_written_as_sixty_six_point_six_seven_percent(client, secretary, candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 2, 1))
    client.force_login(secretary)
    _response, found = download(client, dossier, "branch-resolution")
    in_favour = line_with(found, "66,67%")
    assert ": 2" in in_favour
    assert ": 1" in line_with(found, "không đồng ý")


def admitted_in_2025(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1))
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2025, 4, 10), actor=None, vote=VoteData(D(2025, 4, 10), 3, 3, 0, "03-NQ/CB"))
    dossier_advance(dossier=dossier, action="committee_resolution", on=D(2025, 4, 20), actor=None, vote=VoteData(D(2025, 4, 20), 9, 8, 1))
    dossier_advance(dossier=dossier, action="admission_decision", on=D(2025, 5, 5), actor=None, decision=decision("125-QĐ/HU", D(2025, 5, 5), D(2025, 5, 8)))
    return Dossier.objects.get(pk=dossier.pk)


def test_the_admission_decision_of_a_dossier_of_march_2025_cites_the_rules_of_2021(client, commune_officer, candidate, sponsors):
    dossier = admitted_in_2025(candidate, sponsors)
    client.force_login(commune_officer)
    response, found = download(client, dossier, "admission-decision")
    assert 'filename="quyet-dinh-ket-nap-nguyen-thi-mai.docx"' in response["Content-Disposition"]
    text = "\n".join(found)
    assert "125-QĐ/HU" in text and "Nguyễn Thị Mai" in text and "Y Thị Hoa" in text
    assert "24-QĐ/TW" in text and "01-HD/TW" in text and "294-QĐ/TW" not in text
    assert "03-NQ/CB" in text and "10/04/2025" in text
    # The district's standing committee, above the commune's grassroots committee, decided.
    assert "HUYỆN ỦY ĐẮK HÀ" in text and "Đắk Hà, ngày 05 tháng 05 năm 2025" in text
    assert "BAN THƯỜNG VỤ HUYỆN ỦY ĐẮK HÀ QUYẾT ĐỊNH" in text
    assert "12" in line_with(found, "Điều 2")


def test_the_branch_resolution_of_march_2025_cites_the_rules_of_2021(client, secretary, candidate, sponsors):
    dossier = admitted_in_2025(candidate, sponsors)
    client.force_login(secretary)
    _response, found = download(client, dossier, "branch-resolution")
    text = "\n".join(found)
    assert "24-QĐ/TW" in text and "294-QĐ/TW" not in text


def test_the_recognition_decision_takes_effect_from_the_end_of_probation(client, commune_officer, candidate, sponsors, tree):
    dossier = admitted_in_2025(candidate, sponsors)
    dossier_advance(dossier=dossier, action="ceremony", on=D(2025, 5, 19), actor=None)
    make_certificate(dossier.person, tree.branch_a1, on=D(2025, 8, 1), kind=CourseKind.NEW_MEMBER)
    receive_recognition_documents(dossier, D(2026, 5, 20))
    dossier_advance(dossier=dossier, action="recognition_resolution", on=D(2026, 5, 25), actor=None, vote=VoteData(D(2026, 5, 25), 3, 3, 0, "07-NQ/CB"))
    dossier_advance(dossier=dossier, action="recognition_committee_resolution", on=D(2026, 6, 1), actor=None, vote=VoteData(D(2026, 6, 1), 9, 9, 0))
    dossier_advance(dossier=dossier, action="recognition_decision", on=D(2026, 6, 10), actor=None, decision=decision("210-QĐ/ĐU", D(2026, 6, 10)))
    client.force_login(commune_officer)
    response, found = download(client, Dossier.objects.get(pk=dossier.pk), "recognition-decision")
    assert 'filename="quyet-dinh-cong-nhan-dang-vien-chinh-thuc-nguyen-thi-mai.docx"' in response["Content-Disposition"]
    text = "\n".join(found)
    assert "210-QĐ/ĐU" in text and "07-NQ/CB" in text and "24-QĐ/TW" in text
    article = line_with(found, "19/05/2026")
    assert "Nguyễn Thị Mai" in article and "05/05/2025" in article and "19/05/2025" in article


def test_a_form_is_not_found_before_its_step(client, secretary, candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    client.force_login(secretary)
    for form in ("branch-resolution", "admission-decision", "recognition-decision", "no-such-form"):
        assert client.get(form_url(dossier, form)).status_code == 404, form
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 1, 2))
    assert client.get(form_url(dossier, "branch-resolution")).status_code == 404
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 8), actor=None, vote=VoteData(D(2026, 4, 8), 3, 3, 0))
    assert client.get(form_url(dossier, "branch-resolution")).status_code == 200
    assert client.get(form_url(dossier, "admission-decision")).status_code == 404


def test_the_dossier_page_offers_the_forms_that_exist(client, secretary, candidate, sponsors):
    dossier = admitted_in_2025(candidate, sponsors)
    client.force_login(secretary)
    page = client.get(reverse("recruitment:dossier_detail", kwargs={"dossier_id": dossier.pk}))
    assert [slug for slug, _label in page.context["forms"]] == ["branch-resolution", "admission-decision"]
    body = page.content.decode()
    assert form_url(dossier, "admission-decision") in body and form_url(dossier, "recognition-decision") not in body


def test_the_forms_are_not_handed_outside_the_scope(client, candidate, sponsors, outsider, tree):
    dossier = admitted_in_2025(candidate, sponsors)
    for user in (outsider, make_user("secretary2", "secretary", tree.branch_a2)):
        client.force_login(user)
        assert client.get(form_url(dossier, "admission-decision")).status_code == 404


def test_a_commune_deciding_after_the_reform_on_a_dossier_of_june_2025_cites_its_own_authority(client, tree, candidate, sponsors):
    """The district level ended on 01/07/2025: a branch moved under a new commune is
    admitted by the commune's standing committee, with the powers of the rules of 2025,
    though its dossier is judged by those of 2021."""
    commune = organization_found(
        code="XM01", name="Đảng bộ xã Đăk Cấm", kind=OrgKind.COMMUNE, parent=tree.province, founded_on=D(2025, 7, 1), actor=None
    )
    dossier = ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1))
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2025, 6, 10), actor=None, vote=VoteData(D(2025, 6, 10), 3, 3, 0, "04-NQ/CB"))
    organization_move(organization=tree.branch_a1, new_parent=commune, on=D(2025, 7, 1), actor=None)
    dossier_advance(dossier=dossier, action="admission_decision", on=D(2025, 7, 15), actor=None, decision=decision("12-QĐ/ĐU", D(2025, 7, 15)))
    client.force_login(make_user("xa", "staff", commune))
    _response, found = download(client, Dossier.objects.get(pk=dossier.pk), "admission-decision")
    text = "\n".join(found)
    assert "ĐẢNG ỦY XÃ ĐĂK CẤM" in text
    assert "thẩm quyền của ban thường vụ cấp ủy cấp xã" in line_with(found, "thẩm quyền")
    assert "cấp huyện" not in text
    assert "24-QĐ/TW" in text and "294-QĐ/TW" in text
