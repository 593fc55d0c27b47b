"""The organization page: its state as of a date, figures from the indicator engine,
the member balance, the chart of members over time, lineage and history, and the scope
boundary."""

import datetime as dt
import json

from django.urls import reverse

from pdms.organizations import services
from pdms.organizations.models import OrgKind
from pdms.organizations.views import chart_dates

D = dt.date


def page(org) -> str:
    return reverse("organizations:detail", args=[org.pk])


def chart(org) -> str:
    return reverse("organizations:members_chart", args=[org.pk])


def figures(response) -> dict:
    found = {r.key: r for group in response.context["groups"] for r in group["results"]}
    return found | {row["result"].key: row["result"] for row in response.context["balance"]}


def test_the_page_speaks_vietnamese(client, tree, province_officer):
    client.force_login(province_officer)
    body = client.get(page(tree.commune_a)).content.decode()
    for text in ("Đảng viên", "Đảng viên chính thức", "Tổ chức cơ sở đảng", "Biến động đảng viên", "Lịch sử tổ chức", "Thành lập"):
        assert text in body, text


def test_the_page_shows_the_state_of_the_chosen_date_with_its_ancestors(client, tree, province_officer):
    services.organization_rename(organization=tree.commune_a, name="Đảng bộ xã Hà Mòn mới", on=D(2024, 1, 1), actor=None, decision="9-QĐ")
    client.force_login(province_officer)
    old = client.get(page(tree.commune_a), {"as_of": "31/12/2020"})
    assert old.context["version"].name == "Đảng bộ xã Hà Mòn"
    assert [a.name for a in old.context["ancestors"]] == ["Đảng bộ tỉnh Kon Tum", "Đảng bộ huyện Đắk Hà"]
    assert "<h1 class=\"h3 mb-0\">Đảng bộ xã Hà Mòn</h1>" in old.content.decode()
    assert client.get(page(tree.commune_a)).context["version"].name == "Đảng bộ xã Hà Mòn mới"


def test_a_date_before_the_founding_says_the_organization_did_not_exist(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(page(tree.commune_a), {"as_of": "31/12/2005"})
    assert response.context["version"] is None
    assert "không tồn tại vào ngày 31/12/2005" in response.content.decode()


def test_figures_come_from_the_engine_grouped_with_drilldown_links(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(page(tree.province))
    f = figures(response)
    assert f["members_total"].value == 4 and f["grassroots_committees"].value == 2
    assert {g["title"] for g in response.context["groups"]} >= {"Đảng viên", "Tổ chức đảng"}
    drilldown = reverse("indicators:drilldown", args=[tree.province.pk, "members_total"])
    assert f'{drilldown}?as_of=23%2F11%2F2026&amp;from=01%2F01%2F2026&amp;to=23%2F11%2F2026' in response.content.decode()


def test_ratios_read_numerator_over_denominator_with_a_decimal_comma(client, tree, province_officer):
    services.organization_set_committee(organization=tree.branch_a1, has_committee=True, on=D(2024, 1, 1), actor=None)
    client.force_login(province_officer)
    assert "1/3 (33,33%)" in client.get(page(tree.province)).content.decode()


def test_the_member_balance_adds_up_from_opening_to_closing(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(page(tree.province), {"as_of": "31/12/2025", "from": "01/01/2025", "to": "31/12/2025"})
    rows = [(row["sign"], row["result"].key, row["result"].value) for row in response.context["balance"]]
    assert rows[0] == ("", "balance_opening", 3)
    assert ("+", "balance_admitted", 1) in rows
    assert rows[-1] == ("=", "balance_closing", 4)
    total = sum(value if sign in ("", "+") else -value for sign, _key, value in rows[:-1])
    assert total == rows[-1][2]
    assert "Biến động đảng viên từ 01/01/2025 đến 31/12/2025" in response.content.decode()


def test_an_impossible_period_is_explained_and_the_default_used(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(page(tree.province), {"from": "01/10/2026", "to": "01/02/2026"})
    assert response.context["period_error"]
    assert response.context["ctx"].start == D(2026, 1, 1)


def test_subordinates_are_those_of_the_date(client, tree, province_officer):
    services.organization_found(
        code="C0103", name="Chi bộ thôn 3", kind=OrgKind.BRANCH, parent=tree.commune_a, founded_on=D(2022, 1, 1), actor=None
    )
    client.force_login(province_officer)
    names = lambda r: [v.name for v in r.context["subordinates"]]  # noqa: E731
    assert names(client.get(page(tree.commune_a))) == ["Chi bộ thôn 1", "Chi bộ thôn 2", "Chi bộ thôn 3"]
    assert names(client.get(page(tree.commune_a), {"as_of": "31/12/2020"})) == ["Chi bộ thôn 1", "Chi bộ thôn 2"]


def test_the_page_links_to_the_members_list_of_the_date(client, tree, province_officer):
    client.force_login(province_officer)
    body = client.get(page(tree.commune_a), {"as_of": "31/12/2020"}).content.decode()
    assert f'{reverse("members:search")}?org={tree.commune_a.pk}&amp;as_of=31/12/2020' in body


def test_lineage_shows_predecessors_and_successors_with_dates(client, tree, province_officer):
    new = services.organizations_merge(
        sources=[tree.commune_a, tree.commune_b],
        new=services.NewOrganization("XM01", "Đảng bộ xã Đắk Hà mới", OrgKind.COMMUNE, tree.province),
        on=D(2025, 7, 1),
        actor=province_officer,
        decision="1234-QĐ/TU",
        reason="Sắp xếp đơn vị hành chính",
    )
    client.force_login(province_officer)
    body = client.get(page(new)).content.decode()
    assert "Hình thành từ" in body and "Đảng bộ xã Ngọc Wang" in body and "01/07/2025" in body and "1234-QĐ/TU" in body
    old = client.get(page(tree.commune_a)).content.decode()
    assert "Được kế tục bởi" in old and page(new) in old


def test_history_lists_versions_and_readable_audit_entries(client, tree, province_officer):
    services.organization_rename(
        organization=tree.branch_a1, name="Chi bộ thôn Kon Rơ", on=D(2024, 1, 1), actor=province_officer, decision="5-QĐ", reason="Theo tên thôn mới"
    )
    client.force_login(province_officer)
    response = client.get(page(tree.branch_a1))
    assert [v.name for v in response.context["versions"]] == ["Chi bộ thôn 1", "Chi bộ thôn Kon Rơ"]
    rename = response.context["audit"][0]
    assert rename.action == "Đổi tên"
    assert [(c.before, c.after) for c in rename.changes] == [("Chi bộ thôn 1", "Chi bộ thôn Kon Rơ")]
    body = response.content.decode()
    assert "Chi bộ thôn 1 → Chi bộ thôn Kon Rơ" in body
    assert "23/11/2026 12:00 · Province" in body
    assert "Theo tên thôn mới" in body


def test_the_chart_has_month_ends_of_three_years_or_year_ends_since_2015():
    months = chart_dates(D(2026, 11, 23), "months", D(2010, 1, 1))
    assert len(months) == 37 and months[0] == D(2023, 11, 30) and months[-2:] == [D(2026, 10, 31), D(2026, 11, 23)]
    years = chart_dates(D(2026, 11, 23), "years", D(2010, 1, 1))
    assert years[0] == D(2015, 12, 31) and years[-2:] == [D(2025, 12, 31), D(2026, 11, 23)] and len(years) == 12
    assert chart_dates(D(2026, 11, 23), "years", D(2025, 7, 1)) == [D(2025, 12, 31), D(2026, 11, 23)]


def test_the_chart_counts_members_through_the_engine(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(chart(tree.province), {"span": "years"})
    data = response.context["chart"]
    total, full, probationary = (series["values"] for series in data["series"])
    assert data["labels"][0] == "31/12/2015"
    assert total[0] == 1 and full[0] == 1  # Nguyễn Văn An; Đạt was admitted in 2016
    assert total[-1] == 4 and probationary[-1] == 1
    assert [series["label"] for series in data["series"]] == ["Đảng viên", "Đảng viên chính thức", "Đảng viên dự bị"]
    embedded = response.content.decode().split('type="application/json">')[1].split("</script>")[0]
    assert json.loads(embedded)["labels"] == data["labels"]


def test_the_chart_is_limited_to_a_few_dozen_evaluations(client, tree, province_officer):
    client.force_login(province_officer)
    assert len(client.get(chart(tree.province)).context["chart"]["labels"]) == 12
    assert len(client.get(chart(tree.province), {"span": "months"}).context["chart"]["labels"]) == 37
    assert client.get(chart(tree.province), {"span": "decades"}).status_code == 404


def test_the_organization_page_is_refused_outside_the_scope(client, tree, commune_officer):
    client.force_login(commune_officer)
    assert client.get(page(tree.commune_a)).status_code == 200
    for org_id in (tree.commune_b.pk, tree.branch_b1.pk, tree.district.pk, tree.other_province.pk, 999999):
        assert client.get(reverse("organizations:detail", args=[org_id])).status_code == 404
        assert client.get(reverse("organizations:members_chart", args=[org_id])).status_code == 404


def test_a_commune_officer_sees_only_their_figures_and_superiors_unlinked(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(page(tree.commune_a))
    assert figures(response)["members_total"].value == 3
    body = response.content.decode()
    assert "Đảng bộ huyện Đắk Hà" in body
    assert page(tree.district) not in body and page(tree.province) not in body


def test_an_outsider_sees_nothing_of_province_t01(client, tree, outsider):
    client.force_login(outsider)
    for org in (tree.province, tree.commune_a, tree.branch_a1):
        assert client.get(page(org)).status_code == 404


def test_the_committee_above_is_offered_the_reorganizations_and_the_organization_itself_is_not(
    client, tree, province_officer, commune_officer, secretary, viewer
):
    rename, found = (reverse(f"organizations:{name}", args=[tree.commune_a.pk]) for name in ("rename", "found"))
    client.force_login(province_officer)
    body = client.get(page(tree.commune_a)).content.decode()
    assert rename in body and found in body
    client.force_login(commune_officer)
    body = client.get(page(tree.commune_a)).content.decode()
    assert rename not in body and "Giải thể" not in body and found in body
    assert reverse("organizations:rename", args=[tree.branch_a1.pk]) in client.get(page(tree.branch_a1)).content.decode()
    for user in (secretary, viewer):
        client.force_login(user)
        body = client.get(page(tree.branch_a1)).content.decode()
        assert "/rename/" not in body and "Giải thể" not in body and "Tách" not in body


def test_the_committee_button_appears_only_for_branches(client, tree, province_officer):
    client.force_login(province_officer)
    assert reverse("organizations:committee", args=[tree.branch_a1.pk]) in client.get(page(tree.branch_a1)).content.decode()
    assert reverse("organizations:committee", args=[tree.commune_a.pk]) not in client.get(page(tree.commune_a)).content.decode()



def test_the_chart_of_a_merged_commune_includes_its_predecessors_history(client, tree, province_officer):
    from pdms.organizations.services import NewOrganization, organizations_merge

    new = organizations_merge(
        sources=[tree.commune_a, tree.commune_b],
        new=NewOrganization("XM01", "Đảng bộ xã Đắk Hà", "commune", tree.province),
        on=D(2025, 7, 1),
        actor=None,
    )
    client.force_login(province_officer)
    data = client.get(chart(new), {"span": "years"}).context["chart"]
    assert data["labels"][0] == "31/12/2015"
    totals = dict(zip(data["labels"], data["series"][0]["values"]))
    assert totals["31/12/2020"] == 3 and totals["23/11/2026"] == 4
