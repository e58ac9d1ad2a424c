"""Who may import case data, read the indicators, set targets and see case rows.

The roles' reading (DESIGN.md "Users and roles", DPA 2018 s62):

- Aggregated indicators: anyone who reads the force (coordinator, unit lead, approver, board
  member, the PCC office, the inspectorate for forces it covers). Partners see no indicators:
  the figures cover the whole force, not only the actions that name them.
- Case-level rows (worklists, audit samples): the force's coordinators, a unit lead for their own
  unit's rows only, the force's approvers, and inspectors for the forces they cover. Partners,
  board members and the PCC office see aggregates only; every case-row URL answers them 404.
- Targets: the force's coordinators. Reviews on a worklist: whoever may see its rows.
- Audit samples: coordinators and inspectors draw them; the force grade is recorded by the
  force (coordinator or the unit's lead), the inspectorate grade by an inspector.
- Snapshots of indicators on an assignment: whoever may update that assignment.
"""

from assure.accounts import permissions as accounts
from assure.accounts.models import Organisation, Role
from assure.accounts.permissions import is_system_or_superuser
from assure.inspections.permissions import coordinates_force, inspects_force

can_import_cases = is_system_or_superuser | coordinates_force

#: Roles held in the force itself that may see the force's case rows (any unit).
FORCE_CASE_ROW_ROLES = {Role.COORDINATOR, Role.APPROVER}


def reads_indicators(user, force: Organisation) -> bool:
    return force.id in accounts.readable_force_ids(user)


def sees_indicators(user) -> bool:
    """The header's "Indicators": the user reads some force's figures."""
    return bool(accounts.readable_force_ids(user))


def case_row_units(user, force: Organisation) -> set[int] | None:
    """The units of ``force`` whose case rows the user may see: ``None`` means every unit, an
    empty set none at all."""
    if is_system_or_superuser(user):
        return None
    whole_force = False
    units: set[int] = set()
    for m in accounts.memberships(user):
        if m.organisation_id == force.id and m.role in FORCE_CASE_ROW_ROLES:
            whole_force = True
        elif m.organisation_id == force.id and m.role == Role.UNIT_LEAD and m.unit_id:
            units.add(m.unit_id)
    if whole_force or inspects_force(user, force):
        return None
    return units


def may_see_case_rows(user, force: Organisation, unit_id: int | None = None) -> bool:
    """Whether the user may see case rows of ``force`` (of one unit, or of some unit)."""
    units = case_row_units(user, force)
    if units is None:
        return True
    return unit_id in units if unit_id is not None else bool(units)


def sees_whole_force_rows(user, force: Organisation) -> bool:
    return case_row_units(user, force) is None


def can_set_target(user, force: Organisation) -> bool:
    return bool(is_system_or_superuser(user) or coordinates_force(user, force))


def can_view_access_log(user, force: Organisation) -> bool:
    return bool(is_system_or_superuser(user) or coordinates_force(user, force))


def can_review(user, force: Organisation, unit_id: int) -> bool:
    return may_see_case_rows(user, force, unit_id)


def can_draw_sample(user, force: Organisation) -> bool:
    return bool(
        is_system_or_superuser(user)
        or coordinates_force(user, force)
        or inspects_force(user, force)
    )


def can_grade(user, force: Organisation, unit_id: int, auditor: str) -> bool:
    if is_system_or_superuser(user):
        return True
    if auditor == "inspectorate":
        return bool(inspects_force(user, force))
    return bool(coordinates_force(user, force)) or unit_id in accounts.unit_ids_led_by(user)
