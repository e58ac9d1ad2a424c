"""Reads for governance pages, starting from what the user may see. Anything else is 404."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404

from assure.accounts.models import Organisation, User
from assure.inspections.models import Inspection, Recommendation
from assure.plans.models import ActionPlan
from assure.plans.permissions import plans_visible_to

from . import permissions
from .models import Board, Commitment, Meeting, Paper, PaperJob, PccResponse, ResponseStatus


def _one(queryset, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def plan_for(user: Any, pk: int) -> ActionPlan:
    return _one(plans_visible_to(user).select_related("inspection__force"), pk)


def recommendation_for(user: Any, pk: int) -> Recommendation:
    from assure.accounts.permissions import readable_force_ids

    return _one(
        Recommendation.objects.filter(
            inspection__force_id__in=readable_force_ids(user)
        ).select_related("inspection__force"),
        pk,
    )


def inspection_for(user: Any, pk: int) -> Inspection:
    from assure.accounts.permissions import readable_force_ids

    return _one(
        Inspection.objects.filter(force_id__in=readable_force_ids(user)).select_related("force"),
        pk,
    )


def force_for(user: Any, slug: str) -> Organisation:
    from assure.accounts.permissions import readable_force_ids

    force = Organisation.objects.filter(slug=slug, pk__in=readable_force_ids(user)).first()
    if force is None:
        raise Http404
    return force


def force_people(force: Organisation) -> QuerySet[User]:
    """Who may sit on the force's boards: active people of the force and of the organisations
    that work with it (its PCC's office, partner agencies, the inspectorate)."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(memberships__organisation=force) | Q(memberships__organisation__forces=force))
        .distinct()
        .order_by("full_name", "pk")
    )


def commitment_for(user: Any, pk: int) -> Commitment:
    from assure.accounts.permissions import readable_force_ids

    return _one(
        Commitment.objects.filter(force_id__in=readable_force_ids(user)).select_related("force"),
        pk,
    )


def boards_for(user: Any) -> list[Board]:
    return list(
        permissions.boards_visible_to(user).select_related("force").order_by("force__name", "pk")
    )


def board_for(user: Any, pk: int) -> Board:
    return _one(permissions.boards_visible_to(user).select_related("force"), pk)


MEETINGS_PAGE_SIZE = 25


def board_meetings(board: Board, *, page: int | str = 1) -> Page:
    """The board's meetings, newest first, a page at a time (a monthly board has a dozen a
    year, kept for as long as the board runs)."""
    return Paginator(board.meetings.order_by("-held_on", "-id"), MEETINGS_PAGE_SIZE).get_page(page)


def meeting_for(user: Any, pk: int) -> Meeting:
    return _one(permissions.meetings_visible_to(user).select_related("board__force"), pk)


def paper_for(user: Any, pk: int) -> Paper:
    from assure.accounts.permissions import readable_force_ids

    return _one(Paper.objects.filter(force_id__in=readable_force_ids(user)), pk)


def job_for(user: Any, pk: int) -> PaperJob:
    return _one(
        PaperJob.objects.filter(meeting__in=permissions.meetings_visible_to(user)).select_related(
            "meeting", "paper"
        ),
        pk,
    )


# Public: only what the PCC has published --------------------------------------------------------


def published_responses(slug: str) -> tuple[Organisation, list[PccResponse]]:
    responses = list(
        PccResponse.objects.filter(inspection__force__slug=slug, status=ResponseStatus.PUBLISHED)
        .select_related("inspection__force")
        .order_by("-published_on")
    )
    if not responses:
        raise Http404
    return responses[0].inspection.force, responses


def published_response(slug: str, pk: int) -> PccResponse:
    return _one(
        PccResponse.objects.filter(
            inspection__force__slug=slug, status=ResponseStatus.PUBLISHED
        ).select_related("inspection__force"),
        pk,
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The board's meeting before this one, whose minutes this one approves."""
    return (
        Meeting.objects.filter(board=meeting.board, held_on__lt=meeting.held_on)
        .order_by("-held_on", "-id")
        .first()
    )
