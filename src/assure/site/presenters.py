"""Domain objects → what templates show."""

from assure.accounts.models import Role

ROLE_CAPABILITIES = {
    Role.COORDINATOR: [
        "Manage your force’s inspections, action plans, actions and assignments",
        "Produce papers for boards and meetings",
        "Read and export your force’s audit trail",
    ],
    Role.UNIT_LEAD: [
        "Add updates and evidence to your unit’s assignments",
        "Propose an assignment for closure",
        "Read your force’s plans, to compare units",
    ],
    Role.APPROVER: [
        "Approve or return proposed closures",
        "Read your force’s plans and progress",
    ],
    Role.BOARD_MEMBER: ["Read your force’s plans and progress", "Record board decisions"],
    Role.PARTNER: [
        "Read and update the multi-agency actions that name your organisation",
    ],
    Role.OVERSIGHT: [
        "Read the force’s plans and progress",
        "Record the PCC’s commitments and published response",
    ],
    Role.INSPECTOR: [
        "Read every force you cover",
        "Quality-assure action plans and mark recommendations discharged",
    ],
}


def membership_rows(memberships) -> list[dict]:
    return [
        {
            "organisation": m.organisation.name,
            "organisation_kind": m.organisation.get_kind_display(),
            "unit": m.unit.name if m.unit_id else None,
            "role": m.get_role_display(),
            "capabilities": ROLE_CAPABILITIES[Role(m.role)],
            "forces": [f.name for f in m.organisation.forces.all()],
        }
        for m in memberships
    ]
