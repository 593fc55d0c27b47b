"""Import jobs and the worker: a job whose worker died is marked failed and its owner may
run it again; a job that runs past its time limit is stopped with a clear message."""

import datetime as dt
import signal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker as library_worker

from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError, PermissionDenied
from pdms.imports.models import ImportJob, JobStatus
from pdms.imports.services import JobProgress, import_job_retry, import_job_run, import_jobs_reap
from pdms.members.models import Member

from .sheets import MEMBER_HEADER, member_row, queued_job

MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def killed_job(tree, today, commune_officer, settings):
    """A job whose worker was killed while writing: its heartbeat stopped 6 minutes ago."""
    settings.JOB_STALE_SECONDS = 5 * 60
    job = queued_job(commune_officer, [MEMBER_HEADER, member_row()])
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.WRITING, started_at=timezone.now() - 10 * MINUTE, heartbeat_at=timezone.now() - 6 * MINUTE
    )
    return job


def test_a_job_whose_worker_died_is_marked_failed_with_a_message(killed_job):
    assert import_jobs_reap() == 1
    killed_job.refresh_from_db()
    assert killed_job.status == JobStatus.FAILED and killed_job.finished_at is not None
    assert "tiến trình chạy nền" in killed_job.errors[0]["message"] and "chạy lại" in killed_job.errors[0]["message"]
    entry = AuditEntry.objects.get(action="import_job.reap")
    assert entry.actor is None and entry.changes["status"] == ["writing", "failed"]


def test_a_job_whose_heartbeat_is_recent_is_left_running(killed_job):
    ImportJob.objects.filter(pk=killed_job.pk).update(heartbeat_at=timezone.now() - 4 * MINUTE)
    assert import_jobs_reap() == 0
    killed_job.refresh_from_db()
    assert killed_job.status == JobStatus.WRITING


def test_a_job_claimed_before_heartbeats_existed_is_judged_by_its_start(killed_job):
    ImportJob.objects.filter(pk=killed_job.pk).update(heartbeat_at=None)
    assert import_jobs_reap() == 1


def test_a_restarted_worker_marks_the_job_of_the_dead_one_failed(killed_job, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # the worker's handlers stay out of pytest
    # Between tasks the worker closes connections that are not in autocommit mode, as the
    # test's own transaction is not; a closed one would fail every later query.
    monkeypatch.setattr(library_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    killed_job.refresh_from_db()
    assert killed_job.status == JobStatus.FAILED


def test_its_owner_runs_the_failed_job_again_from_the_kept_file(killed_job, commune_officer, django_capture_on_commit_callbacks):
    import_jobs_reap()
    with django_capture_on_commit_callbacks(execute=True):
        import_job_retry(job=killed_job, actor=commune_officer)
    killed_job.refresh_from_db()
    assert killed_job.status == JobStatus.DONE and killed_job.created_count == 1 and killed_job.errors == []
    assert Member.objects.count() == 6
    assert AuditEntry.objects.filter(action="import_job.retry", actor=commune_officer).exists()


def test_no_one_else_may_run_it_again(killed_job, province_officer):
    import_jobs_reap()
    with pytest.raises(PermissionDenied):
        import_job_retry(job=killed_job, actor=province_officer)


def test_a_job_that_has_not_failed_cannot_be_run_again(killed_job, commune_officer):
    with pytest.raises(DomainError, match="đã dừng do lỗi"):
        import_job_retry(job=killed_job, actor=commune_officer)


def test_the_job_page_offers_its_owner_to_run_it_again(killed_job, client, commune_officer, django_capture_on_commit_callbacks):
    import_jobs_reap()
    client.force_login(commune_officer)
    page = client.get(reverse("imports:job", args=[killed_job.pk])).content.decode()
    assert reverse("imports:retry", args=[killed_job.pk]) in page and "Chạy lại lượt nhập" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:retry", args=[killed_job.pk]))
    assert response.status_code == 302
    killed_job.refresh_from_db()
    assert killed_job.status == JobStatus.DONE


def test_a_job_past_its_time_limit_is_stopped_with_a_clear_message(tree, today, commune_officer, monkeypatch, settings):
    settings.JOB_TIME_LIMIT_SECONDS = 600
    job = queued_job(commune_officer, [MEMBER_HEADER, member_row()])

    def time_is_up(self, done, total):
        # The alarm the time limit set goes off while the rows are checked.
        signal.raise_signal(signal.SIGALRM)

    monkeypatch.setattr(JobProgress, "checked", time_is_up)
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.errors[0]["message"].startswith("Lượt nhập chạy quá 10 phút nên đã bị dừng; chưa ghi dữ liệu nào.")
    assert Member.objects.count() == 5
