"""The resources of API v1, one row each: what it is called, what it answers, whose scope it
reads and how a page of it is loaded in a fixed number of queries.

This table is the extension point. ``v1.py`` turns every entry into a list operation
(``GET /api/v1/<name>``, cursor-paginated) and a detail operation (``GET /api/v1/<name>/{id}``),
both token-authenticated, ETagged and in the OpenAPI document, and ``tests/test_query_counts.py``
and the schemathesis run pick each new entry up without being edited. Adding a row-shaped
resource is one ``Resource`` here (its schema in ``schemas.py``, its scope in
``permissions.py``). The aggregated indicators are not row-shaped: when the indicators app has
them, they get their own ninja ``Router`` module under this app, added with
``api.add_router(...)`` in ``v1.py``, reading the same person's scope.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from ninja import Schema

from assure.accounts.models import Organisation

from . import permissions, schemas


@dataclass(frozen=True)
class Resource:
    name: str  # plural, the URL segment: "inspections"
    singular: str  # "inspection"
    schema: type[Schema]
    scope: Callable[..., QuerySet]  # (user) -> what that person may read, from permissions.py
    load: Callable[[QuerySet], QuerySet]  # joins and prefetches: a fixed query count per page
    sort_field: str = "updated_at"  # the cursor's sort key (then id): changed rows come last
    description: str = ""


def _same(queryset: QuerySet) -> QuerySet:
    return queryset


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "inspections",
        "inspection",
        schemas.InspectionOut,
        permissions.api_inspections,
        lambda qs: qs.select_related("force"),
        description="Inspections of the forces you read.",
    ),
    Resource(
        "findings",
        "finding",
        schemas.FindingOut,
        permissions.api_findings,
        _same,
        description="Key findings of those inspections.",
    ),
    Resource(
        "recommendations",
        "recommendation",
        schemas.RecommendationOut,
        permissions.api_recommendations,
        _same,
        description="Recommendations, causes of concern and areas for improvement, with due dates.",
    ),
    Resource(
        "plans",
        "plan",
        schemas.PlanOut,
        permissions.api_plans,
        _same,
        description="Action plans, one per inspection.",
    ),
    Resource(
        "actions",
        "action",
        schemas.ActionOut,
        permissions.api_actions,
        lambda qs: qs.select_related("lead").prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.order_by("slug"))
        ),
        description="Actions of the plans you read; a partner agency sees those that name it.",
    ),
    Resource(
        "assignments",
        "assignment",
        schemas.AssignmentOut,
        permissions.api_assignments,
        lambda qs: qs.select_related("unit"),
        description="Each action's delivery by one unit.",
    ),
    Resource(
        "updates",
        "update",
        schemas.UpdateOut,
        permissions.api_updates,
        _same,
        sort_field="created_at",
        description="Dated progress updates on assignments (append-only).",
    ),
    Resource(
        "closures",
        "closure",
        schemas.ClosureOut,
        permissions.api_closures,
        _same,
        description="Proposed closures of assignments and the approvers' decisions.",
    ),
)
