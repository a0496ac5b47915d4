"""Headers on every response: a strict Content-Security-Policy, and no caching of private pages."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Pages anyone may read without signing in, which browsers and proxies may keep.
PUBLIC_PREFIX = "/public/"


def content_security_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return middleware


def no_store(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Tell browsers and proxies to keep no copy of any page or file but public ones.

    A signed-in page or evidence file left in a shared computer's cache, or a proxy's, could be
    read by the next person. Only public pages fetched without signing in may be kept.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not request.path.startswith(PUBLIC_PREFIX) or _signed_in(request):
            patch_cache_control(response, no_store=True)
        return response

    return middleware


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
