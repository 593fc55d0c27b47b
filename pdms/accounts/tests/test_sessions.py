"""Sessions end after SESSION_IDLE_MINUTES (30) without a request; each request starts
the count again."""

import datetime as dt

from django.urls import reverse

from pdms.core.testing import PASSWORD


def log_in(client, user):
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302


def test_a_session_idle_for_more_than_thirty_minutes_ends(client, time_machine, commune_officer):
    log_in(client, commune_officer)
    time_machine.shift(dt.timedelta(minutes=31))
    response = client.get(reverse("members:search"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_session_in_use_goes_on_past_thirty_minutes(client, time_machine, commune_officer):
    log_in(client, commune_officer)
    for _ in range(3):
        time_machine.shift(dt.timedelta(minutes=20))
        assert client.get(reverse("members:search")).status_code == 200

