"""The organization tree as of a date: names, kinds and parents of that date, children
loaded on demand, the search box, and the scope boundary."""

import datetime as dt

import pytest
from django.urls import reverse

from pdms.core.testing import make_user
from pdms.organizations import services
from pdms.organizations.models import OrgKind

D = dt.date
TREE = reverse("organizations:tree")


def children_url(org) -> str:
    return reverse("organizations:children", args=[org.pk])


def node_names(nodes) -> list[str]:
    return [node.name for node in nodes]


@pytest.fixture
def merged(tree):
    """The 2025 reform: both communes merged into a new commune under the province, the
    district dissolved."""
    new = services.organizations_merge(
        sources=[tree.commune_a, tree.commune_b],
        new=services.NewOrganization("XM01", "Đảng bộ xã Đắk Hà mới", OrgKind.COMMUNE, tree.province),
        on=D(2025, 7, 1),
        actor=None,
        decision="1234-QĐ/TU",
    )
    services.organization_dissolve(organization=tree.district, on=D(2025, 7, 1), actor=None, decision="1235-QĐ/TU")
    return new


def test_the_tree_page_speaks_vietnamese(client, tree, province_officer):
    client.force_login(province_officer)
    body = client.get(TREE).content.decode()
    assert "Cây tổ chức đảng" in body
    assert "Tìm tổ chức đảng theo tên hoặc mã" in body
    assert "Đảng bộ tỉnh" in body and "Đảng viên" in body


def test_the_users_own_organization_opens_with_its_children(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(TREE)
    roots = response.context["roots"]
    assert node_names(roots) == ["Đảng bộ tỉnh Kon Tum"]
    assert node_names(roots[0].opened_children) == ["Đảng bộ huyện Đắk Hà"]
    # Deeper levels come on demand, so the page stays small at province scale.
    assert "Đảng bộ xã Hà Mòn" not in response.content.decode()
    assert children_url(tree.district) in response.content.decode()


def test_children_of_a_node_are_loaded_on_demand_as_of_the_date(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(children_url(tree.district), {"as_of": "31/12/2020"})
    assert node_names(response.context["nodes"]) == ["Đảng bộ xã Hà Mòn", "Đảng bộ xã Ngọc Wang"]
    assert all(node.has_children for node in response.context["nodes"])
    assert "<html" not in response.content.decode()


def test_the_tree_of_2020_differs_from_todays_after_a_merge(client, tree, province_officer, merged):
    client.force_login(province_officer)
    today = client.get(TREE)
    assert node_names(today.context["roots"][0].opened_children) == ["Đảng bộ xã Đắk Hà mới"]
    before = client.get(TREE, {"as_of": "31/12/2020"})
    assert node_names(before.context["roots"][0].opened_children) == ["Đảng bộ huyện Đắk Hà"]
    communes = client.get(children_url(tree.district), {"as_of": "31/12/2020"}).context["nodes"]
    assert node_names(communes) == ["Đảng bộ xã Hà Mòn", "Đảng bộ xã Ngọc Wang"]
    branches = client.get(children_url(merged)).context["nodes"]
    assert node_names(branches) == ["Chi bộ thôn 1", "Chi bộ thôn 2", "Chi bộ thôn Kon Gung"]


def test_a_user_of_a_merged_commune_sees_its_predecessors_on_earlier_dates(client, tree, merged):
    client.force_login(make_user("new_commune", "staff", merged))
    assert node_names(client.get(TREE).context["roots"]) == ["Đảng bộ xã Đắk Hà mới"]
    before = client.get(TREE, {"as_of": "31/12/2020"}).context["roots"]
    assert node_names(before) == ["Đảng bộ xã Hà Mòn", "Đảng bộ xã Ngọc Wang"]
    assert "Đảng bộ huyện Đắk Hà" not in client.get(TREE, {"as_of": "31/12/2020"}).content.decode()


def test_every_node_shows_its_name_and_kind_of_that_date(client, tree, province_officer):
    services.organization_rename(organization=tree.branch_a1, name="Chi bộ thôn Kon Rơ", on=D(2024, 1, 1), actor=None, decision="5-QĐ")
    client.force_login(province_officer)
    old = client.get(children_url(tree.commune_a), {"as_of": "31/12/2020"})
    new = client.get(children_url(tree.commune_a))
    assert node_names(old.context["nodes"])[0] == "Chi bộ thôn 1"
    assert node_names(new.context["nodes"])[0] == "Chi bộ thôn Kon Rơ"
    body = old.content.decode()
    assert "C0101" in body and "Chi bộ trực thuộc" in body
    assert reverse("organizations:detail", args=[tree.branch_a1.pk]) + "?as_of=31/12/2020" in body


def test_a_branch_with_a_committee_carries_the_badge_from_that_date(client, tree, province_officer):
    services.organization_set_committee(organization=tree.branch_a2, has_committee=True, on=D(2023, 3, 1), actor=None)
    client.force_login(province_officer)
    assert "có chi ủy" in client.get(children_url(tree.commune_a)).content.decode()
    assert "có chi ủy" not in client.get(children_url(tree.commune_a), {"as_of": "31/12/2022"}).content.decode()


def test_quick_dates_offer_today_past_year_ends_and_the_eve_of_the_reform(client, tree, province_officer):
    client.force_login(province_officer)
    days = [day for _label, day in client.get(TREE).context["quick_dates"]]
    assert days[0] == D(2026, 11, 23)
    assert D(2025, 12, 31) in days and D(2021, 12, 31) in days
    assert D(2025, 6, 30) in days


def test_a_bad_date_falls_back_to_today(client, tree, province_officer):
    client.force_login(province_officer)
    assert client.get(TREE, {"as_of": "31/02/2020"}).context["as_of"] == D(2026, 11, 23)


def test_search_finds_organizations_without_diacritics_or_by_code(client, tree, province_officer):
    client.force_login(province_officer)
    hits = client.get(TREE, {"q": "kon gung"}).context["hits"]
    assert [hit.version.name for hit in hits] == ["Chi bộ thôn Kon Gung"]
    assert hits[0].parent_name == "Đảng bộ xã Ngọc Wang"
    assert [hit.organization.code for hit in client.get(TREE, {"q": "c0102"}).context["hits"]] == ["C0102"]


def test_search_answers_htmx_with_the_results_only(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(TREE, {"q": "thon"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results")
    body = response.content.decode()
    assert "<html" not in body
    assert "Chi bộ thôn 1" in body and "Chi bộ thôn Kon Gung" in body
    assert "3 tổ chức" in body


def test_search_lists_organizations_that_did_not_exist_on_the_date_last(client, tree, province_officer, merged):
    client.force_login(province_officer)
    hits = client.get(TREE, {"q": "dak ha", "as_of": "31/12/2020"}).context["hits"]
    assert [(hit.organization.code, hit.version is not None) for hit in hits] == [("H01", True), ("XM01", False)]


def test_search_stays_within_the_users_scope(client, tree, commune_officer, outsider):
    client.force_login(commune_officer)
    assert client.get(TREE, {"q": "kon gung"}).context["hits"] == []
    assert [hit.organization.code for hit in client.get(TREE, {"q": "thon"}).context["hits"]] == ["C0101", "C0102"]
    client.force_login(outsider)
    body = client.get(TREE, {"q": "kon tum"}).content.decode()
    assert "Kon Tum" not in body.replace('value="kon tum"', "")


def test_a_commune_officer_sees_the_tree_from_their_commune_down(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(TREE)
    assert node_names(response.context["roots"]) == ["Đảng bộ xã Hà Mòn"]
    body = response.content.decode()
    assert "Chi bộ thôn 1" in body and "Ngọc Wang" not in body and "Đắk Hà" not in body


def test_a_commune_officer_cannot_open_children_outside_their_commune(client, tree, commune_officer):
    client.force_login(commune_officer)
    for org_id in (tree.commune_b.pk, tree.district.pk, tree.other_province.pk, 999999):
        assert client.get(reverse("organizations:children", args=[org_id])).status_code == 404


def test_an_outsider_sees_nothing_of_province_t01(client, tree, outsider):
    client.force_login(outsider)
    body = client.get(TREE).content.decode()
    assert "Gia Lai" in body
    assert "Kon Tum" not in body and "Hà Mòn" not in body
    assert client.get(children_url(tree.province)).status_code == 404
    assert client.get(children_url(tree.commune_a)).status_code == 404


def test_an_administrator_sees_every_province(client, tree, admin_user):
    client.force_login(admin_user)
    assert node_names(client.get(TREE).context["roots"]) == ["Đảng bộ tỉnh Kon Tum", "Đảng bộ tỉnh Gia Lai"]
