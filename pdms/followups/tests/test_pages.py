import datetime as dt
import re

from django.urls import reverse

from pdms.audit.models import AuditEntry
from pdms.followups import services
from pdms.followups.models import FollowUp, FollowUpReport

D = dt.date
DETAIL = "followups:detail"


def _detail(followup):
    return reverse(DETAIL, args=[followup.pk])


def test_the_new_request_page_is_prefilled_from_the_ranking_link(client, tree, plan, district_officer):
    client.force_login(district_officer)
    response = client.get(reverse("followups:add"), {"org": tree.commune_b.pk, "plan": plan.pk, "period": "2022"})
    form = response.context["form"]
    assert (form["unit"].value(), form["committee"].value(), form["plan"].value(), form["period"].value()) == (
        "X02", "H01", plan.pk, "2022",
    )


def test_a_commune_asks_its_branch_under_the_district_plan(client, tree, plan, commune_officer, outsider):
    client.force_login(commune_officer)
    response = client.get(reverse("followups:add"), {"org": tree.branch_a1.pk, "plan": plan.pk})
    assert response.status_code == 200 and response.context["form"]["plan"].value() == plan.pk
    # The district's plan page shows the commune its own part only.
    assert client.get(reverse("targets:plan_detail", args=[plan.pk])).context["root"] == tree.commune_a
    client.force_login(outsider)
    assert client.get(reverse("followups:add"), {"plan": plan.pk}).status_code == 404


def test_a_committee_officer_records_a_request_from_the_page(client, tree, plan, district_officer):
    client.force_login(district_officer)
    response = client.post(reverse("followups:add"), {
        "committee": "H01", "unit": "X02", "plan": plan.pk, "period": "term", "document_number": "426-TB/HU",
        "issued_on": "01/10/2026", "due_on": "31/10/2026", "request_text": "Kiểm điểm, báo cáo giải pháp khắc phục.",
    })
    followup = FollowUp.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(followup)
    assert (followup.committee, followup.unit, followup.plan, followup.created_by) == (tree.district, tree.commune_b, plan, district_officer)


def test_each_bad_request_comes_back_onto_the_form_and_nothing_is_written(client, tree, plan, district_officer):
    client.force_login(district_officer)
    good = {
        "committee": "H01", "unit": "X02", "plan": plan.pk, "period": "term", "document_number": "426-TB/HU",
        "issued_on": "01/10/2026", "due_on": "31/10/2026", "request_text": "Báo cáo.",
    }
    for change, field in (
        ({"due_on": "30/09/2026"}, "due_on"), ({"unit": "X01", "committee": "X02"}, "unit"), ({"unit": "T02"}, "unit"),
        ({"request_text": "   "}, "request_text"), ({"period": "2026"}, "period"), ({"issued_on": "31/02/2026"}, "issued_on"),
    ):
        response = client.post(reverse("followups:add"), good | change)
        assert response.status_code == 200 and response.context["form"].errors[field], change
        for error in response.context["form"].errors[field]:
            assert error in response.content.decode() or error.replace("“", "&ldquo;") in response.content.decode()
    assert not FollowUp.objects.exists() and not AuditEntry.objects.filter(object_type="followup").exists()


def test_the_unit_sees_its_figures_with_drill_down_links_and_reports(client, tree, request_426, unit_officer):
    client.force_login(unit_officer)
    page = client.get(_detail(request_426))
    body = page.content.decode()
    figures = {result.key: result for result in page.context["figures"]}
    assert (figures["quota"].value, figures["quota_achievement"].numerator) == (2, 1)
    assert reverse("indicators:drilldown", args=[tree.commune_b.pk, "quota_achievement"]) in body
    assert page.context["forms"]["report"] is not None and page.context["forms"]["close"] is None

    response = client.post(_detail(request_426), {"action": "report", "as_of": "23/11/2026", "text": "Đã kiểm điểm, khắc phục."})
    assert response.status_code == 302
    report = FollowUpReport.objects.get()
    assert {key: item["value"] for key, item in report.figures.items()} == {key: r.value for key, r in figures.items() if key != "quota_achievement"} | {
        "quota_achievement": 50.0
    }


def test_the_plan_of_a_request_leads_the_unit_to_its_dashboard_under_that_plan(client, tree, request_426, unit_officer):
    client.force_login(unit_officer)
    body = client.get(_detail(request_426)).content.decode()
    link = re.search(r'href="(/dashboard/\?[^"]+)">09-KH/HU<', body).group(1).replace("&amp;", "&")
    page = client.get(link)
    assert page.status_code == 200 and page.context["plan"] == request_426.plan
    assert page.context["organization"] == tree.commune_b


def test_an_empty_report_is_shown_as_an_error_and_not_saved(client, request_426, unit_officer):
    client.force_login(unit_officer)
    response = client.post(_detail(request_426), {"action": "report", "as_of": "23/11/2026", "text": ""})
    assert response.status_code == 200 and response.context["forms"]["report"].errors["text"]
    assert response.context["forms"]["report"].errors["text"][0] in response.content.decode()
    assert not FollowUpReport.objects.exists()


def test_the_unit_cannot_close_but_the_committee_can(client, request_426, unit_officer, district_officer):
    services.followup_report_submit(followup=request_426, text="Đã kiểm điểm.", as_of=D(2026, 11, 23), actor=unit_officer)
    client.force_login(unit_officer)
    assert client.get(_detail(request_426)).context["forms"]["close"] is None
    assert client.post(_detail(request_426), {"action": "close", "conclusion": "Kết luận."}).status_code == 404
    client.force_login(district_officer)
    response = client.post(_detail(request_426), {"action": "close", "conclusion": "Đồng ý với báo cáo."})
    assert response.status_code == 302
    request_426.refresh_from_db()
    assert request_426.status == "closed" and "Đồng ý với báo cáo." in client.get(_detail(request_426)).content.decode()


def test_the_committee_returns_a_report_from_the_page(client, request_426, unit_officer, district_officer):
    services.followup_report_submit(followup=request_426, text="Đã kiểm điểm.", as_of=D(2026, 11, 23), actor=unit_officer)
    client.force_login(district_officer)
    assert client.post(_detail(request_426), {"action": "return", "reason": ""}).context["forms"]["return"].errors["reason"]
    assert client.post(_detail(request_426), {"action": "return", "reason": "Thiếu số liệu."}).status_code == 302
    request_426.refresh_from_db()
    assert request_426.status == "open" and "Thiếu số liệu." in client.get(_detail(request_426)).content.decode()


def test_an_outsider_gets_404_and_a_viewer_cannot_write(client, request_426, outsider, viewer):
    client.force_login(outsider)
    assert client.get(_detail(request_426)).status_code == 404
    assert "426-TB/HU" not in client.get(reverse("followups:list")).content.decode()
    client.force_login(viewer)
    assert client.get(_detail(request_426)).status_code == 200
    assert client.get(_detail(request_426)).context["forms"]["report"] is None
    assert client.post(_detail(request_426), {"action": "report", "as_of": "23/11/2026", "text": "X"}).status_code == 404
    assert client.get(reverse("followups:add")).status_code == 404
    assert not FollowUpReport.objects.exists()


def test_the_list_filters_by_status_and_overdue(client, tree, request_426, district_officer, province_officer):
    services.followup_request(
        committee=tree.district, unit=tree.commune_a, document_number="430-TB/HU", issued_on=D(2026, 11, 10),
        due_on=D(2026, 12, 10), request_text="Báo cáo.", actor=district_officer,
    )
    client.force_login(province_officer)
    numbers = lambda query: [f.document_number for f in client.get(reverse("followups:list"), query).context["followups"]]  # noqa: E731
    assert sorted(numbers({})) == ["426-TB/HU", "430-TB/HU"]
    assert numbers({"overdue": "1"}) == ["426-TB/HU"]
    assert numbers({"status": "reported"}) == []
    assert sorted(numbers({"status": "open"})) == ["426-TB/HU", "430-TB/HU"]
    assert [f.is_overdue for f in client.get(reverse("followups:list")).context["followups"]] == [False, True]
