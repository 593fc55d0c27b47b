"""A request larger than the upload limit is refused before its body is read."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_request_declaring_a_body_over_the_limit_is_refused_unread(client, settings):
    settings.MAX_UPLOAD_MB = 1
    response = client.post(
        reverse("login"), data=b"x" * 10, content_type="application/octet-stream", CONTENT_LENGTH=str(3 * 1024 * 1024)
    )
    assert response.status_code == 413 and "1 MB" in response.content.decode()


def test_a_request_within_the_limit_goes_through(client, settings):
    settings.MAX_UPLOAD_MB = 1
    response = client.post(reverse("login"), {"username": "nobody", "password": "x" * 1000})
    assert response.status_code == 200
