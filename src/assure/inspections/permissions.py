"""Who may see and change inspections and recommendations."""

import rules
from django.db.models import QuerySet

from assure.accounts import permissions as accounts
from assure.accounts.models import Role

from .models import Inspection


def inspections_visible_to(user) -> QuerySet[Inspection]:
    return Inspection.objects.filter(force_id__in=accounts.readable_force_ids(user))


def can_list(user) -> bool:
    """Whether the user reads any force's inspections (the header's "Inspections")."""
    return bool(accounts.readable_force_ids(user))


@rules.predicate
def coordinates_force(user, force) -> bool:
    return force is not None and force.id in accounts.forces_with_role(user, Role.COORDINATOR)


@rules.predicate
def inspects_force(user, force) -> bool:
    return force is not None and any(
        m.role == Role.INSPECTOR and force.id in {f.id for f in m.organisation.forces.all()}
        for m in accounts.memberships(user)
    )


can_create_inspection = accounts.is_system_or_superuser | coordinates_force
can_manage_inspection_of_force = accounts.is_system_or_superuser | coordinates_force
# The register status (e.g. "no further action", discharge) is the inspectorate's call, and the
# coordinator's when recording what the inspectorate said.
can_set_register_status = accounts.is_system_or_superuser | coordinates_force | inspects_force


def can_manage_inspection(user, inspection: Inspection) -> bool:
    return can_manage_inspection_of_force(user, inspection.force)
