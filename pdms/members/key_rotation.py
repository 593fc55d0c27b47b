"""Changing the personal-data key: every stored citizen ID is decrypted with the current
key and encrypted again with the new one, its keyed hash (used for uniqueness and look-up)
recomputed, and the key canary replaced, in one transaction."""

from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.audit.keys import CANARY_NAME, canary_token, personal_data_key_matches
from pdms.audit.models import KeyCanary
from pdms.audit.services import audit_record
from pdms.core import citizen_id as cid
from pdms.core.errors import DomainError, PermissionDenied

from .models import Person

BATCH = 1000
MIN_KEY_LENGTH = 32


@dataclass(frozen=True)
class Rotation:
    people: int
    dry_run: bool


def _validate_new_key(new_key: str) -> str:
    new_key = (new_key or "").strip()
    if len(new_key) < MIN_KEY_LENGTH:
        raise DomainError(_("The new personal-data key must have at least %(n)s characters.") % {"n": MIN_KEY_LENGTH})
    if new_key == settings.PERSONAL_DATA_KEY:
        raise DomainError(_("The new personal-data key is the key in use."))
    if new_key == settings.SECRET_KEY:
        raise DomainError(_("The new personal-data key must differ from SECRET_KEY."))
    return new_key


def personal_data_key_rotate(*, new_key: str, scope: Scope, dry_run: bool = False) -> Rotation:
    """Re-encrypt every citizen ID from PERSONAL_DATA_KEY to ``new_key``. With ``dry_run``
    every ID is still decrypted (so a rotation that would fail fails now) but nothing is
    written. The processes must then restart with PERSONAL_DATA_KEY set to ``new_key``."""
    if not scope.is_admin:
        raise PermissionDenied(_("Only an administrator may change the personal-data key."))
    new_key = _validate_new_key(new_key)
    if personal_data_key_matches() is False:
        raise DomainError(_("PERSONAL_DATA_KEY does not match the data in this database; nothing was changed."))
    with transaction.atomic():
        people = Person.objects.exclude(citizen_id_encrypted="").select_for_update().order_by("pk")
        count, last_pk = 0, 0
        while batch := list(people.filter(pk__gt=last_pk).only("pk", "citizen_id_encrypted")[:BATCH]):
            for person in batch:
                try:
                    number = cid.decrypt(person.citizen_id_encrypted)
                except InvalidToken:
                    raise DomainError(
                        _("The citizen ID of person no. %(pk)s cannot be decrypted with the current key; nothing was changed.")
                        % {"pk": person.pk}
                    ) from None
                person.citizen_id_encrypted = cid.encrypt(number, key=new_key)
                person.citizen_id_hash = cid.blind_index(number, key=new_key)
            if not dry_run:
                Person.objects.bulk_update(batch, ["citizen_id_encrypted", "citizen_id_hash"])
            count += len(batch)
            last_pk = batch[-1].pk
        if not dry_run:
            canary, _created = KeyCanary.objects.update_or_create(
                name=CANARY_NAME, defaults={"token": canary_token(key=new_key)}
            )
            audit_record(
                actor=scope.user,
                action="personal_data_key.rotate",
                obj=canary,
                object_type="key",
                changes={"citizen_ids": [None, count]},
            )
    return Rotation(people=count, dry_run=dry_run)
