"""Password rules: at least 10 characters, not a common password, not like the username,
and not the public demo password outside a demo database."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from pdms.accounts.passwords import DEMO_PASSWORD, demo_database_mark
from pdms.accounts.services import user_create
from pdms.core.errors import DomainError


def messages_for(password: str) -> list[str]:
    try:
        with translation.override("vi"):
            validate_password(password)
    except ValidationError as exc:
        return exc.messages
    return []


def test_a_password_shorter_than_ten_characters_is_refused_in_vietnamese(db):
    (message,) = messages_for("Ab#4567xy")
    assert "10 ký tự" in message


def test_a_common_password_is_refused(db):
    assert messages_for("password123")


def test_the_demo_password_is_refused_outside_a_demo_database_in_any_case(db):
    for password in (DEMO_PASSWORD, DEMO_PASSWORD.upper()):
        (message,) = messages_for(password)
        assert "tài khoản mẫu" in message


def test_the_demo_password_is_accepted_in_a_demo_database(db):
    demo_database_mark()
    assert messages_for(DEMO_PASSWORD) == []


@pytest.mark.parametrize("password", ["Mat-khau-2026!", "mot cau dai de nho 2026"])
def test_a_long_uncommon_password_is_accepted(db, password):
    assert messages_for(password) == []


def test_a_new_account_may_not_have_a_password_like_its_username(admin_user):
    with pytest.raises(DomainError):
        user_create(username="nguyenvanbinh2026", password="nguyenvanbinh2026!", role="admin", organization=None, actor=admin_user)
