"""Responses to a signed-in user hold personal data (names, addresses, ID numbers, exports):
no browser or proxy may keep a copy (``Cache-Control: no-store``)."""

from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # max-age=0, no-cache, no-store, must-revalidate, private (and an Expires in the past)
            add_never_cache_headers(response)
        return response
