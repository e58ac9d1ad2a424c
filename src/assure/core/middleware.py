from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from . import page_cache, request_context
from .client_ip import client_ip


class RequestContextMiddleware:
    """Gives every request an id (echoed in a response header, so a person reporting a problem can
    quote it) and makes id and client address available to the audit trail.

    The id is always made here: one sent by the client (``X-Request-Id``) is ignored, or anyone
    could write any id they liked into the audit trail, or reuse a real one to muddle it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_context.new_request_id()
        token = request_context.bind(
            request_context.RequestContext(request_id=request_id, ip_address=client_ip(request))
        )
        version_token = page_cache.start_request(request.method)
        try:
            response = self.get_response(request)
        finally:
            page_cache.end_request(version_token)
            request_context.reset(token)
        response["X-Request-Id"] = request_id
        return response


class ResponseHeadersMiddleware:
    """Headers every page and download gets (static files are answered before this, by
    whitenoise, with their own long cache lifetimes).

    - ``Cache-Control: no-store``: what a signed-in person sees (a plan, an export, a piece of
      evidence) must not stay in a shared computer's browser cache or a proxy's. A view that sets
      its own Cache-Control keeps it.
    - ``Permissions-Policy``: the service needs no camera, microphone, location and so on, so no
      page (or anything injected into one) may ask for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        response.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class MethodNotAllowedPageMiddleware:
    """Django answers a wrong method (``require_POST``, ``require_http_methods``) with a bare
    ``HttpResponseNotAllowed``. Swap it, in one place for every view, for the service's 405 page
    with the same status and ``Allow`` header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = response["Allow"]
        page = render(request, "405.html", {"allowed": allowed}, status=405)
        page["Allow"] = allowed
        return page
