"""The person's API tokens page: create one (its secret shown once), list and revoke them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from assure.core.forms import GET_POST, form_post

from . import permissions, presenters, selectors, services
from .forms import TokenForm


@login_required
@GET_POST
def tokens(request):
    if not permissions.may_hold_tokens(request.user):
        raise Http404
    form = TokenForm(request.POST or None)
    posted = form_post(
        request,
        form,
        lambda data: services.api_token_create(
            actor=request.user, name=data["name"], lifetime_days=data["lifetime_days"]
        ),
    )
    created = secret = None
    if posted.ok and posted.result:
        # Rendered in the answer to the post, never stored: the only time the secret is shown.
        created, secret = posted.result
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "secret": secret,
            "rows": presenters.token_rows(selectors.tokens_for_page(request.user), timezone.now()),
            "api_base": request.build_absolute_uri("/api/v1/"),
        },
    )


@login_required
@require_POST
def token_revoke(request, pk):
    try:
        token = services.api_token_revoke(actor=request.user, token_id=pk)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Token “{token.name}” revoked. It no longer works.")
    return redirect("api:tokens")
