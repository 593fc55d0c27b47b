import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from pdms.targets.models import Plan, Quota


D = dt.date


def test_a_province_officer_sees_the_plan_with_versions_history_and_the_warning(client, progress, plan, province_officer):
    client.force_login(province_officer)
    assert plan.number in client.get(reverse("targets:plans")).content.decode()
    response = client.get(reverse("targets:plan_detail", args=[plan.pk]), {"as_of": "30/06/2022"})
    body = response.content.decode()
    assert "Nghị quyết 15-NQ/HU" in body and "Điều chỉnh" in body
    commune_b = response.context["sections"][0]["rows"][2]
    assert (commune_b["quota"].version, commune_b["target"], len(commune_b["history"])) == (2, 2, 2)
    # 1 + 2 = 3 for the term; each year has no quota at all, so no warning there.
    term_warning = client.get(reverse("targets:plan_detail", args=[plan.pk]), {"as_of": "31/03/2022"}).context["sections"][0]
    assert (term_warning["warn"], term_warning["parent_target"], term_warning["children_sum"]) == (True, 3, 5)


def test_a_province_officer_sets_a_quota_as_a_percentage_from_the_plan_page(client, tree, plan, province_officer):
    client.force_login(province_officer)
    response = client.post(reverse("targets:plan_detail", args=[plan.pk]), {
        "organization": tree.commune_a.pk, "period": "2022", "kind": "percent", "value": "50", "reference_on": "31/12/2021",
        "decision": "09-KH/HU", "decided_on": "06/01/2022", "reason": "",
    })
    assert response.status_code == 302
    quota = Quota.objects.get()
    assert (quota.organization, quota.period_start, quota.period_end, quota.kind) == (tree.commune_a, D(2022, 1, 1), D(2022, 12, 31), "percent")


def test_a_domain_error_comes_back_onto_the_quota_form(client, tree, plan, province_officer):
    client.force_login(province_officer)
    response = client.post(reverse("targets:plan_detail", args=[plan.pk]), {
        "organization": tree.commune_a.pk, "period": "term", "kind": "percent", "value": "7", "decided_on": "06/10/2020",
    })
    assert response.status_code == 200 and response.context["form"].errors["reference_on"]
    assert not Quota.objects.exists()


def test_a_secretary_may_open_but_not_post_to_the_district_plan(client, tree, plan, secretary):
    client.force_login(secretary)
    assert client.get(reverse("targets:plan_detail", args=[plan.pk])).status_code == 200  # their own row only
    post = client.post(reverse("targets:plan_detail", args=[plan.pk]), {"organization": tree.commune_a.pk})
    assert post.status_code == 403 and not Quota.objects.exists()
    assert "Bạn không có quyền đặt kế hoạch hoặc chỉ tiêu của Đảng bộ huyện Đắk Hà." in post.content.decode()


def test_an_outsider_gets_404_on_plan_pages_and_sees_no_plans(client, progress, plan, outsider):
    client.force_login(outsider)
    assert plan.number not in client.get(reverse("targets:plans")).content.decode()
    for name in ("targets:plan_detail", "targets:ranking"):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 404


def test_a_viewer_may_not_open_the_new_plan_form(client, tree, viewer):
    client.force_login(viewer)
    response = client.get(reverse("targets:plan_add"))
    assert response.status_code == 403
    assert "Bạn không có quyền đặt kế hoạch hoặc chỉ tiêu của Đảng bộ tỉnh Kon Tum." in response.content.decode()


def test_a_province_officer_creates_a_plan(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.post(reverse("targets:plan_add"), {
        "organization": "T01", "number": "02-KH/TU", "title": "Kế hoạch 02", "issued_on": "06/10/2020",
        "term_start": "01/08/2020", "term_end": "31/07/2025",
    })
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.organization == tree.province


def test_the_ranking_lists_units_by_achievement_with_drilldown_links_and_pipeline(client, progress, plan, province_officer):
    client.force_login(province_officer)
    response = client.get(reverse("targets:ranking", args=[plan.pk]), {"as_of": "30/06/2022", "period": "term"})
    rows = [item["row"] for item in response.context["rows"]]
    assert [r.organization.code for r in rows] == ["X01", "X02"]  # 200% before 50%
    assert [str(r.achievement) for r in rows] == ["200.00", "50.00"]
    body = response.content.decode()
    query = "as_of=30%2F06%2F2022&amp;from=01%2F08%2F2020&amp;to=30%2F06%2F2022"
    assert f'{reverse("indicators:drilldown", args=[progress.commune_b.pk, "quota_achievement"])}?{query}' in body
    assert reverse("indicators:drilldown", args=[progress.commune_a.pk, "sources_total"]) in body
    drill = client.get(reverse("indicators:drilldown", args=[progress.commune_a.pk, "quota_achievement"]),
                       {"as_of": "30/06/2022", "from": "01/08/2020", "to": "30/06/2022"})
    assert drill.context["page"].paginator.count == 2


def test_the_report_command_prints_the_version_used_on_the_as_of_date(progress, plan):
    def report(as_of):
        out = StringIO()
        call_command("report", "quota-progress", "--org", "H01", "--plan", "09-kh/hu", "--as-of", as_of, "--format", "json", stdout=out)
        return json.loads(out.getvalue())

    before, after = report("31/03/2022"), report("30/06/2022")
    b_before, b_after = before["units"][1], after["units"][1]
    assert (b_before["code"], b_before["target"], b_before["quota_version"]) == ("X02", 4, 1)
    assert (b_after["target"], b_after["quota_version"], b_after["quota_decision"]) == (2, 2, "Nghị quyết 15-NQ/HU")
    head = after["organization"]
    assert (head["target"], head["admitted"], head["achievement_percent"], head["excess"]) == (3, 3, 100.0, 0)
    assert (head["units_meeting_quota"], head["units_with_quota"]) == (1, 2)


def test_the_report_command_prints_a_table(progress, plan):
    out = StringIO()
    call_command("report", "quota-progress", "--org", "H01", "--plan", "09-KH/HU", "--as-of", "30/06/2022", "--period", "term", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 4 and lines[1].startswith("H01") and "1/2" in lines[1]
    assert "X02" in lines[3] and "v2" in lines[3] and "50,00" in lines[3]


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_the_report_command_needs_an_output_path_for_file_formats(tree, plan, fmt):
    with pytest.raises(CommandError, match=f"{fmt}.*--output") as error:
        call_command("report", "quota-progress", "--org", "H01", "--plan", "09-KH/HU", "--format", fmt)
    assert error.value.returncode == 2


def test_the_report_command_names_an_unknown_plan(tree):
    with pytest.raises(CommandError, match="09-KH/XX"):
        call_command("report", "quota-progress", "--org", "H01", "--plan", "09-KH/XX")
