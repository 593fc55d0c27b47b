"""Responses that hold personal data stay out of caches."""

from django.utils.cache import add_never_cache_headers


class NoStoreForUsersMiddleware:
    """Every response to a logged-in user — pages, fragments and files alike — is marked
    ``Cache-Control: no-store``, so that neither a shared proxy nor the browser's cache
    (the back button on a shared computer) keeps a copy of a member's data. Static files
    never reach this middleware: WhiteNoise answers them first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
