"""The project's URLs plus views that fail, for the tests of the error pages."""

from django.core.exceptions import PermissionDenied as HttpForbidden
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def crash(request):
    raise RuntimeError("a bug")


def forbid(request):
    raise HttpForbidden


urlpatterns = [*project_urlpatterns, path("crash/", crash), path("forbid/", forbid)]
