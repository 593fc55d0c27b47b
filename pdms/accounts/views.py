"""Account pages: administrators manage accounts; every user changes their own password
and sets up and passes the two-factor login."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login

from pdms.audit.history import history_for
from pdms.core.errors import DomainError
from pdms.core.views import add_domain_error, scope_of, submitted

from . import services, two_factor
from .forms import AccountCreateForm, BindingForm, PasswordResetForm, TokenForm
from .models import Role
from .scope import require_account_admin
from .selectors import accounts_for_admin, get_account_for_admin_or_404

ACTIONS = {
    "user.create": gettext_lazy("Account created"),
    "user.change": gettext_lazy("Role or organization changed"),
    "user.activate": gettext_lazy("Account reactivated"),
    "user.deactivate": gettext_lazy("Account deactivated"),
    "user.password_reset": gettext_lazy("Password reset by an administrator"),
    "user.password_change": gettext_lazy("Password changed by its owner"),
    "user.two_factor_enrol": gettext_lazy("Two-factor login set up"),
    "user.two_factor_reset": gettext_lazy("Two-factor login reset"),
    "user.two_factor_failed": gettext_lazy("Wrong two-factor code"),
    "user.recovery_code_used": gettext_lazy("Recovery code used"),
    "user.login": gettext_lazy("Logged in"),
    "user.logout": gettext_lazy("Logged out"),
    "user.login_failed": gettext_lazy("Failed login"),
}
FIELDS = {
    "username": gettext_lazy("Username"),
    "role": gettext_lazy("Role"),
    "organization": gettext_lazy("Organization"),
    "is_active": gettext_lazy("Active"),
    "temporary": gettext_lazy("Temporary password"),
    "address": gettext_lazy("Address"),
    "recovery_codes_left": gettext_lazy("Recovery codes left"),
}


@require_GET
def account_list(request):
    accounts = accounts_for_admin(scope_of(request))
    return render(request, "accounts/list.html", {"accounts": accounts})


def account_create(request):
    require_account_admin(request.user)
    form = AccountCreateForm(request.POST or None, scope=scope_of(request))
    created = {}

    def perform(data):
        created["user"] = services.user_create(
            username=data["username"], password=data["password"], role=data["role"], organization=data["organization"],
            full_name=data["full_name"], actor=request.user,
        )
        return _("The account %(name)s was created.") % {"name": created["user"].username}

    if submitted(request, form, perform):
        return redirect("accounts:detail", user_id=created["user"].pk)
    return render(request, "accounts/form.html", {"form": form, "title": _("New account"), "cancel_url": reverse("accounts:list")})


def account_detail(request, user_id):
    """The account, its binding (role and organization) as a form, and its history."""
    scope = scope_of(request)
    account = get_account_for_admin_or_404(scope, user_id)
    initial = {"role": account.role, "organization": account.organization.code if account.organization else ""}
    form = BindingForm(request.POST or None, scope=scope, initial=initial)

    def perform(data):
        services.user_change(user=account, role=data["role"], organization=data["organization"], actor=request.user)
        return _("The account %(name)s was changed.") % {"name": account.username}

    if submitted(request, form, perform):
        return redirect("accounts:detail", user_id=account.pk)
    history = history_for(
        scope, object_type="user", object_id=account.pk, actions=ACTIONS, field_label=lambda name: FIELDS.get(name, name),
        choices=dict(Role.choices),
    )
    return render(request, "accounts/detail.html", {
        "account": account, "form": form, "reset_form": PasswordResetForm(), "history": history,
        "enrolled": two_factor.is_enrolled(account),
    })


@require_POST
def account_set_active(request, user_id):
    account = get_account_for_admin_or_404(scope_of(request), user_id)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(user=account, active=active, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        done = _("The account %(name)s was reactivated.") if active else _("The account %(name)s was deactivated.")
        messages.success(request, done % {"name": account.username})
    return redirect("accounts:detail", user_id=account.pk)


@never_cache
@require_POST
def account_password_reset(request, user_id):
    """Set the typed password or a temporary one, shown on this page only."""
    account = get_account_for_admin_or_404(scope_of(request), user_id)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            password = services.user_password_reset(user=account, password=form.cleaned_data["password"], actor=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            shown = "" if form.cleaned_data["password"] else password
            return render(request, "accounts/password_reset_done.html", {"account": account, "password": shown})
    return render(request, "accounts/form.html", {
        "form": form, "title": _("Reset the password of %(name)s") % {"name": account.username},
        "cancel_url": reverse("accounts:detail", args=[account.pk]),
    })


@require_POST
def account_two_factor_reset(request, user_id):
    account = get_account_for_admin_or_404(scope_of(request), user_id)
    two_factor.two_factor_reset(user=account, actor=request.user)
    messages.success(request, _("The two-factor login of %(name)s was reset; it is set up again at the next login.") % {"name": account.username})
    return redirect("accounts:detail", user_id=account.pk)


def password_change(request):
    """A user changes their own password; their other sessions end, this one goes on."""
    form = PasswordChangeForm(request.user, request.POST or None)

    def perform(data):
        services.user_password_change(user=request.user, password=data["new_password1"], actor=request.user)
        update_session_auth_hash(request, request.user)
        return _("Your password was changed.")

    if submitted(request, form, perform):
        return redirect("home")
    return render(request, "accounts/form.html", {"form": form, "title": _("Change your password"), "cancel_url": reverse("home")})


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: redirect() would take any other word for the name of a view.
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("home")


@never_cache
def two_factor_setup(request):
    """Enrol an authenticator app: scan the code (or type the key), enter a code it shows;
    the recovery codes are then shown once."""
    user = request.user
    if two_factor.is_enrolled(user):
        messages.info(request, _("Two-factor login is already set up for your account."))
        return redirect(_next_url(request))
    device = two_factor.totp_device_pending(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.two_factor_enrol(user=user, token=form.cleaned_data["token"], actor=user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            device.refresh_from_db()
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "next": _next_url(request), "qr": segno.make(device.config_url, error="m").svg_inline(scale=5),
        "secret": base64.b32encode(device.bin_key).decode(), "config_url": device.config_url,
        "required": two_factor.two_factor_required(user),
    })


@never_cache
def two_factor_verify(request):
    """The second step of the login: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified() or not two_factor.is_enrolled(user):
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.two_factor_verify(user=user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Wait for the next code, or use a recovery code."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})
