"""The drill-down page lists the recruitment records behind a figure — candidates,
enrollments, dossiers and deadlines — with their organization and links, as many as the
figure counts, and only inside the user's scope."""

import datetime as dt

import pytest
from django.urls import reverse

from pdms.recruitment.testing import make_certificate

from .test_indicators_recruitment import KEYS, build_pipeline

D = dt.date
pytestmark = pytest.mark.django_db
PERIOD = {"as_of": "23/11/2026", "from": "01/01/2024", "to": "23/11/2026"}


def drilldown(org, key):
    return reverse("indicators:drilldown", args=[org.pk, key])


@pytest.fixture
def pipeline(tree, branch_members, sponsors):
    return build_pipeline(tree, sponsors)


def test_every_recruitment_drilldown_lists_as_many_records_as_its_figure(client, pipeline, tree, commune_officer):
    client.force_login(commune_officer)
    for key in KEYS:
        response = client.get(drilldown(tree.commune_a, key), PERIOD)
        assert response.status_code == 200, key
        assert response.context["page"].paginator.count == response.context["result"].record_count, key
        assert len(response.context["rows"]) == min(response.context["page"].paginator.count, 50), key


def test_candidates_are_listed_with_their_branch_group_and_date_added(client, pipeline, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(drilldown(tree.province, "sources_total"))
    body = response.content.decode()
    assert [row.organization_name for row in response.context["rows"]] == ["Chi bộ thôn 1"] * 5
    assert "Phan Văn Khoa" in body and "Hội Phụ nữ" in body and "01/02/2026" in body and "Nhóm nguồn" in body
    assert reverse("recruitment:candidate_detail", kwargs={"candidate_id": pipeline.khoa.pk}) in body


def test_completions_are_listed_with_the_course_and_the_certificate(client, pipeline, tree, province_officer):
    make_certificate(pipeline.khoa.person, tree.branch_a1, on=D(2026, 9, 15), number="CN-0915")
    client.force_login(province_officer)
    body = client.get(drilldown(tree.province, "course_completions"), {"from": "01/09/2026"}).content.decode()
    assert "Phan Văn Khoa" in body and "CN-0915, 15/09/2026" in body and "14/09/2026" in body
    assert reverse("recruitment:candidate_detail", kwargs={"candidate_id": pipeline.khoa.pk}) in body


def test_dossiers_are_listed_with_the_dates_of_their_steps(client, pipeline, tree, province_officer):
    client.force_login(province_officer)
    body = client.get(drilldown(tree.province, "dossiers_in_progress")).content.decode()
    assert "Trịnh Văn Sơn" in body and "01/06/2026" in body and "Nghị quyết chi bộ" in body
    assert "Hà Văn Long" in body and "02/03/2026" in body
    assert reverse("recruitment:dossier_detail", kwargs={"dossier_id": pipeline.long.pk}) in body


def test_overdue_deadlines_are_listed_with_their_dossier_and_due_date(client, pipeline, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(drilldown(tree.province, "dossiers_overdue"))
    body = response.content.decode()
    listed = sorted(row.record.dossier.person.full_name for row in response.context["rows"])
    assert listed == sorted(["Trịnh Văn Sơn", "Bùi Văn Quân"])
    son = next(row.record for row in response.context["rows"] if row.record.dossier_id == pipeline.son.pk)
    assert son.due_on.strftime("%d/%m/%Y") in body and "01/06/2026" in body
    assert reverse("recruitment:dossier_detail", kwargs={"dossier_id": pipeline.son.pk}) in body


def test_an_outsider_cannot_drill_into_the_province_and_sees_none_of_it_at_home(client, pipeline, tree, outsider):
    client.force_login(outsider)
    for key in KEYS:
        assert client.get(drilldown(tree.province, key)).status_code == 404
        response = client.get(drilldown(tree.other_province, key), PERIOD)
        assert response.context["page"].paginator.count == 0
        assert "Chi bộ thôn 1" not in response.content.decode()
