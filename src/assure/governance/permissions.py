"""Who may do what in governance (issue 11, item 5):

- the inspectorate (inspectors of a team covering the force) quality-assures plans and records
  follow-up judgements, and nothing else here;
- the PCC's office (oversight) records commitments and drafts and publishes the PCC response;
- board members record decisions and approve the previous meeting's minutes;
- coordinators run boards, meetings, agendas, attendance, draft minutes and papers.

Everyone who reads the force reads its boards, meetings, commitments and responses; a restricted
agenda item is shown only to the board's members and the force's coordinators.
"""

from typing import Any

import rules
from django.db.models import QuerySet

from assure.accounts import permissions as accounts
from assure.accounts.models import Organisation, Role
from assure.inspections.permissions import coordinates_force, inspects_force

from .models import Board, Meeting, PccResponse

system = accounts.is_system_or_superuser


def force_of(obj: Any) -> Organisation:
    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, Board):
        return obj.force
    if isinstance(obj, Meeting):
        return obj.board.force
    if isinstance(obj, PccResponse):
        return obj.inspection.force
    if hasattr(obj, "inspection"):  # an action plan
        return obj.inspection.force
    return obj.force


@rules.predicate
def coordinates(user: Any, obj: Any) -> bool:
    return bool(coordinates_force(user, force_of(obj)))


@rules.predicate
def inspects(user: Any, obj: Any) -> bool:
    return bool(inspects_force(user, force_of(obj)))


@rules.predicate
def pcc_office_of(user: Any, obj: Any) -> bool:
    force = force_of(obj)
    return any(
        m.role == Role.OVERSIGHT and force.id in {f.id for f in m.organisation.forces.all()}
        for m in accounts.memberships(user)
    )


@rules.predicate
def board_member_of(user: Any, obj: Any) -> bool:
    return force_of(obj).id in accounts.forces_with_role(user, Role.BOARD_MEMBER)


can_quality_assure = system | inspects
can_record_follow_up = system | inspects
can_record_commitment = system | pcc_office_of
can_write_response = system | pcc_office_of
can_run_meetings = system | coordinates
can_generate_papers = system | coordinates
can_record_decision = system | board_member_of
can_approve_minutes = system | board_member_of


def reads_force(user: Any, force: Organisation) -> bool:
    return force.id in accounts.readable_force_ids(user)


def sees_boards(user: Any) -> bool:
    """The header's "Boards": anyone who reads a force in full."""
    return bool(accounts.readable_force_ids(user))


def forces_run_by(user: Any) -> QuerySet[Organisation]:
    """The forces whose boards the user may set up (the boards page offers one for each)."""
    if system(user):
        return Organisation.objects.filter(pk__in=accounts.readable_force_ids(user))
    return Organisation.objects.filter(pk__in=accounts.forces_with_role(user, Role.COORDINATOR))


def inspected_force_ids(user: Any) -> set[int]:
    """The forces whose plans the user's inspectorate team quality-assures."""
    return accounts.inspected_force_ids(user)


def board_force_ids(user: Any) -> set[int]:
    """The forces on whose boards the user sits (they approve those meetings' minutes)."""
    return accounts.forces_with_role(user, Role.BOARD_MEMBER)


def sees_restricted(user: Any, meeting: Meeting) -> bool:
    if system(user) or coordinates(user, meeting):
        return True
    user_id = getattr(user, "pk", None)
    return user_id is not None and meeting.board.members.filter(pk=user_id).exists()


def boards_visible_to(user: Any) -> QuerySet[Board]:
    return Board.objects.filter(force_id__in=accounts.readable_force_ids(user))


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(board__force_id__in=accounts.readable_force_ids(user))
