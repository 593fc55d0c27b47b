"""Audit of access rather than change: logins, logouts, failed logins and downloads of
files that hold personal data. Each is one entry, written at once."""

import getpass

from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model

from .models import AuditEntry
from .services import audit_record


def audit_download(*, actor, what: str, obj, organization, filename: str) -> AuditEntry:
    """Record that ``actor`` downloaded ``filename``, a file of kind ``what`` (e.g.
    "attachment", "report") made from ``obj``, which belongs to ``organization``."""
    return audit_record(
        actor=actor, action=f"{what}.download", obj=obj, object_type=what, organization=organization,
        changes={"file": [None, filename]},
    )


def _address(request) -> str | None:
    return get_client_ip_address(request) if request is not None else None


def _login_event(action: str, *, user, request) -> None:
    audit_record(
        actor=user, action=action, obj=user, object_type="user", organization=user.organization,
        changes={"address": [None, _address(request)]},
    )


def on_login(sender, request, user, **kwargs):
    _login_event("user.login", user=user, request=request)


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        _login_event("user.logout", user=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    """A failed login names the account tried; an unknown username is kept as typed, under
    no account (object id 0)."""
    username = str(credentials.get("username") or "")[:150]
    user = get_user_model().objects.filter(username=username).select_related("organization").first()
    AuditEntry.objects.create(
        actor=None, action="user.login_failed", object_type="user", object_id=user.pk if user else 0,
        object_repr=str(user) if user else username, organization=user.organization if user else None,
        changes={"username": [None, username], "address": [None, _address(request)]},
    )


def audit_command_report(*, report: str, plan, organization, output: str | None) -> AuditEntry:
    """Record a report run on the server's command line, with the operating-system user
    who ran it (there is no account)."""
    return audit_record(
        actor=None, action="report.command", obj=plan, object_type="plan", organization=organization,
        changes={"report": [None, report], "file": [None, output or ""], "operator": [None, getpass.getuser()]},
    )
