"""The one exception type the domain raises; the edges turn it into form errors,
HTTP 4xx responses or a non-zero exit code."""


class DomainError(Exception):
    """A rule was not met. ``message`` is shown to the user as is (already translated);
    ``field`` names the input at fault, when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class PermissionDenied(DomainError):
    """The actor may not do this in this scope."""
