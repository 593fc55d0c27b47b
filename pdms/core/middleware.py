"""Requests too large to accept are refused before their body is read."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

# Room for the upload form's other fields and the multipart boundaries.
FORM_ROOM_BYTES = 1024 * 1024


class RequestSizeLimitMiddleware:
    """Answer 413 to a request that declares a body larger than MAX_UPLOAD_MB (plus room
    for the form's other fields), without reading any of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_UPLOAD_MB * 1024 * 1024 + FORM_ROOM_BYTES:
            message = _("The file is larger than %(size)s MB.") % {"size": settings.MAX_UPLOAD_MB}
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
