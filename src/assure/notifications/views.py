"""The notifications page and the reminder preference: resolve → validate → one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from assure.core import clock
from assure.core.forms import GET_POST, form_post

from . import selectors, services
from .forms import PreferenceForm
from .models import Frequency


@login_required
@require_safe
def notifications(request):
    today = clock.today()
    found = selectors.sections(request.user, today)
    return render(
        request,
        "notifications/list.html",
        {
            "sections": found,
            "total": sum(s.count for s in found),
            "today": today,
            "frequency": Frequency(selectors.frequency_of(request.user)).label,
        },
    )


@login_required
@GET_POST
def preferences(request):
    form = PreferenceForm(
        request.POST or None, initial={"frequency": selectors.frequency_of(request.user)}
    )
    posted = form_post(
        request,
        form,
        lambda data: services.notification_preference_set(
            actor=request.user, person=request.user, frequency=data["frequency"]
        ),
    )
    if posted.ok:
        messages.success(request, "Your reminder choice is saved.")
        return redirect("notifications:list")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
