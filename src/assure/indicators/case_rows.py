"""Justified access to case rows (DPA 2018 s62 logging).

Every view that shows case-level rows is wrapped in :func:`case_rows`, which

1. answers 404 unless the person may see that force's (or that unit's) rows — before any data
   is read, so a partner, a board member or the PCC office learns nothing;
2. sends them to state a justification first, once per sign-in session and purpose;
3. after the view has run, records one access-log entry (who, which view and rows, when, under
   which justification) through the audited service ``case_rows_view_record``.

POSTs to case-row URLs (a review, a grade: ``method="POST"``) act on a case row: they pass the
same checks, need the same justification (a POST without one answers 404, as it cannot be
redirected), and one that did what it was asked writes its own access-log entry, naming the row
it acted on, beside the audit event of the change itself. ``REGISTRY`` lists every wrapped view,
so a test can enumerate them and check each writes its entry.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from assure.accounts.models import Organisation, OrganisationKind

from . import permissions, services
from .models import Purpose


@dataclass(frozen=True)
class CaseRowView:
    name: str  # the URL name, e.g. "indicators:worklist"
    purpose: str
    method: str  # "GET": shows rows; "POST": acts on one
    view: Callable


REGISTRY: list[CaseRowView] = []


def session_key(force: Organisation, purpose: str) -> str:
    return f"case_access:{force.pk}:{purpose}"


def current_justification_id(request, force: Organisation, purpose: str) -> int | None:
    stored = request.session.get(session_key(force, purpose))
    if isinstance(stored, dict) and stored.get("user") == request.user.pk:
        return stored.get("id")
    return None


def remember(request, force: Organisation, purpose: str, justification_id: int) -> None:
    request.session[session_key(force, purpose)] = {"user": request.user.pk, "id": justification_id}


def case_rows(
    *,
    name: str,
    purpose: Purpose,
    unit_of: Callable[..., object | None],
    method: str = "GET",
):
    """Wrap a case-row view ``view(request, *, force, unit, **kwargs)``. ``unit_of(force,
    **kwargs)`` finds the unit whose rows the URL names (or 404s).

    A GET view sets ``response.case_rows`` to the number of rows it showed and
    ``response.case_rows_what`` to describe them (the URL is used otherwise); each 200 is logged.
    A POST view sets ``response.case_rows_what`` (and ``case_rows``) only when it acted on a row,
    and that is logged; a post that changed nothing (an invalid form) writes no entry."""
    if method not in ("GET", "POST"):
        raise ValueError(method)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, slug, **kwargs):
            if not request.user.is_authenticated:
                raise Http404
            force = get_object_or_404(Organisation, slug=slug, kind=OrganisationKind.FORCE)
            if not permissions.may_see_case_rows(request.user, force):
                raise Http404
            unit = unit_of(force, **kwargs)
            if unit is None or not permissions.may_see_case_rows(request.user, force, unit.pk):
                raise Http404
            justification_id = current_justification_id(request, force, purpose)
            if justification_id is None:
                if request.method != "GET":
                    raise Http404
                url = reverse("indicators:justify", kwargs={"slug": force.slug, "purpose": purpose})
                return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
            response = view(request, force=force, unit=unit, **kwargs)
            shown = method == "GET" and request.method == "GET" and response.status_code == 200
            acted = method == "POST" and bool(getattr(response, "case_rows_what", ""))
            if shown or acted:
                from .models import CaseAccessJustification

                services.case_rows_view_record(
                    actor=request.user,
                    justification=CaseAccessJustification(
                        pk=justification_id, user_id=request.user.pk, force_id=force.pk
                    ),
                    view=name,
                    what=getattr(response, "case_rows_what", "") or request.get_full_path(),
                    rows=getattr(response, "case_rows", 0),
                )
            return response

        REGISTRY.append(CaseRowView(name, str(purpose), method, wrapper))
        return wrapper

    return decorate
