"""The personal-data key check.

A known text is stored encrypted with PERSONAL_DATA_KEY when the database is migrated; the
key rotation re-encrypts it with the citizen IDs. A process started with another key
(a database restored on a machine with another key, a mistyped variable) refuses to run,
instead of failing on the first citizen ID it reveals or, worse, writing rows whose keyed
hashes no longer find their duplicates. The check runs with every management command that
runs system checks (``runserver``, ``db_worker``, ``migrate``) and when ``config.wsgi`` is
loaded (gunicorn).
"""

from cryptography.fernet import InvalidToken
from django.apps import apps as global_apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, connections

from pdms.core import citizen_id as cid

from .models import KeyCanary

CANARY_NAME = "personal_data_key"
CANARY_TEXT = "pdms personal data key canary"

MISMATCH = (
    "PERSONAL_DATA_KEY does not match the data in this database: the citizen IDs were encrypted with "
    "another key. Start with the key the data was encrypted with (it is not in backups), or restore a "
    "database made with this key. To change keys, use `manage.py rotate_personal_data_key`."
)


def canary_token(*, key: str | None = None) -> str:
    return cid.encrypt(CANARY_TEXT, key=key)


def key_decrypts(token: str, *, key: str | None = None) -> bool:
    try:
        cid.decrypt(token, key=key)
    except InvalidToken:
        return False
    return True


def store_canary_if_missing(*, using: str = "default", apps=global_apps, **kwargs) -> None:
    """After ``migrate`` (and ``flush``): store the canary with this process's key unless
    one is stored. A database that already holds citizen IDs gets it only when that key
    decrypts them, so an upgrade or a restore with the wrong key stops here rather than
    blessing the wrong key."""
    tables = connections[using].introspection.table_names()
    canaries = apps.get_model("audit", "KeyCanary")
    if canaries._meta.db_table not in tables or canaries.objects.using(using).filter(name=CANARY_NAME).exists():
        return
    # Looked up by name: members sits above audit, and may not be migrated yet.
    try:
        people = apps.get_model("members", "Person")
    except LookupError:
        people = None
    if people is not None and people._meta.db_table in tables:
        sample = people.objects.using(using).exclude(citizen_id_encrypted="").values_list("citizen_id_encrypted", flat=True)
        token = sample.first()
        if token and not key_decrypts(token):
            raise ImproperlyConfigured(MISMATCH)
    canaries.objects.using(using).create(name=CANARY_NAME, token=canary_token())


def personal_data_key_matches() -> bool | None:
    """Whether the configured key decrypts the stored canary; None when there is nothing to
    compare with (no database yet, or not migrated)."""
    try:
        if KeyCanary._meta.db_table not in connection.introspection.table_names():
            return None
        canary = KeyCanary.objects.filter(name=CANARY_NAME).first()
    except DatabaseError:
        return None
    return None if canary is None else key_decrypts(canary.token)


def verify_personal_data_key() -> None:
    if personal_data_key_matches() is False:
        raise ImproperlyConfigured(MISMATCH)


@checks.register()
def check_personal_data_key(app_configs=None, **kwargs):
    if personal_data_key_matches() is False:
        return [checks.Critical(MISMATCH, id="pdms.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_personal_data_key_is_set(app_configs=None, **kwargs):
    # Outside DEBUG the settings refuse to start without the key; under DEBUG it may be the
    # public development key (like SECRET_KEY, which Django's own security.W009 reports).
    if settings.PERSONAL_DATA_KEY.startswith("django-insecure-"):
        return [
            checks.Warning(
                "PERSONAL_DATA_KEY is not set: citizen IDs are encrypted with the public development key.",
                hint="Set PERSONAL_DATA_KEY to a long random value before storing real data.",
                id="pdms.W001",
            )
        ]
    if settings.PERSONAL_DATA_KEY == settings.SECRET_KEY:
        return [
            checks.Warning(
                "PERSONAL_DATA_KEY is the same as SECRET_KEY.",
                hint="Give personal data its own key, kept apart from the application's secrets and from backups.",
                id="pdms.W002",
            )
        ]
    return []
