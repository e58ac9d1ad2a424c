from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.forms import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assure.core import registry
from assure.core.forms import GET_POST, form_post

from . import permissions, presenters, selectors, services, throttling, tokens
from .forms import (
    InviteForm,
    PasswordChangeForm,
    PasswordResetForm,
    RoleForm,
    SetPasswordForm,
    SignInForm,
)
from .models import User

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
        {
            "accounts": selectors.locked_accounts_for(request.user),
            "links": [
                link
                for hook in registry.hook("locked_accounts_links")
                for link in hook(request.user)
            ],
        },
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


# People in a force ----------------------------------------------------------------------------


def _not_found_if_refused(call):
    try:
        return call()
    except PermissionDenied as error:
        raise Http404 from error


def _decide_and_return(request, pk, call, success: str):
    """A one-button decision about a person: 404 if refused outright, the service's reason as an
    error if it will not, the success message otherwise; back to the person's page either way."""
    try:
        _not_found_if_refused(call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("accounts:person", pk=pk)


def _role_form(request, data=None, **kwargs):
    forces = selectors.managed_forces(request.user)
    return kwargs.pop("form_class", RoleForm)(
        data, forces=forces, units=selectors.managed_units(request.user), **kwargs
    )


@login_required
@require_safe
def people(request):
    page = Paginator(selectors.people_for_page(request.user), selectors.PEOPLE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "accounts/people.html", {"page": page, "rows": presenters.people_rows(page)}
    )


@login_required
@GET_POST
def person_invite(request):
    selectors.people_for_page(request.user)  # 404 unless the user manages a force
    form = _role_form(request, request.POST or None, form_class=InviteForm)
    posted = form_post(
        request,
        form,
        lambda data: _not_found_if_refused(
            lambda: services.user_invite(
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                organisation=data["organisation"],
                role=data["role"],
                unit=data["unit"],
            )
        ),
    )
    if posted.ok and posted.result is not None:
        person = posted.result
        messages.success(
            request,
            f"Invitation sent to {person.email}. The link in it works once, for "
            f"{settings.ASSURE_INVITATION_DAYS} days.",
        )
        return redirect("accounts:person", pk=person.pk)
    return render(
        request,
        "accounts/person_invite.html",
        {"form": form, "invitation_days": settings.ASSURE_INVITATION_DAYS},
    )


@login_required
@require_safe
def person(request, pk):
    shown = selectors.person_for_page(request.user, pk)
    return render(
        request,
        "accounts/person.html",
        {
            "shown": shown,
            "rows": presenters.person_rows(shown),
            "may_switch": permissions.can_switch_account(request.user, shown.person, shown.managed)
            and shown.roles_elsewhere == 0,
            "invited": not shown.person.has_usable_password(),
        },
    )


@login_required
@GET_POST
def person_switch_off(request, pk):
    """Switching an account off asks first and says what it does."""
    shown = selectors.person_for_page(request.user, pk)
    if request.method == "POST":
        return _decide_and_return(
            request,
            pk,
            lambda: services.user_deactivate(actor=request.user, person=shown.person),
            f"{shown.person.display_name}’s account is switched off.",
        )
    return render(request, "accounts/person_switch_off.html", {"shown": shown})


@login_required
@require_POST
def person_switch_on(request, pk):
    person = selectors.person_to_manage(request.user, pk)
    return _decide_and_return(
        request,
        pk,
        lambda: services.user_reactivate(actor=request.user, person=person),
        f"{person.display_name}’s account is switched on again.",
    )


@login_required
@require_POST
def invitation_resend(request, pk):
    person = selectors.person_to_manage(request.user, pk)
    return _decide_and_return(
        request,
        pk,
        lambda: services.invitation_resend(actor=request.user, person=person),
        f"A new invitation is on its way to {person.email}.",
    )


@login_required
@GET_POST
def membership_add(request, pk):
    shown = selectors.person_for_page(request.user, pk)
    form = _role_form(request, request.POST or None)
    posted = form_post(
        request,
        form,
        lambda data: _not_found_if_refused(
            lambda: services.membership_grant(
                actor=request.user,
                user=shown.person,
                organisation=data["organisation"],
                role=data["role"],
                unit=data["unit"],
            )
        ),
    )
    if posted.ok:
        messages.success(request, f"{shown.person.display_name} has the new role.")
        return redirect("accounts:person", pk=pk)
    return render(
        request, "accounts/membership_form.html", {"form": form, "shown": shown, "adding": True}
    )


@login_required
@GET_POST
def membership_change(request, pk):
    membership = selectors.membership_to_manage(request.user, pk)
    initial = {
        "organisation": membership.organisation_id,
        "role": membership.role,
        "unit": membership.unit_id,
    }
    form = _role_form(request, request.POST or None, initial=initial)
    posted = form_post(
        request,
        form,
        lambda data: _not_found_if_refused(
            lambda: services.membership_change(
                actor=request.user, membership=membership, role=data["role"], unit=data["unit"]
            )
        ),
    )
    if posted.ok:
        messages.success(request, f"{membership.user.display_name}’s role is changed.")
        return redirect("accounts:person", pk=membership.user_id)
    shown = selectors.person_for_page(request.user, membership.user_id)
    return render(
        request,
        "accounts/membership_form.html",
        {"form": form, "shown": shown, "membership": membership, "adding": False},
    )


@login_required
@GET_POST
def membership_remove(request, pk):
    """Removing a role asks first."""
    membership = selectors.membership_to_manage(request.user, pk)
    if request.method == "POST":
        try:
            _not_found_if_refused(
                lambda: services.membership_revoke(actor=request.user, membership=membership)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{membership.user.display_name} no longer holds that role.")
        return redirect("accounts:person", pk=membership.user_id)
    return render(request, "accounts/membership_remove.html", {"membership": membership})


# The person's own account -----------------------------------------------------------------------


@login_required
@require_safe
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "rows": presenters.account_rows(request.user),
            "links": [
                link for hook in registry.hook("account_links") for link in hook(request.user)
            ],
            "idle_minutes": settings.ASSURE_SESSION_IDLE_MINUTES,
        },
    )


@login_required
@require_POST
def sign_out_everywhere(request):
    services.session_end_others(actor=request.user, request=request)
    messages.success(request, "You are signed out everywhere else. You are still signed in here.")
    return redirect("accounts:account")


@login_required
@GET_POST
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and (wait := throttling.sign_in_refused(request)):
        form.add_error(None, f"Too many attempts. Wait {wait} seconds and try again.")
        return render(request, "accounts/password_change.html", {"form": form}, status=429)
    posted = form_post(
        request,
        form,
        lambda data: services.password_change(
            actor=request.user, request=request, new_password=data["new_password1"]
        ),
    )
    if posted.ok:
        messages.success(
            request, "Your password is changed. You have been signed out everywhere else."
        )
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


# Forgotten passwords and invitations ------------------------------------------------------------


@GET_POST
def password_reset(request):
    """Ask for a reset link. The answer is the same whether or not the address has an account."""
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST":
        if wait := throttling.password_reset_refused(request):
            response = render(
                request,
                "accounts/password_reset.html",
                {"form": PasswordResetForm(), "too_many": True, "wait": wait},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        if form.is_valid():
            email = form.cleaned_data["email"].lower()
            if throttling.password_reset_mail_allowed(request, email):
                services.password_reset_request(actor=services.PasswordResetAsker(email))
            return render(
                request,
                "accounts/password_reset_sent.html",
                {"email": email, "minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
            )
    return render(request, "accounts/password_reset.html", {"form": form})


LINK_SESSION_KEY = "assure_password_link"
SET_PASSWORD = "set-password"  # noqa: S105 - a URL step, not a password
LINK_URLS = {"reset": "accounts:password_reset_link", "invitation": "accounts:invitation"}


def _password_link(request, uidb64, token, purpose):
    """Django's pattern for a link with a token: check it, keep it in the session and move to a
    URL without it (so it is not in the browser's history or a Referer), then show the form."""
    pk = tokens.pk_from_uid(uidb64)
    person = User.objects.filter(pk=pk, is_active=True).first() if pk else None
    generator = tokens.GENERATORS[purpose]
    if token != SET_PASSWORD:
        if person is not None and generator.check_token(person, token):
            request.session[LINK_SESSION_KEY] = [purpose, token]
            return redirect(LINK_URLS[purpose], uidb64=uidb64, token=SET_PASSWORD)
        return render(request, "accounts/link_invalid.html", {"purpose": purpose}, status=404)
    stored = request.session.get(LINK_SESSION_KEY)
    if (
        person is None
        or not isinstance(stored, list)
        or len(stored) != 2
        or stored[0] != purpose
        or not generator.check_token(person, stored[1])
    ):
        return render(request, "accounts/link_invalid.html", {"purpose": purpose}, status=404)
    form = SetPasswordForm(person, request.POST or None)
    posted = form_post(
        request,
        form,
        lambda data: services.password_set_from_link(
            actor=person, purpose=purpose, new_password=data["new_password1"]
        ),
    )
    if posted.ok:
        request.session.pop(LINK_SESSION_KEY, None)
        messages.success(request, "Your password is set. Sign in with it now.")
        return redirect("accounts:sign_in")
    return render(
        request,
        "accounts/set_password.html",
        {"form": form, "person": person, "purpose": purpose},
    )


@GET_POST
def password_reset_link(request, uidb64, token):
    return _password_link(request, uidb64, token, "reset")


@GET_POST
def invitation(request, uidb64, token):
    return _password_link(request, uidb64, token, "invitation")
