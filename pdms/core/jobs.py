"""Running background jobs: a time limit that stops a job, a heartbeat that shows it is
alive, and the signal on which each app marks failed the jobs whose worker died."""

import contextlib
import datetime as dt
import logging
import signal
import threading
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# Sent by the worker when it starts and then every minute; each app with jobs connects a
# receiver that marks failed its jobs whose heartbeat is stale.
reap_stale_jobs = Signal()


class JobTimeLimitExceeded(Exception):
    """A job ran past ``settings.JOB_TIME_LIMIT_SECONDS``."""


class WorkerLost(Exception):
    """The worker running a task stopped before the task finished."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise JobTimeLimitExceeded in the block once ``seconds`` have passed. The alarm is
    delivered to the main thread only, where the worker runs its jobs; in another thread
    the block runs without a limit."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise JobTimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def heartbeat(beat: Callable[[], None], *, every: float) -> Iterator[None]:
    """Call ``beat`` every ``every`` seconds while the block runs. It runs in a thread of
    its own, with its own database connection, so a job shows alive even inside a long
    transaction; a beat that fails (a locked SQLite file) is skipped."""
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(every):
                try:
                    beat()
                except DatabaseError:
                    logger.warning("A job heartbeat could not be written", exc_info=True)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="job-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def lost(running: Q) -> Q:
    """Those of the ``running`` jobs whose worker died: no heartbeat for
    ``settings.JOB_STALE_SECONDS`` (or, claimed before jobs had one, started that long ago)."""
    since = timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS)
    return running & (Q(heartbeat_at__lt=since) | Q(heartbeat_at__isnull=True, started_at__lt=since))


def lost_jobs_fail(jobs, running: Q, *, failed: dict, on_failed: Callable) -> int:
    """Mark failed, with the ``failed`` field values, those of the ``running`` jobs whose
    worker died, each in its own transaction with ``on_failed(job)`` (its audit entry).
    The update is conditional, in case a job came back to life or another worker reaped
    it. Returns how many."""
    dead = lost(running)
    reaped = 0
    for job in jobs.filter(dead):
        with transaction.atomic():
            if not jobs.model.objects.filter(dead, pk=job.pk).update(**failed, finished_at=timezone.now()):
                continue
            on_failed(job)
        reaped += 1
    return reaped


def lost_tasks_fail() -> int:
    """Mark failed the queue's tasks still "running" after no task could still run (the
    time limit, then the heartbeat's grace): their worker died. Returns how many."""
    limit = dt.timedelta(seconds=settings.JOB_TIME_LIMIT_SECONDS + settings.JOB_STALE_SECONDS)
    return DBTaskResult.objects.running().filter(started_at__lt=timezone.now() - limit).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback="The worker running this task stopped before it finished.",
    )
