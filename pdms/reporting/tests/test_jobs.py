import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from pdms.accounts.services import user_create
from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError
from pdms.reporting import services
from pdms.reporting.models import ReportJob
from pdms.reporting.services import report_job_request

from .conftest import AS_OF


def request_job(tree, plan, user, *, organization=None, period="term", as_of=AS_OF, form="xlsx"):
    return report_job_request(
        organization=organization or tree.district, plan=plan, period=period, as_of=as_of, form=form, actor=user,
    )


def test_a_requested_job_runs_to_the_end_with_its_file(progress, plan, province_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_job(progress, plan, province_officer)
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == ("done", 100, "")
    assert job.filename == "bao-cao-phat-trien-dang-vien-H01-nhiem-ky-20220630.xlsx"
    sheet = openpyxl.load_workbook(job.file.open("rb")).worksheets[1]
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["X01", "X02"]
    entry = AuditEntry.objects.get(action="report_job.request")
    assert entry.organization_id == progress.district.pk and entry.changes["plan_number"] == [None, "09-KH/HU"]


def test_a_job_waits_in_the_queue_until_the_request_is_committed(progress, plan, province_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = request_job(progress, plan, province_officer)
    assert job.status == "queued" and len(callbacks) == 1


def test_the_runner_stores_each_step_on_the_job(progress, plan, province_officer, monkeypatch, django_capture_on_commit_callbacks):
    seen = []
    tell = services._progress

    def recording(job_id):
        store = tell(job_id)

        def both(percent, step):
            store(percent, step)
            seen.append(ReportJob.objects.values_list("status", "progress").get(pk=job_id))

        return both

    monkeypatch.setattr(services, "_progress", recording)
    with django_capture_on_commit_callbacks(execute=True):
        request_job(progress, plan, province_officer)
    assert seen[0] == ("running", 5) and ("running", 55) in seen and seen[-1] == ("running", 95)


def test_a_failing_job_is_marked_failed_with_a_message_and_no_file(progress, plan, province_officer, monkeypatch, django_capture_on_commit_callbacks):
    def broken(report):
        raise RuntimeError("disk full")

    monkeypatch.setitem(services.EXPORTERS, "xlsx", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = request_job(progress, plan, province_officer)
    job.refresh_from_db()
    assert job.status == "failed" and not job.file
    assert "system administrator" in job.error or "quản trị" in job.error


def test_a_job_whose_plan_was_removed_fails_with_the_reason(progress, plan, province_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = request_job(progress, plan, province_officer)
    ReportJob.objects.filter(pk=job.pk).update(parameters={**job.parameters, "plan": 0})
    services.report_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error


@pytest.mark.parametrize(
    "change, field",
    [
        ({"period": "2019"}, "period"),
        ({"as_of": dt.date(2020, 7, 1)}, "as_of"),
        ({"form": "csv"}, "format"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_queued(progress, plan, province_officer, change, field):
    with pytest.raises(DomainError) as error:
        request_job(progress, plan, province_officer, **change)
    assert error.value.field == field and error.value.message
    assert not ReportJob.objects.exists() and not AuditEntry.objects.filter(action="report_job.request").exists()


def test_an_organization_outside_the_plan_or_the_scope_is_refused(progress, plan, province_officer, commune_officer):
    with pytest.raises(DomainError, match="Đảng bộ tỉnh Kon Tum"):
        request_job(progress, plan, province_officer, organization=progress.province)
    with pytest.raises(DomainError) as error:
        request_job(progress, plan, commune_officer, organization=progress.commune_b)
    assert error.value.field in ("plan", "organization")
    assert not ReportJob.objects.exists()



def test_a_commune_reports_on_itself_under_the_plan_of_the_committee_above(progress, plan, commune_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_job(progress, plan, commune_officer, organization=progress.commune_a)
    job.refresh_from_db()
    assert job.status == "done" and job.file
    book = openpyxl.load_workbook(io.BytesIO(job.file.read()))
    figures = {row[0]: row[1:4] for row in book.worksheets[0].iter_rows(min_row=12, values_only=True) if row[0]}
    assert figures["Tỷ lệ hoàn thành chỉ tiêu kết nạp"][:2] == (2, 1)  # Hà Mòn: two admissions against its quota of one


# --- pages ------------------------------------------------------------------------------


def test_the_form_takes_its_defaults_from_the_query(client, progress, plan, province_officer):
    client.force_login(province_officer)
    response = client.get(reverse("reporting:summary"), {"org": progress.commune_a.pk, "plan": plan.pk, "period": "2022", "as_of": "30/06/2022"})
    form = response.context["form"]
    assert form["organization"].value() == "X01" and form["plan"].value() == plan.pk
    assert (form["period"].value(), form["as_of"].value()) == ("2022", "30/06/2022")


def test_a_viewer_asks_for_a_report_follows_it_and_downloads_the_file(client, progress, plan, viewer, django_capture_on_commit_callbacks):
    client.force_login(viewer)
    data = {"organization": "H01", "plan": plan.pk, "period": "term", "as_of": "30/06/2022", "format": "docx"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:summary"), data)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reporting:job", args=[job.pk])
    page = client.get(reverse("reporting:job", args=[job.pk])).content.decode()
    assert reverse("reporting:download", args=[job.pk]) in page and "hx-trigger" not in page
    download = client.get(reverse("reporting:download", args=[job.pk]))
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert 'filename="bao-cao-phat-trien-dang-vien-H01-nhiem-ky-20220630.docx"' in download["Content-Disposition"]
    import docx

    assert len(docx.Document(io.BytesIO(b"".join(download.streaming_content))).inline_shapes) == 2
    assert job.pk in [j.pk for j in client.get(reverse("reporting:summary")).context["jobs"]]


def test_a_running_job_page_polls_its_progress(client, progress, plan, province_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = request_job(progress, plan, province_officer)
    ReportJob.objects.filter(pk=job.pk).update(status="running", progress=42, step="Đang tính Đảng bộ xã Hà Mòn")
    client.force_login(province_officer)
    body = client.get(reverse("reporting:progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and 'aria-valuenow="42"' in body and "Đảng bộ xã Hà Mòn" in body
    assert client.get(reverse("reporting:download", args=[job.pk])).status_code == 404


def test_a_bad_request_shows_the_message_on_the_form(client, progress, plan, province_officer):
    client.force_login(province_officer)
    data = {"organization": "H01", "plan": plan.pk, "period": "1999", "as_of": "30/06/2022", "format": "pdf"}
    response = client.post(reverse("reporting:summary"), data)
    assert response.status_code == 200 and response.context["form"].errors["period"]
    response = client.post(reverse("reporting:summary"), {**data, "period": "term", "organization": "T02"})
    assert "T02" in response.context["form"].errors["organization"][0]
    assert not ReportJob.objects.exists()


def test_an_outsider_gets_404_on_a_job_of_another_province(client, progress, plan, province_officer, outsider, commune_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_job(progress, plan, province_officer)
    for user in (outsider, commune_officer):  # the district is above the commune officer's subtree
        client.force_login(user)
        for name in ("reporting:job", "reporting:progress", "reporting:download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
        assert client.get(reverse("reporting:summary")).context["jobs"] == []


def test_the_preview_shows_the_figures_linked_to_their_drilldowns(client, progress, plan, viewer):
    client.force_login(viewer)
    query = {"organization": "H01", "plan": plan.pk, "period": "term", "as_of": "30/06/2022", "format": "xlsx", "preview": "1"}
    response = client.get(reverse("reporting:summary"), query)
    body = response.content.decode()
    drilldown = reverse("indicators:drilldown", args=[progress.district.pk, "quota_achievement"])
    assert f'<a href="{drilldown}?as_of=30%2F06%2F2022&amp;from=01%2F08%2F2020&amp;to=30%2F06%2F2022">3/3 (100,00%)</a>' in body
    unit = reverse("indicators:drilldown", args=[progress.commune_a.pk, "quota_achievement"])
    assert f'{unit}?as_of=30%2F06%2F2022' in body
    assert not ReportJob.objects.exists()


def test_a_preview_of_an_impossible_period_shows_why(client, progress, plan, province_officer):
    client.force_login(province_officer)
    query = {"organization": "H01", "plan": plan.pk, "period": "1999", "as_of": "30/06/2022", "format": "xlsx", "preview": "1"}
    response = client.get(reverse("reporting:summary"), query)
    assert response.context["preview"] is None and response.context["form"].errors["period"]


def test_the_form_never_sends_its_csrf_token_in_a_url(client, progress, plan, viewer):
    client.force_login(viewer)
    page = client.get(reverse("reporting:summary")).content.decode()
    form = page[page.index("<form"):page.index("</form>")]
    assert "csrfmiddlewaretoken" in form and 'method="post"' in form and "formmethod" not in form


def test_the_preview_button_posts_the_form_and_queues_nothing(client, progress, plan, viewer):
    client.force_login(viewer)
    data = {"organization": "H01", "plan": plan.pk, "period": "term", "as_of": "30/06/2022", "format": "xlsx", "preview": "1"}
    response = client.post(reverse("reporting:summary"), data)
    assert response.status_code == 200 and response.context["preview"]["report"].organization == progress.district
    assert not ReportJob.objects.exists()


def test_a_finished_job_page_says_only_that_the_report_is_ready(client, progress, plan, viewer, django_capture_on_commit_callbacks):
    client.force_login(viewer)
    data = {"organization": "H01", "plan": plan.pk, "period": "term", "as_of": "30/06/2022", "format": "xlsx"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:summary"), data)
    page = client.get(response["Location"]).content.decode()
    assert "Báo cáo đã lập xong." in page and "đang được lập" not in page


def test_the_job_page_names_its_requester_family_name_first(client, progress, plan, admin_user, django_capture_on_commit_callbacks):
    requester = user_create(
        username="hung", password="Mat-khau-dai-2025", role="staff", organization=progress.province, actor=admin_user,
        full_name="Lê Văn Hùng",
    )
    with django_capture_on_commit_callbacks(execute=False):
        job = request_job(progress, plan, requester)
    client.force_login(requester)
    assert "· Lê Văn Hùng" in client.get(reverse("reporting:job", args=[job.pk])).content.decode()
