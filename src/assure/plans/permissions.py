"""Who may see and change action plans, actions, assignments, evidence and closures.

- Anyone who reads a force (coordinator, unit lead, approver, board, PCC office, inspector)
  reads its whole plan: comparing units is the point.
- A partner agency sees only the actions that name it, and the assignments of those actions.
- A unit lead updates, evidences and proposes closure for their unit's assignments; a partner for
  assignments to its own units on actions that name it; the coordinator for any in the force.
- The approver approves or returns closures; the inspectorate quality-assures plans.
"""

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from assure.accounts import permissions as accounts
from assure.accounts.models import Role
from assure.inspections.permissions import can_manage_inspection, coordinates_force, inspects_force

from .models import Action, ActionPlan, Assignment, Closure, ClosureDecision, PlanStatus

partner_organisation_ids = accounts.partner_organisation_ids


def plans_visible_to(user) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(inspection__force_id__in=accounts.readable_force_ids(user))


def actions_visible_to(user) -> QuerySet[Action]:
    scope = Q(plan__inspection__force_id__in=accounts.readable_force_ids(user))
    partners = partner_organisation_ids(user)
    if partners:
        scope |= Q(partners__in=partners)
    return Action.objects.filter(scope).distinct() if partners else Action.objects.filter(scope)


def assignments_visible_to(user) -> QuerySet[Assignment]:
    scope = Q(action__plan__inspection__force_id__in=accounts.readable_force_ids(user))
    partners = partner_organisation_ids(user)
    if partners:
        scope |= Q(action__partners__in=partners)
        return Assignment.objects.filter(scope).distinct()
    return Assignment.objects.filter(scope)


def assignments_actionable_by(user) -> QuerySet[Assignment]:
    """Assignments the user is expected to act on ("My work"): those of actions they lead, their
    units', a named partner's own, and every assignment in a force they coordinate."""
    # Each branch reads the assignments by one of their own indexes (action_id, unit_id), and
    # the branches are a UNION, not an OR: with "the plan's force is" as a branch of an OR,
    # SQLite read every assignment of every force for one coordinator (398 ms at national
    # scale), and PostgreSQL cannot use an index for "action_id IN (...) OR unit_id IN (...)"
    # either, so a unit lead's "updates to give" scanned them all (201 ms).
    coordinated = accounts.forces_with_role(user, Role.COORDINATOR)
    # Plain querysets: the default managers' due-date annotation would join recommendations.
    plain: QuerySet[Assignment] = QuerySet(Assignment)
    units = sorted(accounts.unit_ids_led_by(user))
    if units:
        # The actions led or coordinated are a union too: "they lead it OR its force is one
        # they coordinate" read all 15,000 actions of the national data set on PostgreSQL.
        plain_actions: QuerySet[Action] = QuerySet(Action)
        actions = plain_actions.filter(lead=user).values("pk")
        if coordinated:
            in_force = plain_actions.filter(plan__inspection__force_id__in=coordinated)
            actions = actions.union(in_force.values("pk"))
        ids = plain.filter(action_id__in=actions).values("pk")
        scope = Q(pk__in=ids.union(plain.filter(unit_id__in=units).values("pk")))
    else:
        # One branch: a condition on the action each row joins anyway (for its due date), the
        # coordinated forces' plans read first as a list (a handful of ids), so the database
        # reads the actions by their lead and plan indexes at once (a bitmap OR) and builds no
        # list of action ids to deduplicate: 10,000 for a 10,000-action plan. My work for a
        # coordinator, cold: PostgreSQL 10,000 actions 161-169 -> 110-132 ms, national 126-182
        # -> 63-84 ms; SQLite 116-140 -> 82-89 ms and 76-87 -> 48-67 ms.
        scope = Q(action__lead=user)
        if coordinated:
            plain_plans: QuerySet[ActionPlan] = QuerySet(ActionPlan)
            plans = plain_plans.filter(inspection__force_id__in=coordinated)
            scope |= Q(action__plan_id__in=list(plans.values_list("pk", flat=True)))
    partners = partner_organisation_ids(user)
    if partners:
        scope |= Q(unit__organisation_id__in=partners, action__partners__in=partners)
    # Only the partners' many-to-many join can repeat a row; DISTINCT costs a sort otherwise.
    return (
        Assignment.objects.filter(scope).distinct()
        if partners
        else Assignment.objects.filter(scope)
    )


def actionable_condition(user, *, via: str) -> Q:
    """The same scope as :func:`assignments_actionable_by`, as a condition on each row of a
    small table that names an assignment through ``via`` (e.g. ``"assignment__"`` on update
    requests). Tested row for row against the queryset. Starting from a few open requests, a
    condition per row costs a few lookups; ``assignment IN (the scope)`` first lists every
    assignment in scope (13,000 for a coordinator of a 10,000-action plan: 11 ms a count)."""
    condition = Q(**{f"{via}action__lead": user})
    coordinated = accounts.forces_with_role(user, Role.COORDINATOR)
    if coordinated:
        condition |= Q(**{f"{via}action__plan__inspection__force_id__in": coordinated})
    units = sorted(accounts.unit_ids_led_by(user))
    if units:
        condition |= Q(**{f"{via}unit_id__in": units})
    partners = partner_organisation_ids(user)
    if partners:
        named = Action.partners.through.objects.filter(
            action_id=OuterRef(f"{via}action_id"), organisation_id__in=partners
        )
        condition |= Q(Exists(named), **{f"{via}unit__organisation_id__in": partners})
    return condition


def closures_decidable_by(user) -> QuerySet[Closure]:
    """Closures awaiting a decision in the forces where the user is an approver."""
    return Closure.objects.filter(
        decision=ClosureDecision.PENDING,
        assignment__action__plan__inspection__force_id__in=accounts.forces_with_role(
            user, Role.APPROVER
        ),
    )


def can_start_plan(user, inspection) -> bool:
    return can_manage_inspection(user, inspection)


def has_work(user) -> bool:
    """Whether "My work" can hold anything for the user: they belong somewhere."""
    return bool(accounts.memberships(user))


def national_force_ids(user) -> set[int]:
    """The forces an inspector's national view covers: every force their teams inspect."""
    return accounts.inspected_force_ids(user)


def sees_national_view(user) -> bool:
    """The header's "National view": inspectors whose teams cover at least one force."""
    return bool(national_force_ids(user))


def delivers(user) -> bool:
    """Whether the user delivers work (My work's overdue, due soon and updates to give): a unit
    lead, a partner agency or a coordinator."""
    return bool(
        accounts.unit_ids_led_by(user)
        or partner_organisation_ids(user)
        or accounts.forces_with_role(user, Role.COORDINATOR)
    )


def reads_without_delivering(user) -> bool:
    """Whether the user reads a force's plans but delivers none of it (board, approver, the
    PCC's office, the inspectorate): their start page shows the plans' overdue work instead."""
    return bool(accounts.readable_force_ids(user)) and not delivers(user)


def decides_closures(user) -> bool:
    return bool(accounts.forces_with_role(user, Role.APPROVER))


def force_of(obj):
    if isinstance(obj, ActionPlan):
        return obj.inspection.force
    if isinstance(obj, Action):
        return obj.plan.inspection.force
    return obj.action.plan.inspection.force


@rules.predicate
def leads_unit_of(user, assignment: Assignment) -> bool:
    return any(
        m.role == Role.UNIT_LEAD and m.unit_id == assignment.unit_id
        for m in accounts.memberships(user)
    )


@rules.predicate
def is_named_partner_delivering(user, assignment: Assignment) -> bool:
    partners = partner_organisation_ids(user)
    if assignment.unit.organisation_id not in partners:
        return False
    return any(org.id in partners for org in assignment.action.partners.all())


@rules.predicate
def coordinates(user, obj) -> bool:
    return coordinates_force(user, force_of(obj))


@rules.predicate
def approves_in(user, obj) -> bool:
    return force_of(obj).id in accounts.forces_with_role(user, Role.APPROVER)


@rules.predicate
def inspects(user, obj) -> bool:
    return inspects_force(user, force_of(obj))


system = accounts.is_system_or_superuser
can_manage_plan = system | coordinates
can_update_assignment = system | coordinates | leads_unit_of | is_named_partner_delivering
can_decide_closure = system | approves_in
can_quality_assure = system | inspects

# Who may move a plan from one status to the next.
PLAN_TRANSITIONS = {
    (PlanStatus.DRAFT, PlanStatus.IN_QA): can_manage_plan,
    (PlanStatus.RETURNED, PlanStatus.IN_QA): can_manage_plan,
    (PlanStatus.IN_QA, PlanStatus.RETURNED): can_quality_assure,
    (PlanStatus.IN_QA, PlanStatus.APPROVED): can_quality_assure,
    (PlanStatus.APPROVED, PlanStatus.SUBMITTED): can_manage_plan,
    (PlanStatus.SUBMITTED, PlanStatus.IN_DELIVERY): can_manage_plan,
    (PlanStatus.IN_DELIVERY, PlanStatus.CLOSED): can_manage_plan,
}


def allowed_transitions(user, plan: ActionPlan) -> list[PlanStatus]:
    return [
        PlanStatus(to)
        for (frm, to), predicate in PLAN_TRANSITIONS.items()
        if frm == plan.status and predicate(user, plan)
    ]


def can_read_plan(user, plan: ActionPlan) -> bool:
    """The whole plan page: everyone who reads the force; a partner reads only its actions."""
    return plans_visible_to(user).filter(pk=plan.pk).exists()
