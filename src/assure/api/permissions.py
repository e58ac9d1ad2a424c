"""Who may hold API tokens, and what a token reads: exactly what its person reads on the pages.

Every scope here starts from the pages' own (``inspections_visible_to``, ``plans_visible_to``,
``actions_visible_to``, ``assignments_visible_to``), so the API can never show a person more than
the service does: a partner's token lists only the actions that name the partner, and another
force's object is simply not in the queryset (404).
"""

from django.db.models import QuerySet

from assure.inspections.models import Finding, Inspection, Recommendation
from assure.inspections.permissions import inspections_visible_to
from assure.plans.models import Action, ActionPlan, Assignment, Closure, Update
from assure.plans.permissions import actions_visible_to, assignments_visible_to, plans_visible_to

from .models import ApiToken


def may_hold_tokens(user) -> bool:
    """Any signed-in person may read through the API what they read on the pages."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def tokens_of(user) -> QuerySet[ApiToken]:
    """The person's own tokens: nobody sees or revokes anyone else's."""
    if not may_hold_tokens(user):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def api_inspections(user) -> QuerySet[Inspection]:
    return inspections_visible_to(user)


def api_findings(user) -> QuerySet[Finding]:
    return Finding.objects.filter(inspection__in=inspections_visible_to(user))


def api_recommendations(user) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(inspection__in=inspections_visible_to(user))


def api_plans(user) -> QuerySet[ActionPlan]:
    return plans_visible_to(user)


def api_actions(user) -> QuerySet[Action]:
    return actions_visible_to(user)


def api_assignments(user) -> QuerySet[Assignment]:
    return assignments_visible_to(user)


def api_updates(user) -> QuerySet[Update]:
    return Update.objects.filter(assignment__in=assignments_visible_to(user))


def api_closures(user) -> QuerySet[Closure]:
    return Closure.objects.filter(assignment__in=assignments_visible_to(user))
