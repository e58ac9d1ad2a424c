"""The idle time-out: a session not used for ``ASSURE_SESSION_IDLE_MINUTES`` ends, and the person
is asked to sign in again with a message saying why."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase

from . import services

SESSION_KEY = "assure_last_seen"
# The last-seen time is written back at most this often, so a busy page does not write the
# session on every request; the time-out is exact to within this many seconds.
RESOLUTION_SECONDS = 60


def timed_out_message(minutes: int) -> str:
    return (
        f"You were signed out because Assure had not been used for {minutes} minutes. "
        "Sign in again to carry on."
    )


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            minutes = settings.ASSURE_SESSION_IDLE_MINUTES
            now = int(time.time())
            last_seen = request.session.get(SESSION_KEY)
            if isinstance(last_seen, int) and now - last_seen > minutes * 60:
                services.session_time_out(actor=user, request=request, idle_minutes=minutes)
                messages.info(request, timed_out_message(minutes))
                # Back to the page after signing in; a form's post cannot be replayed, so a post
                # goes back to the home page.
                back = request.get_full_path() if request.method in ("GET", "HEAD") else "/"
                return redirect_to_login(back)
            if not isinstance(last_seen, int) or now - last_seen >= RESOLUTION_SECONDS:
                request.session[SESSION_KEY] = now
        return self.get_response(request)
