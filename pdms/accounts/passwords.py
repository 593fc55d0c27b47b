"""Password rules beyond Django's: the demo accounts' password is public, so it is refused
everywhere but in a database of demo data."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import DemoDatabase

DEMO_PASSWORD = "DangVien@2025"


def is_demo_database() -> bool:
    return DemoDatabase.objects.exists()


def demo_database_mark() -> None:
    """Mark the database as holding demo data (``seed_demo`` does, before the accounts)."""
    if not is_demo_database():
        DemoDatabase.objects.create()


class DemoPasswordValidator:
    def validate(self, password, user=None):
        if password.casefold() == DEMO_PASSWORD.casefold() and not is_demo_database():
            raise ValidationError(_("This is the public password of the demo accounts; choose another."), code="password_demo")

    def get_help_text(self):
        return _("Your password cannot be the demo accounts' password.")
