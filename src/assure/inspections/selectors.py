"""Reads for inspection pages, scoped to what the user may see. Each page costs a fixed number of
queries, whatever the number of findings, recommendations and status changes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from assure.accounts import permissions as accounts
from assure.accounts.models import Organisation, OrganisationKind

from . import permissions
from .models import Finding, Inspection, Recommendation, RecommendationStatusChange


def inspections_for_list(user) -> QuerySet[Inspection]:
    """Every inspection the user may read, with its force and recommendation count."""
    return (
        permissions.inspections_visible_to(user)
        .select_related("force")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("-published_on", "-created_at", "-id")
    )


def inspection_for(user, pk: int) -> Inspection:
    """One inspection the user may read (with its force), or 404."""
    try:
        return permissions.inspections_visible_to(user).select_related("force").get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404 from None


@dataclass
class InspectionPage:
    inspection: Inspection
    findings: list[Finding]
    recommendations: list[Recommendation]
    page: Page | None = None  # the page of recommendations shown, with the whole count


RECOMMENDATIONS_PAGE_SIZE = 30


def inspection_page(user, pk: int, *, page: int | str = 1) -> InspectionPage:
    """Everything the inspection page shows, a page of recommendations at a time (a national
    re-inspection can hold hundreds): five queries."""
    try:
        inspection = permissions.inspections_visible_to(user).select_related("force").get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404 from None
    paginated = Paginator(
        inspection.recommendations.order_by("position", "id").prefetch_related(
            Prefetch(
                "status_changes",
                queryset=RecommendationStatusChange.objects.select_related("changed_by").order_by(
                    "-changed_at", "-id"
                ),
            )
        ),
        RECOMMENDATIONS_PAGE_SIZE,
    ).get_page(page)
    return InspectionPage(
        inspection=inspection,
        findings=list(inspection.findings.order_by("position", "id")),
        recommendations=list(paginated.object_list),
        page=paginated,
    )


def finding_for(user, inspection_pk: int, finding_pk: int) -> Finding:
    try:
        return Finding.objects.select_related("inspection", "inspection__force").get(
            pk=finding_pk,
            inspection_id=inspection_pk,
            inspection__in=permissions.inspections_visible_to(user),
        )
    except Finding.DoesNotExist:
        raise Http404 from None


def recommendation_for(user, inspection_pk: int, recommendation_pk: int) -> Recommendation:
    try:
        return Recommendation.objects.select_related("inspection", "inspection__force").get(
            pk=recommendation_pk,
            inspection_id=inspection_pk,
            inspection__in=permissions.inspections_visible_to(user),
        )
    except Recommendation.DoesNotExist:
        raise Http404 from None


def status_history(recommendation: Recommendation) -> list[RecommendationStatusChange]:
    return list(
        recommendation.status_changes.select_related("changed_by").order_by("-changed_at", "-id")
    )


def forces_for_new_inspection(user) -> list[Organisation]:
    """The forces the user may add an inspection to, by name."""
    forces = Organisation.objects.filter(
        id__in=accounts.readable_force_ids(user), kind=OrganisationKind.FORCE
    ).order_by("name")
    return [force for force in forces if permissions.can_create_inspection(user, force)]


def earlier_import(force_id: int, sha256: str, content_sha256: str = "") -> Inspection | None:
    """The most recent inspection of the force imported from the same file, or from a file that
    reads the same (the same report as a PDF and as text), if any."""
    match = Q(source_sha256=sha256) if sha256 else Q(pk__in=[])
    if content_sha256:
        match |= Q(content_sha256=content_sha256)
    return (
        Inspection.objects.filter(match, force_id=force_id).order_by("-created_at", "-id").first()
    )


def already_imported_message(inspection: Inspection) -> str:
    when = timezone.localtime(inspection.created_at)
    return (
        f"This report was imported already on {when.day} {when:%B %Y} as inspection "
        f"{inspection.pk} \u201c{inspection.title}\u201d"
    )
