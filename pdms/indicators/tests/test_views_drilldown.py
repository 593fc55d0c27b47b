"""The drill-down behind every figure: the same Context as the organization page, so the
list always has as many records as the figure counts; members and organizations listed
with what they were on the date; pagination; and the scope boundary."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from pdms.core.testing import register
from pdms.indicators.engine import Result, all_indicators
from pdms.indicators.templatetags.figures import figure
from pdms.organizations import services
from pdms.organizations.models import OrgKind

D = dt.date
PERIOD = {"as_of": "23/11/2026", "from": "01/01/2010", "to": "23/11/2026"}


def drilldown(org, key) -> str:
    return reverse("indicators:drilldown", args=[org.pk, key])


def page_figures(client, org, params) -> dict:
    response = client.get(reverse("organizations:detail", args=[org.pk]), params)
    found = {r.key: r for group in response.context["groups"] for r in group["results"]}
    return found | {row["result"].key: row["result"] for row in response.context["balance"]}


def counted(result) -> int:
    return result.record_count


@pytest.fixture
def reorganized(tree):
    """A history with a committee, a rename, a merge and a dissolution, so every
    indicator has something to count."""
    services.organization_set_committee(organization=tree.branch_a1, has_committee=True, on=D(2020, 1, 1), actor=None)
    services.organization_rename(organization=tree.branch_a2, name="Chi bộ thôn Kon Rơ", on=D(2021, 1, 1), actor=None)
    services.organizations_merge(
        sources=[tree.commune_a, tree.commune_b],
        new=services.NewOrganization("XM01", "Đảng bộ xã Đắk Hà mới", OrgKind.COMMUNE, tree.province),
        on=D(2025, 7, 1),
        actor=None,
    )
    services.organization_dissolve(organization=tree.district, on=D(2025, 7, 1), actor=None)
    return tree


@pytest.mark.parametrize(
    "params",
    [PERIOD, {"as_of": "31/12/2020", "from": "01/01/2016", "to": "31/12/2020"}, {"as_of": "30/06/2025"}],
    ids=["whole history", "2016-2020", "eve of the reform"],
)
def test_every_drilldown_lists_as_many_records_as_its_figure(client, reorganized, province_officer, params):
    client.force_login(province_officer)
    for org in (reorganized.province, reorganized.commune_a):
        figures = page_figures(client, org, params)
        assert set(figures) == {indicator.key for indicator in all_indicators()}
        for key, result in figures.items():
            response = client.get(drilldown(org, key), params)
            assert response.status_code == 200
            assert response.context["page"].paginator.count == counted(result), (org.code, key)
            assert response.context["result"] == result


def test_a_commune_officers_drilldowns_agree_with_their_figures(client, tree, commune_officer):
    client.force_login(commune_officer)
    for key, result in page_figures(client, tree.commune_a, PERIOD).items():
        assert client.get(drilldown(tree.commune_a, key), PERIOD).context["page"].paginator.count == counted(result), key


def test_the_drilldown_speaks_vietnamese_and_shows_its_figure_and_definition(client, tree, province_officer):
    client.force_login(province_officer)
    body = client.get(drilldown(tree.province, "members_probationary")).content.decode()
    assert "Đảng viên dự bị" in body and "Họ và tên" in body and "Ngày sinh" in body
    assert "Đảng bộ tỉnh Kon Tum, tính đến ngày 23/11/2026" in body
    assert "1 bản ghi" in body


def test_members_are_listed_with_their_organization_at_the_event(client, tree, province_officer):
    services.organization_rename(organization=tree.branch_a1, name="Chi bộ thôn Kon Rơ", on=D(2024, 1, 1), actor=None)
    client.force_login(province_officer)
    response = client.get(drilldown(tree.province, "admissions"), PERIOD)
    by_name = {row.period.member.person.full_name: row for row in response.context["rows"]}
    assert by_name["Nguyễn Văn An"].organization_name == "Chi bộ thôn 1"  # admitted 2012, before the rename
    assert by_name["Lê Thị Ánh"].organization_name == "Chi bộ thôn Kon Rơ"
    body = response.content.decode()
    assert reverse("members:detail", args=[tree.members["an"].pk]) in body
    assert "01/03/2012" in body and "Kết nạp" in body


def test_organizations_are_listed_with_code_name_kind_and_parent_of_the_date(client, tree, province_officer):
    services.organization_rename(organization=tree.commune_a, name="Đảng bộ xã Hà Mòn mới", on=D(2024, 1, 1), actor=None)
    client.force_login(province_officer)
    response = client.get(drilldown(tree.province, "branches_under_grassroots_committees"), {"as_of": "31/12/2020"})
    rows = [(r.version.organization.code, r.version.name, r.parent_name) for r in response.context["rows"]]
    assert rows == [
        ("C0101", "Chi bộ thôn 1", "Đảng bộ xã Hà Mòn"),
        ("C0102", "Chi bộ thôn 2", "Đảng bộ xã Hà Mòn"),
        ("C0201", "Chi bộ thôn Kon Gung", "Đảng bộ xã Ngọc Wang"),
    ]
    assert "Chi bộ trực thuộc" in response.content.decode()


def test_ratio_drilldowns_list_the_numerator(client, tree, province_officer):
    services.organization_set_committee(organization=tree.branch_a1, has_committee=True, on=D(2024, 1, 1), actor=None)
    client.force_login(province_officer)
    response = client.get(drilldown(tree.province, "branches_with_committee"))
    assert [r.version.name for r in response.context["rows"]] == ["Chi bộ thôn 1"]
    assert "1/3 (33,33%)" in response.content.decode()


def test_long_lists_are_paginated_by_fifty(client, tree, province_officer):
    for i in range(48):
        register(tree.branch_a2, f"Hoàng Văn Dũng {i:02d}", admitted=D(2014, 1, 1), recognized=D(2015, 1, 1))
    client.force_login(province_officer)
    first = client.get(drilldown(tree.province, "members_total"))
    assert first.context["page"].paginator.count == 52 and len(first.context["rows"]) == 50
    second = client.get(drilldown(tree.province, "members_total"), {"page": 2})
    assert len(second.context["rows"]) == 2
    assert "page=2" in first.content.decode()


def test_an_unknown_indicator_is_not_found(client, tree, province_officer):
    client.force_login(province_officer)
    assert client.get(drilldown(tree.province, "members_invented")).status_code == 404


def test_a_commune_officer_cannot_drill_into_other_organizations(client, tree, commune_officer):
    client.force_login(commune_officer)
    assert client.get(drilldown(tree.commune_a, "members_total")).status_code == 200
    for org_id in (tree.commune_b.pk, tree.branch_b1.pk, tree.province.pk, tree.other_province.pk, 999999):
        assert client.get(reverse("indicators:drilldown", args=[org_id, "members_total"])).status_code == 404
    body = client.get(drilldown(tree.commune_a, "members_total")).content.decode()
    assert "Phạm Thanh Bình" not in body


def test_an_outsider_sees_no_drilldown_of_province_t01(client, tree, outsider):
    client.force_login(outsider)
    for org in (tree.province, tree.commune_a, tree.branch_a1):
        assert client.get(drilldown(org, "members_total")).status_code == 404


def test_figures_are_written_the_vietnamese_way():
    with translation.override("vi"):
        assert figure(Result("k", "", 15000)) == "15.000"
        assert figure(Result("k", "", Decimal("64.14"), 195, 304, Decimal("64.14"))) == "195/304 (64,14%)"
        assert figure(Result("k", "", None, 0, 0, None)) == "0/0 (—)"
