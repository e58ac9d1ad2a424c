"""Until a signed-in person has given their second factor, they can reach only the pages that
let them give it (or set one up), and signing out.

After the password step the person has a session but the session is not yet *verified*
(django-otp's ``OTPMiddleware``, which runs before this). A person with an authenticator app is
sent to the code page; a person who must use two-factor sign-in and has none is sent to set one
up, before anything else. Everything else — pages, downloads, posts — answers with that redirect.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import permissions, selectors

#: Set in a session found to owe nothing (no device, no duty to enrol), so that a password-only
#: person's pages cost no extra query. Signing in again starts a new session without it.
PASSWORD_ONLY_SESSION_KEY = "twofactor_password_only"  # noqa: S105 (a session key, not a secret)

#: Pages a person part-way through signing in may reach.
OPEN_TO_UNVERIFIED = {
    "twofactor:verify": "verify",
    "twofactor:enrol": "enrol",
    "twofactor:enrol_start": "enrol",
    "accounts:sign_out": "any",
}


def pending_step(user) -> str | None:
    """``"verify"`` if the person owes a code, ``"enrol"`` if they must set up a second factor
    first, else None."""
    if not getattr(user, "is_authenticated", False) or user.is_verified():
        return None
    if selectors.has_second_factor(user):
        return "verify"
    if permissions.must_use_two_factor(user):
        return "enrol"
    return None


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        if not request.user.is_authenticated or request.session.get(PASSWORD_ONLY_SESSION_KEY):
            return None
        step = pending_step(request.user)
        if step is None:
            if not request.user.is_verified():
                request.session[PASSWORD_ONLY_SESSION_KEY] = True
            return None
        match = request.resolver_match
        open_for = OPEN_TO_UNVERIFIED.get(match.view_name if match else "")
        if open_for in ("any", step):
            return None
        target = reverse("twofactor:verify" if step == "verify" else "twofactor:enrol")
        if (
            request.method in ("GET", "HEAD")
            and match
            and not match.view_name.startswith("accounts:sign_in")
        ):
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
