from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from assure.accounts import throttling
from assure.core.forms import GET_POST, form_post

from . import permissions, qr, selectors, services
from .forms import CodeForm, ConfirmForm

LOCKOUT_MINUTES = int(settings.AXES_COOLOFF_TIME * 60)


def _safe_next(request, default: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return default


@login_required
@GET_POST
def verify(request):
    """After the password: the code from the person's app, or a backup code."""
    if request.user.is_verified() or not selectors.has_second_factor(request.user):
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = _safe_next(request, "")
    if request.method == "POST" and (wait := throttling.sign_in_refused(request)):
        response = render(
            request,
            "twofactor/verify.html",
            {"form": CodeForm(), "next": next_url, "too_many": True, "wait": wait},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    form = CodeForm(request.POST if request.method == "POST" else None)
    posted = form_post(
        request,
        form,
        lambda data: services.second_factor_verify(
            actor=request.user, request=request, code=data["code"]
        ),
    )
    if posted.ok and posted.result is services.Outcome.VERIFIED:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    if posted.ok and posted.result is services.Outcome.LOCKED:
        return render(
            request,
            "twofactor/locked.html",
            {"failure_limit": settings.AXES_FAILURE_LIMIT, "lockout_minutes": LOCKOUT_MINUTES},
            status=429,
        )
    if posted.result is services.Outcome.TOO_SOON:
        form.add_error(
            "code", "Wait a few seconds after a wrong code, then enter the code your app shows."
        )
    elif posted.ok:
        form.add_error("code", "The code is not right. Check your app and try again.")
    return render(request, "twofactor/verify.html", {"form": form, "next": next_url})


@login_required
@require_safe
def manage(request):
    return render(
        request,
        "twofactor/manage.html",
        {
            "status": selectors.status_for(request.user),
            "may_remove": permissions.may_remove_own(request.user),
        },
    )


@login_required
@require_POST
def enrol_start(request):
    services.totp_enrolment_start(actor=request.user)
    return redirect("twofactor:enrol")


@login_required
@GET_POST
def enrol(request):
    """Scan the QR code (or type the secret), then confirm with a code; the backup codes are
    shown once, on the page that answers the confirmation."""
    if request.user.is_verified() and request.method == "GET":
        return redirect("twofactor:manage")
    device = selectors.pending_totp(request.user)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    posted = form_post(
        request,
        form,
        lambda data: services.totp_confirm(actor=request.user, request=request, code=data["code"]),
    )
    if posted.ok:
        return render(
            request,
            "twofactor/backup_codes.html",
            {"codes": posted.result, "next": _safe_next(request, ""), "first_time": True},
        )
    context = {
        "form": form,
        "device": device,
        "required": permissions.must_use_two_factor(request.user),
        "next": _safe_next(request, ""),
    }
    if device is not None:
        secret = b32encode(device.bin_key).decode()
        context["secret_groups"] = [secret[i : i + 4] for i in range(0, len(secret), 4)]
        context["qr_svg"] = qr.svg(device.config_url, title="QR code to add Assure to your app")
    return render(request, "twofactor/enrol.html", context)


@login_required
@require_POST
def backup_codes(request):
    try:
        codes = services.backup_codes_regenerate(actor=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    return render(request, "twofactor/backup_codes.html", {"codes": codes, "first_time": False})


@login_required
@require_POST
def remove(request):
    try:
        services.two_factor_remove(actor=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, "Two-factor sign-in is off. You sign in with your password alone.")
    return redirect("twofactor:manage")


@login_required
@require_safe
def people(request):
    if not permissions.may_see_people(request.user):
        raise Http404
    return render(request, "twofactor/people.html", {"rows": selectors.people_for(request.user)})


@login_required
@require_POST
def reset(request, pk):
    person = selectors.person_to_reset(request.user, pk)
    try:
        services.two_factor_reset(actor=request.user, person=person)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(
        request,
        f"{person.display_name}’s two-factor sign-in is reset. They set it up again when they "
        "next sign in.",
    )
    return redirect("twofactor:people")
