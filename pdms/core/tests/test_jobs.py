"""What every background job runs under: a time limit, a heartbeat, and the worker that
outlives a database outage and cleans up after dead workers."""

import datetime as dt
import signal
import threading

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker as library_worker
from django_tasks_db.models import DBTaskResult, get_date_max

from pdms.core.jobs import JobTimeLimitExceeded, heartbeat, lost_tasks_fail, reap_stale_jobs, time_limit
from pdms.core.management.commands import db_worker


def test_the_time_limit_interrupts_a_block_that_runs_too_long():
    with pytest.raises(JobTimeLimitExceeded):
        with time_limit(0.01):
            while True:
                pass


def test_the_time_limit_is_lifted_after_the_block():
    previous = signal.getsignal(signal.SIGALRM)
    with time_limit(60):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) is previous


def test_a_heartbeat_beats_until_the_block_ends():
    beats = []
    enough = threading.Event()

    def beat():
        beats.append(1)
        if len(beats) == 3:
            enough.set()

    with heartbeat(beat, every=0.001):
        enough.wait()
    count = len(beats)
    assert count >= 3
    assert len(beats) == count


@pytest.fixture
def worker_runs(monkeypatch, settings):
    """The library worker's runs, each failing or not as listed; the pauses between them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    outcomes, pauses, reaps = [], [], []

    def run(self, *args, **options):
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    monkeypatch.setattr(library_worker.Command, "handle", run)
    monkeypatch.setattr(db_worker.time, "sleep", pauses.append)
    monkeypatch.setattr(db_worker, "lost_tasks_fail", lambda: reaps.append(1))
    # Closing the connection would end the test's own transaction (on PostgreSQL every
    # later query then fails as well); what is tested here is the pause between starts.
    monkeypatch.setattr(db_worker.Command, "_drop_connections", staticmethod(lambda: None))
    return outcomes, pauses, reaps


@pytest.mark.django_db
def test_the_worker_starts_again_after_a_database_outage_with_longer_pauses(worker_runs):
    outcomes, pauses, reaps = worker_runs
    outcomes += [OperationalError("server closed the connection"), OperationalError("connection refused"), None]
    call_command("db_worker", verbosity=0)
    assert pauses == [1, 2] and len(reaps) == 3 and outcomes == []


@pytest.mark.django_db
def test_the_pause_never_exceeds_a_minute(worker_runs):
    outcomes, pauses, reaps = worker_runs
    outcomes += [OperationalError("down")] * 9 + [None]
    call_command("db_worker", verbosity=0)
    assert pauses == [1, 2, 4, 8, 16, 32, 60, 60, 60]


@pytest.mark.django_db
def test_other_errors_still_stop_the_worker(worker_runs):
    outcomes, pauses, reaps = worker_runs
    outcomes.append(ValueError("a bug"))
    with pytest.raises(ValueError):
        call_command("db_worker", verbosity=0)
    assert pauses == []


@pytest.mark.django_db
def test_each_start_asks_the_apps_to_reap_their_stale_jobs(worker_runs):
    outcomes, pauses, reaps = worker_runs
    outcomes += [OperationalError("down"), None]
    asked = []

    def receiver(**kwargs):
        asked.append(1)

    reap_stale_jobs.connect(receiver)
    try:
        call_command("db_worker", verbosity=0)
    finally:
        reap_stale_jobs.disconnect(receiver)
    assert len(asked) == 2


@pytest.mark.django_db
def test_a_task_still_running_after_any_task_could_is_marked_failed(settings):
    settings.JOB_TIME_LIMIT_SECONDS, settings.JOB_STALE_SECONDS = 15 * 60, 5 * 60

    def running(minutes):
        task = DBTaskResult.objects.create(
            args_kwargs={"args": [1], "kwargs": {}}, task_path="pdms.imports.tasks.run_import_job",
            backend_name="default", queue_name="default", run_after=get_date_max(), status=TaskResultStatus.RUNNING,
        )
        DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - dt.timedelta(minutes=minutes))
        return task

    lost, alive = running(21), running(19)
    assert lost_tasks_fail() == 1
    lost.refresh_from_db()
    alive.refresh_from_db()
    assert lost.status == TaskResultStatus.FAILED and lost.exception_class_path == "pdms.core.jobs.WorkerLost"
    assert alive.status == TaskResultStatus.RUNNING
