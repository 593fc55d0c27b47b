"""Every page needs a logged-in user, except the login page and static files."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        open_paths = (reverse("login"), "/" + settings.STATIC_URL.lstrip("/"), "/healthz")
        if not request.user.is_authenticated and not path.startswith(open_paths):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
