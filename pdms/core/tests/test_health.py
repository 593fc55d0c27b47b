"""/healthz answers 200 only when the database answers and the job queue moves."""

import datetime as dt
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db


def waiting_task(minutes: int) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="pdms.imports.tasks.run_import_job",
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - dt.timedelta(minutes=minutes))
    return task


def test_it_answers_ok_when_the_database_answers_and_nothing_waits(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


def test_it_answers_503_when_the_database_is_unreachable(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"database unavailable")


def test_it_answers_503_when_a_task_has_waited_too_long(client, settings):
    settings.QUEUE_MAX_WAIT_SECONDS = 5 * 60
    waiting_task(minutes=6)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.content.startswith(b"job queue stalled")


def test_a_task_that_has_just_been_queued_is_no_alarm(client, settings):
    settings.QUEUE_MAX_WAIT_SECONDS = 5 * 60
    waiting_task(minutes=4)
    assert client.get("/healthz").status_code == 200
