"""The check page and the reported-figures page, from each persona's seat."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from pdms.checks.models import ReportedValue
from pdms.checks.services import reported_value_add
from pdms.members.models import Member

D = dt.date


def _reported(org, **figures):
    return reported_value_add(
        organization=org, indicator_key="admissions", start=D(2025, 1, 1), end=D(2025, 12, 31), as_of=D(2025, 12, 31),
        source="Báo Kon Tum 17/03/2023", actor=None, **figures,
    )


def test_the_run_lists_findings_grouped_by_rule_with_links(client, tree, commune_officer):
    dat = tree.members["dat"]
    Member.objects.filter(pk=dat.pk).update(admitted_on=D(2007, 6, 1), recognized_on=D(2008, 6, 1))
    client.force_login(commune_officer)
    response = client.get(reverse("checks:run"), {"org": tree.commune_a.pk, "from": "01/01/2026", "as_of": "23/11/2026"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="rule-admitted_under_18"' in body and f'href="/members/{dat.pk}/"' in body
    assert response.context["count"] == 1


def test_the_run_defaults_to_the_users_own_organization(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("checks:run"))
    assert response.status_code == 200 and response.context["organization"] == tree.commune_a


def test_an_outsider_gets_404_for_an_organization_of_another_province(client, tree, outsider):
    client.force_login(outsider)
    assert client.get(reverse("checks:run"), {"org": tree.commune_a.pk}).status_code == 404
    assert client.get(reverse("checks:reported"), {"org": tree.commune_a.pk}).status_code == 404
    reported = _reported(tree.commune_a, value=Decimal("1"))
    assert client.post(reverse("checks:reported_remove", args=[reported.pk])).status_code == 404
    assert ReportedValue.objects.exists()


def test_a_commune_officer_adds_a_reported_figure_from_the_page(client, tree, commune_officer):
    client.force_login(commune_officer)
    url = reverse("checks:reported") + f"?org={tree.commune_a.pk}"
    response = client.post(
        url,
        {"indicator_key": "admissions", "start": "01/01/2022", "end": "31/12/2022", "as_of": "31/12/2022", "value": "140",
         "percent": "101", "source": "Báo Kon Tum 17/03/2023"},
    )
    assert response.status_code == 302
    reported = ReportedValue.objects.get()
    assert reported.organization == tree.commune_a and reported.value == 140 and reported.created_by == commune_officer
    assert "Báo Kon Tum 17/03/2023" in client.get(url).content.decode()


def test_a_bad_figure_comes_back_onto_the_form(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("checks:reported") + f"?org={tree.commune_a.pk}",
        {"indicator_key": "admissions", "start": "01/01/2023", "end": "31/12/2022", "as_of": "31/12/2022", "value": "1", "source": "x"},
    )
    assert response.status_code == 200 and response.context["form"].errors["start"]
    assert not ReportedValue.objects.exists()


def test_a_viewer_sees_reported_figures_but_no_form_and_may_not_post(client, tree, viewer):
    _reported(tree.commune_a, value=Decimal("1"))
    client.force_login(viewer)
    url = reverse("checks:reported") + f"?org={tree.province.pk}"
    response = client.get(url)
    assert response.status_code == 200 and response.context["form"] is None and len(response.context["values"]) == 1
    assert client.post(url, {"source": "x"}).status_code == 404


def test_a_commune_officer_removes_a_reported_figure_but_not_one_of_another_commune(client, tree, commune_officer):
    mine, theirs = _reported(tree.commune_a, value=Decimal("1")), _reported(tree.commune_b, value=Decimal("1"))
    client.force_login(commune_officer)
    response = client.post(reverse("checks:reported_remove", args=[mine.pk]), {"org": tree.commune_a.pk})
    assert response.status_code == 302 and response.url == reverse("checks:reported") + f"?org={tree.commune_a.pk}"
    assert client.post(reverse("checks:reported_remove", args=[theirs.pk])).status_code == 404
    assert list(ReportedValue.objects.all()) == [theirs]
