"""A commune or a branch measured against the plan of a committee above it opens that
plan's pages, but sees only its own part: its quota and its units' quotas, never the
other units of the committee above."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

D = dt.date
AS_OF = {"as_of": "30/06/2022", "period": "term"}


@pytest.fixture
def commune_quotas(progress, set_quota):
    set_quota(progress.branch_a1, 1)
    set_quota(progress.branch_a2, 1)
    return progress


def test_a_commune_officer_finds_the_district_plan_in_the_list_of_plans(client, commune_quotas, plan, commune_officer):
    client.force_login(commune_officer)
    body = client.get(reverse("targets:plans")).content.decode()
    assert plan.number in body and "Đảng bộ huyện Đắk Hà" in body


def test_the_plan_page_of_a_committee_above_shows_the_communes_quota_and_its_branches_only(
    client, commune_quotas, plan, commune_officer
):
    client.force_login(commune_officer)
    response = client.get(reverse("targets:plan_detail", args=[plan.pk]), {"as_of": "30/06/2022"})
    body = response.content.decode()
    assert response.status_code == 200
    term = response.context["sections"][0]
    assert [(row["organization"].code, row["target"]) for row in term["rows"]] == [("X01", 1), ("C0101", 1), ("C0102", 1)]
    # The branches' quotas (1 + 1) do not add up to the commune's (1): the commune is warned.
    assert (term["warn"], term["parent_target"], term["children_sum"]) == (True, 1, 2)
    assert "Ngọc Wang" not in body and "Hiển thị: chỉ tiêu của Đảng bộ xã Hà Mòn và của các đơn vị trực thuộc." in body
    assert response.context["form"] is None


def test_the_ranking_of_a_committee_above_ranks_the_communes_branches(client, commune_quotas, plan, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("targets:ranking", args=[plan.pk]), AS_OF)
    assert response.status_code == 200
    assert response.context["head"].organization == commune_quotas.commune_a
    assert [item["row"].organization.code for item in response.context["rows"]] == ["C0101", "C0102"]
    body = response.content.decode()
    assert "Ngọc Wang" not in body and "Kon Gung" not in body
    export = client.get(reverse("targets:ranking_export", args=[plan.pk, "xlsx"]), AS_OF)
    cells = [str(c) for row in load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True) for c in row if c]
    assert export.status_code == 200 and any("Chi bộ thôn 2" in c for c in cells)
    assert not any("Ngọc Wang" in c or "Kon Gung" in c for c in cells)


def test_a_branch_secretary_sees_only_their_branchs_row(client, commune_quotas, plan, secretary):
    client.force_login(secretary)
    rows = client.get(reverse("targets:plan_detail", args=[plan.pk]), {"as_of": "30/06/2022"}).context["sections"][0]["rows"]
    assert [row["organization"].code for row in rows] == ["C0101"]
    ranking = client.get(reverse("targets:ranking", args=[plan.pk]), AS_OF)
    assert ranking.context["head"].organization == commune_quotas.branch_a1 and ranking.context["rows"] == []


def test_the_dashboards_ranking_link_opens_for_a_commune_officer(client, commune_quotas, plan, commune_officer):
    client.force_login(commune_officer)
    dashboard = client.get(reverse("dashboards:dashboard"), {"as_of": "30/06/2022"})
    link = f'{reverse("targets:ranking", args=[plan.pk])}?as_of=30/06/2022&amp;period=term'
    assert link in dashboard.content.decode()
    assert client.get(link.replace("&amp;", "&")).status_code == 200

