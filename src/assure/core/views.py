"""Pages for when something goes wrong, in the service's own style and saying what to do.

Django's default handlers already render ``400.html``, ``403.html``, ``404.html`` and
``500.html``; what they cannot do is keep a stale form: ``csrf_failure`` does that, and the 405
page comes from ``core.middleware.MethodNotAllowedPageMiddleware``.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.shortcuts import render
from django.views import defaults

from . import limits

#: Reasons that mean "the token on the page was old or missing", not "this came from elsewhere":
#: only these may offer to send the form again (a cross-site post is refused outright).
_STALE_TOKEN_REASONS = (csrf.REASON_NO_CSRF_COOKIE, csrf.REASON_CSRF_TOKEN_MISSING)
_STALE_TOKEN_PREFIX = "CSRF token from"  # noqa: S105 (a message prefix, not a secret)
MAX_FIELDS = 100
LONG_TEXT = 80


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page; a post larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (issue 8.4: a 24 MB
    "narrative") gets a 413 page of its own that says what the limits are."""
    if isinstance(exception, RequestDataTooBig):
        return render(
            request,
            "413.html",
            {"limit_mb": limits.REQUEST_BYTES // (1024 * 1024), "narrative": limits.NARRATIVE},
            status=413,
        )
    return defaults.bad_request(request, exception)


def _stale_token(reason: str) -> bool:
    return reason in _STALE_TOKEN_REASONS or reason.startswith(_STALE_TOKEN_PREFIX)


def _submitted(request: HttpRequest) -> list[dict]:
    """What the person typed, field by field, to show back in a form that posts it again."""
    fields = []
    for name in list(request.POST)[:MAX_FIELDS]:
        if name == "csrfmiddlewaretoken":
            continue
        values = request.POST.getlist(name)
        value = values[0] if len(values) == 1 else ""
        fields.append(
            {
                "name": name,
                "id": f"resend-{len(fields)}",
                "label": name.replace("_", " ").capitalize(),
                "values": values,
                "value": value,
                "multiple": len(values) != 1,
                "long": len(value) > LONG_TEXT or "\n" in value,
            }
        )
    return fields


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an old or missing security token (the page was open a long time, or the
    person signed out and in again in another tab). For a signed-in person posting from our own
    pages, show what they typed in a form that posts to the same address with a fresh token, so
    nothing is lost: they check it and send it again. Nothing is written until they do."""
    resend = (
        request.method == "POST"
        and _stale_token(reason)
        and getattr(request, "user", None) is not None
        and request.user.is_authenticated
    )
    context = {
        "resend": resend,
        "fields": _submitted(request) if resend else [],
        "files": list(request.FILES) if resend else [],
        "action": request.get_full_path(),
    }
    return render(request, "csrf_failure.html", context, status=403)
