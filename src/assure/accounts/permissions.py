"""Who may see and do what, from memberships (DESIGN.md, "Users and roles"). The one place where
roles are interpreted: views and selectors ask these predicates, never the role field itself."""

import rules
from django.db.models import Prefetch

from assure.core.audit import SystemActor

from .models import Membership, Organisation, OrganisationKind, Role

# Roles held in a force that let a person read the whole force.
FORCE_READER_ROLES = {Role.COORDINATOR, Role.UNIT_LEAD, Role.APPROVER, Role.BOARD_MEMBER}
# Roles held in another organisation that read the forces it is linked to.
LINKED_READER_ROLES = {Role.OVERSIGHT, Role.INSPECTOR}

# Which kind of organisation each role belongs in, and whether it needs a unit.
ROLE_ORGANISATION_KIND = {
    Role.COORDINATOR: OrganisationKind.FORCE,
    Role.UNIT_LEAD: OrganisationKind.FORCE,
    Role.APPROVER: OrganisationKind.FORCE,
    Role.BOARD_MEMBER: OrganisationKind.FORCE,
    Role.PARTNER: OrganisationKind.PARTNER_AGENCY,
    Role.OVERSIGHT: OrganisationKind.PCC_OFFICE,
    Role.INSPECTOR: OrganisationKind.INSPECTORATE,
}
ROLES_NEEDING_UNIT = {Role.UNIT_LEAD}


def memberships(user) -> list[Membership]:
    """The user's memberships with each organisation's linked forces, loaded once per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = user.__dict__.get("_assure_memberships")
    if cached is None:
        cached = list(
            user.memberships.select_related("organisation", "unit")
            .prefetch_related(
                Prefetch("organisation__forces", queryset=Organisation.objects.order_by("name"))
            )
            .order_by("organisation__name", "role", "unit__name")
        )
        user.__dict__["_assure_memberships"] = cached
    return cached


def readable_force_ids(user) -> set[int]:
    """Forces whose plans, inspections and performance the user may read in full."""
    ids: set[int] = set()
    for membership in memberships(user):
        if membership.role in FORCE_READER_ROLES:
            ids.add(membership.organisation_id)
        elif membership.role in LINKED_READER_ROLES:
            ids.update(force.id for force in membership.organisation.forces.all())
    return ids


def inspected_force_ids(user) -> set[int]:
    """Forces covered by the inspectorate teams the user is an inspector in (the national view)."""
    ids: set[int] = set()
    for membership in memberships(user):
        if membership.role == Role.INSPECTOR:
            ids.update(force.id for force in membership.organisation.forces.all())
    return ids


def forces_with_role(user, role: Role) -> set[int]:
    return {m.organisation_id for m in memberships(user) if m.role == role}


def audit_scope(user) -> set[int]:
    """Organisations whose audit trail the user may read: the forces they coordinate."""
    return forces_with_role(user, Role.COORDINATOR)


def unit_ids_led_by(user) -> set[int]:
    return {m.unit_id for m in memberships(user) if m.role == Role.UNIT_LEAD and m.unit_id}


def partner_organisation_ids(user) -> set[int]:
    return {m.organisation_id for m in memberships(user) if m.role == Role.PARTNER}


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)


@rules.predicate
def is_any_coordinator(user) -> bool:
    return bool(audit_scope(user))


@rules.predicate
def is_system_or_superuser(user) -> bool:
    return is_system(user) or bool(getattr(user, "is_superuser", False))


@rules.predicate
def administers(user, organisation) -> bool:
    """Coordinators administer their force and the organisations linked to it."""
    if organisation is None:
        return False
    coordinated = forces_with_role(user, Role.COORDINATOR)
    if organisation.id in coordinated:
        return True
    return any(force.id in coordinated for force in organisation.forces.all())


can_administer_organisation = is_system_or_superuser | administers
can_create_organisation = is_system_or_superuser
can_view_audit = is_any_coordinator


def forces_of_person(user) -> set[int]:
    """The forces a person works in or with: their own force, or the forces their partner agency,
    PCC's office or inspectorate is linked to. Their coordinators see their sign-in trouble."""
    ids: set[int] = set()
    for membership in memberships(user):
        if membership.organisation.kind == OrganisationKind.FORCE:
            ids.add(membership.organisation_id)
        else:
            ids.update(force.id for force in membership.organisation.forces.all())
    return ids


@rules.predicate
def coordinates_person(actor, person) -> bool:
    return bool(forces_with_role(actor, Role.COORDINATOR) & forces_of_person(person))


can_unlock_account = is_system_or_superuser | coordinates_person


# People in a force --------------------------------------------------------------------------
# A coordinator manages the people of the forces they coordinate: their memberships there, and
# switching off (or on) an account all of whose roles are in those forces. A PCC's office and an
# inspectorate hold a force to account, so the force does not pick their people; nor does it
# manage a partner agency's.

FORCE_ROLES = [Role.COORDINATOR, Role.UNIT_LEAD, Role.APPROVER, Role.BOARD_MEMBER]


def managed_force_ids(user) -> set[int]:
    """Forces whose people the user manages."""
    return forces_with_role(user, Role.COORDINATOR)


@rules.predicate
def manages_people(user) -> bool:
    return bool(managed_force_ids(user))


@rules.predicate
def manages_people_in(user, organisation) -> bool:
    return organisation is not None and organisation.id in managed_force_ids(user)


can_manage_people_in = is_system_or_superuser | manages_people_in


def can_switch_account(actor, person, person_memberships) -> bool:
    """Switch a person's account off or on: every role they hold is in a force the actor
    manages (so one force cannot shut someone out of another), and never the actor's own."""
    if is_system_or_superuser(actor):
        return True
    if getattr(actor, "pk", None) == person.pk or not person_memberships:
        return False
    managed = managed_force_ids(actor)
    return all(m.organisation_id in managed for m in person_memberships)
