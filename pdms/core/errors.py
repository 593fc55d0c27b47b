"""The one exception type the domain raises; the edges turn it into form errors,
HTTP 4xx responses or a non-zero exit code."""

from django.core.exceptions import PermissionDenied as HttpForbidden


class DomainError(Exception):
    """A rule was not met. ``message`` is shown to the user as is (already translated);
    ``field`` names the input at fault, when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class PermissionDenied(DomainError, HttpForbidden):
    """The actor may not do this in this scope. Raised out of a view, it is Django's
    PermissionDenied too, so the page answers 403 with its message."""
