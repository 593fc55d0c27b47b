"""Two-factor login: a TOTP device (an authenticator app) and ten single-use recovery
codes. Administrators and staff must use it when ``OTP_REQUIRED`` is on; anyone who has
enrolled is asked for a code at every login."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pdms.audit.services import audit_record
from pdms.core.errors import DomainError

from .models import Role, User
from .scope import require_account_admin

RECOVERY_CODES = 10


def two_factor_required(user: User) -> bool:
    return settings.OTP_REQUIRED and user.role in (Role.ADMIN, Role.STAFF)


def is_enrolled(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The device being enrolled: its secret is shown until a code from it is entered."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def two_factor_enrol(*, user: User, token: str, actor) -> list[str]:
    """Confirm the pending device with a code it generated; return the new recovery codes
    (shown once)."""
    if actor is None or actor.pk != user.pk:
        raise DomainError(_("Only the account's owner may set up its two-factor login."))
    if is_enrolled(user):
        raise DomainError(_("Two-factor login is already set up for this account."))
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        raise DomainError(_("The code is wrong or has expired; enter the code the app shows now."), field="token")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    audit_record(actor=actor, action="user.two_factor_enrol", obj=user, object_type="user", organization=user.organization)
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_verify(*, user: User, token: str):
    """The confirmed device that accepts ``token`` (a recovery code is used up), or None.
    Failures are throttled per device and audited."""
    token = token.strip().replace(" ", "").lower()
    device = next((d for d in devices_for_user(user, for_verify=True) if d.verify_token(token)), None)
    if device is None:
        audit_record(actor=user, action="user.two_factor_failed", obj=user, object_type="user", organization=user.organization)
    elif isinstance(device, StaticDevice):
        audit_record(
            actor=user, action="user.recovery_code_used", obj=user, object_type="user", organization=user.organization,
            changes={"recovery_codes_left": [None, device.token_set.count()]},
        )
    return device


@transaction.atomic
def two_factor_reset(*, user: User, actor, reason: str = "") -> None:
    """Remove an account's devices and codes (a lost phone): it enrols again at its next
    login."""
    require_account_admin(actor)
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    audit_record(actor=actor, action="user.two_factor_reset", obj=user, object_type="user", organization=user.organization, reason=reason)
