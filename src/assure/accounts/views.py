from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import SignInForm

LOCKOUT_MINUTES = int(settings.AXES_COOLOFF_TIME * 60)


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.session_sign_in(actor=form.get_user(), request=request)
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = settings.LOGIN_REDIRECT_URL
        return redirect(next_url)
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})


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
