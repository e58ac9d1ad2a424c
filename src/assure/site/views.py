from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from assure.accounts import permissions
from assure.core.forms import given_filters

from . import health as health_checks
from . import presenters, selectors, services
from .forms import AuditFilterForm


@login_required
def home(request):
    memberships = permissions.memberships(request.user)
    return render(
        request,
        "site/home.html",
        {
            "memberships": presenters.membership_rows(memberships),
            "panels": selectors.home_panels(request.user),
        },
    )


def _filtered_events(request):
    if not permissions.can_view_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    filters = given_filters(form)
    if filters is None:
        # Filters that cannot be read show (and download) nothing, never the whole trail.
        return form, {}, selectors.audit_events_for(request.user).none()
    return form, filters, selectors.audit_events_for(request.user, **filters)


def _audit_page(request, form, filters, events):
    page = Paginator(events.select_related(None), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "site/audit.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(filters or form.errors),
        },
        status=400 if form.errors else 200,
    )


@login_required
def audit(request):
    return _audit_page(request, *_filtered_events(request))


@login_required
@require_safe
def audit_export(request):
    form, filters, events = _filtered_events(request)
    if form.errors:
        return _audit_page(request, form, filters, events)
    chunks = services.audit_trail_export(actor=request.user, events=events, filters=filters)
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="assure-audit-{stamp}.csv"'
    return response


@require_safe
def health(request):
    """For load balancers and monitoring: each store answers (200), or which does not (503)."""
    checks = health_checks.report()
    healthy = all(result == health_checks.OK for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )


# The footer's pages: readable without signing in (a person who cannot sign in needs them most).


@require_safe
def help_page(request):
    return render(request, "site/help.html", presenters.footer_page_context())


@require_safe
def accessibility(request):
    return render(request, "site/accessibility.html", presenters.footer_page_context())


@require_safe
def privacy(request):
    return render(request, "site/privacy.html", presenters.footer_page_context())
