"""Report jobs and the worker: a job whose worker died is marked failed and its requester
may ask for it again; a job past its time limit is stopped with a clear message."""

import datetime as dt
import signal

import pytest
from django.urls import reverse
from django.utils import timezone

from pdms.audit.models import AuditEntry
from pdms.core.errors import PermissionDenied
from pdms.reporting import services
from pdms.reporting.models import ReportJob, ReportStatus
from pdms.reporting.services import report_job_retry, report_jobs_reap

from .test_jobs import request_job

MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def killed_job(progress, plan, province_officer, settings, django_capture_on_commit_callbacks):
    """A report whose worker was killed while preparing it: silent for 6 minutes."""
    settings.JOB_STALE_SECONDS = 5 * 60
    with django_capture_on_commit_callbacks(execute=False):
        job = request_job(progress, plan, province_officer)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportStatus.RUNNING, progress=55, started_at=timezone.now() - 8 * MINUTE, heartbeat_at=timezone.now() - 6 * MINUTE
    )
    return job


def test_a_report_whose_worker_died_is_marked_failed_with_a_message(killed_job):
    assert report_jobs_reap() == 1
    killed_job.refresh_from_db()
    assert killed_job.status == ReportStatus.FAILED and "tiến trình chạy nền" in killed_job.error
    assert AuditEntry.objects.get(action="report_job.reap").changes["status"] == ["running", "failed"]


def test_a_report_with_a_recent_heartbeat_is_left_running(killed_job):
    ReportJob.objects.filter(pk=killed_job.pk).update(heartbeat_at=timezone.now() - 4 * MINUTE)
    assert report_jobs_reap() == 0


def test_its_requester_asks_for_it_again_and_gets_the_file(killed_job, client, province_officer, django_capture_on_commit_callbacks):
    report_jobs_reap()
    client.force_login(province_officer)
    page = client.get(reverse("reporting:job", args=[killed_job.pk])).content.decode()
    assert reverse("reporting:retry", args=[killed_job.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:retry", args=[killed_job.pk]))
    killed_job.refresh_from_db()
    assert killed_job.status == ReportStatus.DONE and killed_job.file and killed_job.error == ""
    assert AuditEntry.objects.filter(action="report_job.retry", actor=province_officer).exists()


def test_no_one_else_may_ask_for_it_again(killed_job, viewer):
    report_jobs_reap()
    with pytest.raises(PermissionDenied):
        report_job_retry(job=killed_job, actor=viewer)


def test_a_report_past_its_time_limit_is_stopped_with_a_clear_message(
    progress, plan, province_officer, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.JOB_TIME_LIMIT_SECONDS = 900

    def time_is_up(report):
        # The alarm the time limit set goes off while the file is written.
        signal.raise_signal(signal.SIGALRM)

    monkeypatch.setitem(services.EXPORTERS, "xlsx", time_is_up)
    with django_capture_on_commit_callbacks(execute=True):
        job = request_job(progress, plan, province_officer)
    job.refresh_from_db()
    assert job.status == ReportStatus.FAILED and not job.file
    assert job.error.startswith("Việc lập báo cáo chạy quá 15 phút nên đã bị dừng.")
