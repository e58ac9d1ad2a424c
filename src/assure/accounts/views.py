from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms.forms import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import permissions, selectors, services, throttling
from .forms import SignInForm

LOCKOUT_MINUTES = int(settings.AXES_COOLOFF_TIME * 60)


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and (wait := throttling.sign_in_refused(request)):
        return too_many_attempts(request, wait, next_url)
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.session_sign_in(actor=form.get_user(), request=request)
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = settings.LOGIN_REDIRECT_URL
        return redirect(next_url)
    if request.method == "POST":
        _record_failure(request, form)
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})


def _record_failure(request, form) -> None:
    """A password was checked (or axes refused to check it): that goes into the audit trail."""
    email = form.cleaned_data.get("username") or ""
    if not email:
        return  # the form stopped before any password was checked
    attempt = services.SignInAttempt(email)
    lockout = throttling.lockout_state(request)
    if lockout != "refused" and form.has_error(NON_FIELD_ERRORS):
        services.sign_in_failed(actor=attempt)
    if lockout:
        services.sign_in_locked_out(actor=attempt, started=lockout == "started")


def too_many_attempts(request, wait_seconds: int, next_url: str):
    response = render(
        request,
        "accounts/sign_in.html",
        {"form": SignInForm(request), "next": next_url, "too_many": True, "wait": wait_seconds},
        status=429,
    )
    response["Retry-After"] = str(wait_seconds)
    return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this once an account has had too many wrong passwords."""
    form = SignInForm(request)
    return render(
        request,
        "accounts/sign_in.html",
        {
            "form": form,
            "locked_out": True,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "lockout_minutes": LOCKOUT_MINUTES,
        },
        status=429,
    )


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        services.session_sign_out(actor=request.user, request=request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
@require_safe
def locked_accounts(request):
    if not permissions.is_any_coordinator(request.user):
        raise Http404
    return render(
        request,
        "accounts/locked_accounts.html",
        {"accounts": selectors.locked_accounts_for(request.user)},
    )


@login_required
@require_POST
def account_unlock(request, pk):
    person = selectors.person_to_unlock(request.user, pk)
    try:
        services.account_unlock(actor=request.user, person=person)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, f"{person.display_name} can sign in again.")
    return redirect("accounts:locked_accounts")
