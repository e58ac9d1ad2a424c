"""Who is told of what. A person is told only of what the pages would show them: their work
(plans' ``assignments_actionable_by``), the closures they decide, the plans they quality-assure."""

from django.db.models import QuerySet

from assure.accounts import permissions as accounts
from assure.accounts.models import Role
from assure.plans import permissions as plans
from assure.plans.models import ActionPlan, PlanStatus


def has_notifications(user) -> bool:
    return bool(accounts.memberships(user))


def inspected_force_ids(user) -> set[int]:
    """The forces whose plans the user quality-assures for the inspectorate."""
    return {
        force.id
        for m in accounts.memberships(user)
        if m.role == Role.INSPECTOR
        for force in m.organisation.forces.all()
    }


def plans_awaiting_qa(user) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(
        status=PlanStatus.IN_QA, inspection__force_id__in=inspected_force_ids(user)
    )


def can_set_own_preference(actor, person) -> bool:
    return getattr(actor, "pk", None) is not None and actor.pk == person.pk


assignments_actionable_by = plans.assignments_actionable_by
closures_decidable_by = plans.closures_decidable_by
decides_closures = plans.decides_closures
