"""Every page needs a logged-in user, except the login page and static files; a user who
must give a second factor reaches only the two-factor pages until they have."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import is_enrolled, two_factor_required


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        open_paths = (reverse("login"), "/" + settings.STATIC_URL.lstrip("/"), "/healthz")
        if not request.user.is_authenticated and not path.startswith(open_paths):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class TwoFactorMiddleware:
    """After the password, an enrolled user is asked for a code; a user who must use two
    factors and has not enrolled is sent to enrol. Runs after django-otp's middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            open_paths = (
                reverse("accounts:two_factor_verify"), reverse("accounts:two_factor_setup"), reverse("logout"),
                "/" + settings.STATIC_URL.lstrip("/"),
            )
            if not request.path_info.startswith(open_paths):
                if is_enrolled(user):
                    return _to("accounts:two_factor_verify", request)
                if two_factor_required(user):
                    return _to("accounts:two_factor_setup", request)
        return self.get_response(request)


def _to(name: str, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
