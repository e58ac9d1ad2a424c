"""Writes for governance. Each checks permission, locks and re-reads the row it decides on, and
writes its audit event in the same transaction."""

import datetime
import decimal
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from assure.accounts.models import Organisation, User
from assure.core import audit, clock, limits
from assure.core.limits import field_label
from assure.core.service import on_commit, service
from assure.inspections.deadlines import add_months
from assure.inspections.models import Inspection, Recommendation
from assure.plans import already
from assure.plans.already import AlreadyDone
from assure.plans.models import Action, ActionPlan, PlanStatus
from assure.plans.services import action_create, action_plan_transition

from . import events, permissions
from .models import (
    MAX_PAPER_BYTES,
    AgendaItem,
    Attendance,
    Board,
    Commitment,
    Decision,
    FollowUpJudgement,
    Judgement,
    Meeting,
    MinutesStatus,
    Paper,
    PaperFormat,
    PaperJob,
    PaperKind,
    PccResponse,
    PccStatement,
    PlanSnapshot,
    Presence,
    QAComment,
    ResponseStatus,
    SnapshotPurpose,
)
from .selectors import force_people, previous_meeting

MAX_TEXT = limits.PARAGRAPH
MAX_SERIES = 24  # meetings arranged at once: two years of monthly meetings


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _person(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _text(value: str, field: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: "Enter some text"})
    if len(value) > limit:
        raise ValidationError({field: limits.too_long_message(field_label(field), limit)})
    return value


# The inspectorate's side ---------------------------------------------------------------------


@service
def plan_qa_return(
    *, actor: Any, plan: ActionPlan, comments: Mapping[int, str], note: str = ""
) -> ActionPlan:
    """The inspector returns the plan with a comment on each recommendation that needs work."""
    _require(permissions.can_quality_assure(actor, plan))
    # Two inspectors deciding at once take turns: the second finds the plan moved on, and is
    # told by whom and when, before any comment of theirs is written.
    locked = ActionPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if locked.status != PlanStatus.IN_QA:
        raise AlreadyDone(already.plan_moved(locked))
    cleaned = {rid: _text(t, f"comment_{rid}", required=False) for rid, t in comments.items()}
    cleaned = {rid: t for rid, t in cleaned.items() if t}
    if not cleaned:
        raise ValidationError("Comment on at least one recommendation before returning the plan")
    recommendations = {r.pk: r for r in plan.inspection.recommendations.filter(pk__in=cleaned)}
    if set(recommendations) != set(cleaned):
        raise ValidationError("Comment only on this plan’s recommendations")
    snapshot = (
        PlanSnapshot.objects.filter(plan=plan, purpose=SnapshotPurpose.QA)
        .order_by("-sequence")
        .first()
    )
    if snapshot is None:
        raise ValidationError("The plan has not been submitted for quality assurance")
    now = clock.now()
    for rid, text in cleaned.items():
        QAComment.objects.create(
            snapshot=snapshot,
            recommendation=recommendations[rid],
            text=text,
            author=_person(actor),
            created_at=now,
        )
    summary = note.strip() or f"Returned with comments on {len(cleaned)} recommendation(s)"
    plan = action_plan_transition(actor=actor, plan=plan, to=PlanStatus.RETURNED, note=summary)
    audit.record(
        actor=actor,
        event=events.QA_RETURNED,
        target=plan,
        organisation=plan.inspection.force,
        changes={
            "comments": [None, {recommendations[r].ref: t for r, t in cleaned.items()}],
            "snapshot": [None, snapshot.sha256],
        },
    )
    return plan


@service
def follow_up_record(
    *,
    actor: Any,
    recommendation: Recommendation,
    judgement: str,
    note: str = "",
    judged_on: datetime.date | None = None,
) -> FollowUpJudgement:
    _require(permissions.can_record_follow_up(actor, recommendation.inspection))
    if judgement not in Judgement.values:
        raise ValidationError({"judgement": "Choose a judgement"})
    day = judged_on or clock.today()
    if day > clock.today():
        raise ValidationError({"judged_on": "The date cannot be in the future"})
    made = FollowUpJudgement.objects.create(
        recommendation=recommendation,
        judgement=judgement,
        note=_text(note, "note", required=False),
        judged_on=day,
        recorded_by=_person(actor),
        created_at=clock.now(),
    )
    audit.record(
        actor=actor,
        event=events.FOLLOW_UP_RECORDED,
        target=made,
        organisation=recommendation.inspection.force,
        changes=audit.created(made, ["judgement", "note", "judged_on"]),
    )
    return made


# PCC oversight -------------------------------------------------------------------------------


def _commitment_checked(
    force: Organisation,
    *,
    amount: decimal.Decimal,
    spend_to_date: decimal.Decimal,
    part_of: Commitment | None,
    recommendations: Iterable[Recommendation],
    actions: Iterable[Action],
    itself: Commitment | None = None,
) -> tuple[list[Recommendation], list[Action]]:
    if amount <= 0:
        raise ValidationError({"amount": "Enter an amount more than £0"})
    if spend_to_date < 0 or spend_to_date > amount:
        raise ValidationError({"spend_to_date": "Spend must be between £0 and the amount"})
    if part_of is not None and (part_of.force_id != force.pk or amount > part_of.amount):
        raise ValidationError({"part_of": "A part must belong to this force and fit its whole"})
    if itself is not None:
        parts = sum((p.amount for p in itself.parts.all()), decimal.Decimal(0))
        if amount < parts:
            raise ValidationError(
                {"amount": f"The amount cannot be less than its parts’ £{parts:,.2f}"}
            )
    recommendations, actions = list(recommendations), list(actions)
    if any(r.inspection.force_id != force.pk for r in recommendations) or any(
        a.plan.inspection.force_id != force.pk for a in actions
    ):
        raise ValidationError("Link only this force’s recommendations and actions")
    return recommendations, actions


@service
def commitment_create(
    *,
    actor: Any,
    force: Organisation,
    amount: decimal.Decimal,
    committed_on: datetime.date,
    purpose: str,
    outputs: str = "",
    spend_to_date: decimal.Decimal = decimal.Decimal(0),
    part_of: Commitment | None = None,
    recommendations: Iterable[Recommendation] = (),
    actions: Iterable[Action] = (),
) -> Commitment:
    _require(permissions.can_record_commitment(actor, force))
    recommendations, actions = _commitment_checked(
        force,
        amount=amount,
        spend_to_date=spend_to_date,
        part_of=part_of,
        recommendations=recommendations,
        actions=actions,
    )
    made = Commitment.objects.create(
        force=force,
        amount=amount,
        committed_on=committed_on,
        purpose=_text(purpose, "purpose", limit=limits.LINE),
        outputs=_text(outputs, "outputs", required=False, limit=limits.LINE),
        spend_to_date=spend_to_date,
        part_of=part_of,
    )
    made.recommendations.set(recommendations)
    made.actions.set(actions)
    audit.record(
        actor=actor,
        event=events.COMMITMENT_CREATED,
        target=made,
        organisation=force,
        changes={
            **audit.created(made, ["amount", "committed_on", "purpose", "outputs"]),
            "recommendations": [None, [r.ref for r in recommendations]],
            "actions": [None, [a.pk for a in actions]],
        },
    )
    return made


@service
def commitment_update(
    *,
    actor: Any,
    commitment: Commitment,
    amount: decimal.Decimal,
    committed_on: datetime.date,
    purpose: str,
    outputs: str = "",
    spend_to_date: decimal.Decimal = decimal.Decimal(0),
    recommendations: Iterable[Recommendation] = (),
) -> Commitment:
    """The PCC's office corrects a commitment or, most often, records what has been spent so
    far. Locked and re-read, so two people saving at once each change the row as it is."""
    _require(permissions.can_record_commitment(actor, commitment.force))
    locked = Commitment.objects.select_for_update(of=("self",)).select_related("force", "part_of")
    commitment = locked.get(pk=commitment.pk)
    recommendations, _actions = _commitment_checked(
        commitment.force,
        amount=amount,
        spend_to_date=spend_to_date,
        part_of=commitment.part_of,
        recommendations=recommendations,
        actions=(),
        itself=commitment,
    )
    fields = ["amount", "committed_on", "purpose", "outputs", "spend_to_date"]
    old = {f: getattr(commitment, f) for f in fields}
    old_refs = sorted(r.ref for r in commitment.recommendations.all())
    commitment.amount = amount
    commitment.committed_on = committed_on
    commitment.purpose = _text(purpose, "purpose", limit=500)
    commitment.outputs = _text(outputs, "outputs", required=False, limit=500)
    commitment.spend_to_date = spend_to_date
    commitment.save(update_fields=[*fields, "updated_at"])
    commitment.recommendations.set(recommendations)
    new_refs = sorted(r.ref for r in recommendations)
    changes = audit.changes_between(old, {f: getattr(commitment, f) for f in fields})
    if new_refs != old_refs:
        changes["recommendations"] = [old_refs, new_refs]
    audit.record(
        actor=actor,
        event=events.COMMITMENT_UPDATED,
        target=commitment,
        organisation=commitment.force,
        changes=changes,
    )
    return commitment


@service
def response_save(
    *,
    actor: Any,
    inspection: Inspection,
    summary: str,
    statements: Mapping[int, str],
    general: Iterable[str] = (),
) -> PccResponse:
    """Create or change the draft response: a summary, the Commissioner's general points on the
    report, and a statement per recommendation."""
    _require(permissions.can_write_response(actor, inspection))
    response, _created = PccResponse.objects.get_or_create(inspection=inspection)
    response = PccResponse.objects.select_for_update(of=("self",)).get(pk=response.pk)
    if response.status == ResponseStatus.PUBLISHED:
        raise AlreadyDone(_published(response) + " It cannot be changed.")
    recommendations = {r.pk: r for r in inspection.recommendations.all()}
    if any(rid not in recommendations for rid in statements):
        raise ValidationError("Write statements only on this inspection’s recommendations")
    old = {"summary": response.summary}
    response.summary = _text(summary, "summary", required=False, limit=limits.NARRATIVE)
    response.save(update_fields=["summary", "updated_at"])
    response.statements.all().delete()
    texts: list[tuple[Recommendation | None, str]] = [
        (None, _text(g, "general", required=False)) for g in general
    ]
    for rid in sorted(statements, key=lambda pk: (recommendations[pk].position, pk)):
        texts.append(
            (recommendations[rid], _text(statements[rid], f"statement_{rid}", required=False))
        )
    for position, (recommendation, text) in enumerate(t for t in texts if t[1]):
        PccStatement.objects.create(
            response=response, recommendation=recommendation, text=text, position=position
        )
    audit.record(
        actor=actor,
        event=events.RESPONSE_SAVED,
        target=response,
        organisation=inspection.force,
        changes={
            **audit.changes_between(old, {"summary": response.summary}),
            "statements": [None, response.statements.count()],
        },
    )
    return response


@service
def response_publish(
    *, actor: Any, response: PccResponse, on: datetime.date | None = None
) -> PccResponse:
    _require(permissions.can_write_response(actor, response))
    if on is not None and not permissions.system(actor):
        raise PermissionDenied  # only the demo loader and data migrations may backdate
    response = PccResponse.objects.select_for_update(of=("self",)).get(pk=response.pk)
    if response.status == ResponseStatus.PUBLISHED:
        raise AlreadyDone(_published(response))
    if not response.summary and not response.statements.exists():
        raise ValidationError("Write the response before publishing it")
    response.status = ResponseStatus.PUBLISHED
    response.published_on = on or clock.today()
    response.published_by = _person(actor)
    response.published_at = clock.now()
    response.save(
        update_fields=["status", "published_on", "published_by", "published_at", "updated_at"]
    )
    audit.record(
        actor=actor,
        event=events.RESPONSE_PUBLISHED,
        target=response,
        organisation=response.inspection.force,
        changes={"status": ["draft", "published"], "published_on": [None, response.published_on]},
    )
    return response


def _published(response: PccResponse) -> str:
    return (
        f"The response was already published by {already.who(response.published_by)} "
        f"on {already.when(response.published_at)}."
    )


# Boards and meetings -------------------------------------------------------------------------


@service
def board_create(
    *,
    actor: Any,
    force: Organisation,
    name: str,
    chair: str,
    purpose: str = "",
    members: Iterable[User] = (),
) -> Board:
    _require(permissions.can_run_meetings(actor, force))
    members = list(members)
    allowed = set(
        force_people(force).filter(pk__in=[m.pk for m in members]).values_list("pk", flat=True)
    )
    if any(m.pk not in allowed for m in members):
        raise ValidationError(
            {"members": "Choose members from the people of this force and its partners"}
        )
    if Board.objects.filter(force=force, name__iexact=(name or "").strip()).exists():
        raise ValidationError({"name": "The force already has a board of that name"})
    board = Board.objects.create(
        force=force,
        name=_text(name, "name", limit=limits.NAME),
        chair=_text(chair, "chair", limit=limits.NAME),
        purpose=_text(purpose, "purpose", required=False, limit=limits.LINE),
    )
    board.members.set(members)
    audit.record(
        actor=actor,
        event=events.BOARD_CREATED,
        target=board,
        organisation=force,
        changes={
            **audit.created(board, ["name", "chair"]),
            "members": [None, [str(m) for m in members]],
        },
    )
    return board


def _standing_plans(force: Organisation) -> list[ActionPlan]:
    return list(
        ActionPlan.objects.filter(inspection__force=force)
        .exclude(status=PlanStatus.CLOSED)
        .select_related("inspection")
        .order_by("inspection__published_on", "pk")
    )


@service
def meeting_create(
    *,
    actor: Any,
    board: Board,
    held_on: datetime.date,
    location: str = "",
    items: Iterable[tuple[str, bool]] = (),
) -> Meeting:
    """A meeting with its agenda: the approval of the previous minutes, each open action plan as
    a standing item (added automatically), then the items given."""
    _require(permissions.can_run_meetings(actor, board))
    meeting = Meeting.objects.create(
        board=board,
        held_on=held_on,
        location=_text(location, "location", required=False, limit=limits.NAME),
    )
    titles: list[tuple[str, bool, ActionPlan | None]] = []
    if Meeting.objects.filter(board=board, held_on__lt=held_on).exists():
        titles.append(("Minutes of the previous meeting", False, None))
    if board.plan_is_standing_item:
        titles += [
            (f"Action plan: {p.inspection.title}", False, p) for p in _standing_plans(board.force)
        ]
    titles += [
        (_text(t, "items", limit=limits.TITLE), bool(r), None) for t, r in items if t.strip()
    ]
    for position, (title, restricted, plan) in enumerate(titles, start=1):
        AgendaItem.objects.create(
            meeting=meeting, position=position, title=title, restricted=restricted, plan=plan
        )
    audit.record(
        actor=actor,
        event=events.MEETING_CREATED,
        target=meeting,
        organisation=board.force,
        changes={"held_on": [None, held_on], "agenda": [None, [t for t, _r, _p in titles]]},
    )
    return meeting


@service
def meeting_series_create(
    *,
    actor: Any,
    board: Board,
    first_on: datetime.date,
    count: int,
    every_months: int = 1,
    location: str = "",
) -> list[Meeting]:
    """A run of the board's meetings, ``every_months`` apart from ``first_on`` (the same day of
    the month, or the month's last day when it is shorter), each arranged as ``meeting_create``
    arranges one: previous minutes, then the open plans as standing items."""
    _require(permissions.can_run_meetings(actor, board))
    if not 1 <= count <= MAX_SERIES:
        raise ValidationError({"count": f"Arrange between 1 and {MAX_SERIES} meetings at once"})
    if not 1 <= every_months <= 12:
        raise ValidationError({"every_months": "Choose between every month and every 12 months"})
    if first_on < clock.today():
        raise ValidationError({"first_on": "The first meeting must be today or later"})
    board = Board.objects.select_for_update(of=("self",)).get(pk=board.pk)
    days = [add_months(first_on, every_months * n) for n in range(count)]
    taken = set(
        Meeting.objects.filter(board=board, held_on__in=days).values_list("held_on", flat=True)
    )
    if taken:
        first = min(taken)
        raise ValidationError(
            {
                "first_on": f"The board already meets on {first.day} {first:%B %Y}: "
                "choose other dates"
            }
        )
    meetings = [
        meeting_create(actor=actor, board=board, held_on=day, location=location) for day in days
    ]
    audit.record(
        actor=actor,
        event=events.MEETING_SERIES_CREATED,
        target=board,
        organisation=board.force,
        changes={
            "meetings": [None, [d.isoformat() for d in days]],
            "every_months": [None, every_months],
        },
    )
    return meetings


@service
def agenda_item_add(
    *, actor: Any, meeting: Meeting, title: str, restricted: bool = False
) -> AgendaItem:
    _require(permissions.can_run_meetings(actor, meeting))
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    last = meeting.agenda.order_by("-position").first()
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=(last.position + 1) if last else 1,
        title=_text(title, "title", limit=limits.TITLE),
        restricted=restricted,
    )
    audit.record(
        actor=actor,
        event=events.AGENDA_ITEM_ADDED,
        target=item,
        organisation=meeting.board.force,
        changes=audit.created(item, ["title", "restricted"]),
    )
    return item


@service
def attendance_record(*, actor: Any, meeting: Meeting, presence: Mapping[int, str]) -> int:
    """Who was there: presence by user id, for the board's members."""
    _require(permissions.can_run_meetings(actor, meeting))
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    members = {u.pk: u for u in meeting.board.members.all()}
    if any(uid not in members or p not in Presence.values for uid, p in presence.items()):
        raise ValidationError("Record attendance only for the board’s members")
    for uid, value in presence.items():
        Attendance.objects.update_or_create(
            meeting=meeting, user=members[uid], defaults={"presence": value}
        )
    audit.record(
        actor=actor,
        event=events.ATTENDANCE_RECORDED,
        target=meeting,
        organisation=meeting.board.force,
        changes={"attendance": [None, {str(members[u]): p for u, p in presence.items()}]},
    )
    return len(presence)


@service
def minutes_save(*, actor: Any, meeting: Meeting, minutes: str) -> Meeting:
    _require(permissions.can_run_meetings(actor, meeting))
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if meeting.minutes_status == MinutesStatus.APPROVED:
        raise ValidationError("These minutes are approved and cannot be changed")
    old = meeting.minutes
    meeting.minutes = _text(minutes, "minutes", limit=limits.MINUTES)
    meeting.minutes_status = MinutesStatus.DRAFT
    meeting.save(update_fields=["minutes", "minutes_status", "updated_at"])
    audit.record(
        actor=actor,
        event=events.MINUTES_SAVED,
        target=meeting,
        organisation=meeting.board.force,
        changes={"minutes": [old, meeting.minutes]},
    )
    return meeting


@service
def minutes_approve(*, actor: Any, meeting: Meeting) -> Meeting:
    """At ``meeting``, the board approves the draft minutes of its previous meeting."""
    _require(permissions.can_approve_minutes(actor, meeting))
    previous = previous_meeting(meeting)
    if previous is None:
        raise ValidationError("This is the board’s first meeting: there are no minutes to approve")
    previous = Meeting.objects.select_for_update(of=("self",)).get(pk=previous.pk)
    if previous.minutes_status == MinutesStatus.APPROVED:
        raise AlreadyDone(
            f"The minutes of {previous} were already approved by "
            f"{already.who(previous.minutes_approved_by)} "
            f"on {already.when(previous.minutes_approval_time)}."
        )
    if previous.minutes_status != MinutesStatus.DRAFT:
        raise ValidationError("The previous meeting has no draft minutes to approve")
    previous.minutes_status = MinutesStatus.APPROVED
    previous.minutes_approved_at = meeting
    previous.minutes_approved_by = _person(actor)
    previous.minutes_approval_time = clock.now()
    previous.save(
        update_fields=[
            "minutes_status",
            "minutes_approved_at",
            "minutes_approved_by",
            "minutes_approval_time",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        event=events.MINUTES_APPROVED,
        target=previous,
        organisation=meeting.board.force,
        changes={"minutes_status": ["draft", "approved"], "approved_at": [None, str(meeting)]},
    )
    return previous


@service
def decision_record(
    *,
    actor: Any,
    meeting: Meeting,
    text: str,
    agenda_item: AgendaItem | None = None,
    recommendation: Recommendation | None = None,
    action_title: str = "",
) -> Decision:
    """A decision of the board; with an action title, it also becomes a plan action on the
    recommendation, in one step. The board's decision is the authority for the action, so the
    action is written by a system actor naming the decision (plans lets only the coordinator
    add actions by hand); this event names the person who recorded it."""
    _require(permissions.can_record_decision(actor, meeting))
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    force = meeting.board.force
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Choose an item of this meeting’s agenda"})
    if recommendation is not None and recommendation.inspection.force_id != force.pk:
        raise ValidationError({"recommendation": "Choose one of this force’s recommendations"})
    action = None
    if action_title.strip():
        if recommendation is None:
            raise ValidationError({"recommendation": "Choose the recommendation the action is for"})
        plan = ActionPlan.objects.filter(inspection=recommendation.inspection).first()
        if plan is None:
            raise ValidationError({"recommendation": "That recommendation has no action plan yet"})
        action = action_create(
            actor=audit.SystemActor(f"decision of {meeting}"),
            plan=plan,
            recommendation=recommendation,
            title=_text(action_title, "action_title", limit=limits.TITLE),
            description=f"Arising from the decision of {meeting}: {text.strip()}"[:4000],
        )
    decision = Decision.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        text=_text(text, "text"),
        recommendation=recommendation,
        action=action,
        recorded_by=_person(actor),
    )
    audit.record(
        actor=actor,
        event=events.DECISION_RECORDED,
        target=decision,
        organisation=force,
        changes={
            "text": [None, decision.text],
            "recommendation": [None, recommendation.ref if recommendation else None],
            "action": [None, action.pk if action else None],
        },
    )
    return decision


# Papers --------------------------------------------------------------------------------------


@service
def paper_generate(
    *,
    actor: Any,
    inspection: Inspection,
    kind: str,
    format: str,
    meeting: Meeting | None = None,
    progress: Any = None,
) -> Paper:
    """Render a paper from the data now and freeze it (bytes, SHA-256, the blocks it was set
    from, and the plan's fingerprint)."""
    from .papers import documents, render
    from .snapshots import fingerprint

    force = inspection.force
    _require(permissions.can_generate_papers(actor, force))
    if kind not in PaperKind.values or format not in PaperFormat.values:
        raise ValidationError("Choose a kind and format of paper")
    if meeting is not None and meeting.board.force_id != force.pk:
        raise ValidationError({"meeting": "Choose a meeting of this force’s boards"})
    step = progress or (lambda percent, text: None)
    step(10, "Reading the plan")
    if kind == PaperKind.PACK:
        if meeting is None:
            raise ValidationError({"meeting": "A meeting pack belongs to a meeting"})
        document = documents.meeting_pack(meeting, format=format)
    else:
        document = documents.build(kind, inspection, meeting=meeting)
    step(40, "Setting the pages")
    content = render.render(document, format)
    if len(content) > MAX_PAPER_BYTES:
        raise ValidationError("The paper is too large to keep")
    step(90, "Storing the paper")
    plan = ActionPlan.objects.filter(inspection=inspection).first()
    paper = Paper.objects.create(
        force=force,
        inspection=inspection,
        meeting=meeting,
        kind=kind,
        format=format,
        title=document.title,
        blocks=document.as_json(),
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        plan_fingerprint=fingerprint(plan) if plan else "",
        created_at=clock.now(),
        created_by_label=audit.actor_label(actor),
    )
    audit.record(
        actor=actor,
        event=events.PAPER_GENERATED,
        target=paper,
        organisation=force,
        changes={
            "kind": [None, kind],
            "format": [None, format],
            "sha256": [None, paper.sha256],
            "meeting": [None, str(meeting) if meeting else None],
        },
    )
    return paper


@service
def paper_request(*, actor: Any, meeting: Meeting, kind: str, format: str) -> PaperJob:
    """Queue a paper for the meeting to be rendered in the background (tasks.py)."""
    _require(permissions.can_generate_papers(actor, meeting))
    if kind not in PaperKind.values or format not in PaperFormat.values:
        raise ValidationError("Choose a kind and format of paper")
    job = PaperJob.objects.create(
        meeting=meeting, kind=kind, format=format, requested_by=_person(actor)
    )
    audit.record(
        actor=actor,
        event=events.PAPER_REQUESTED,
        target=job,
        organisation=meeting.board.force,
        changes={"kind": [None, kind], "format": [None, format]},
    )
    from .tasks import render_paper

    on_commit(lambda: render_paper.enqueue(job.pk))
    return job


@service
def paper_download(*, actor: Any, paper: Paper) -> Paper:
    _require(permissions.system(actor) or permissions.reads_force(actor, paper.force))
    audit.record(
        actor=actor,
        event=events.PAPER_DOWNLOADED,
        target=paper,
        organisation=paper.force,
        changes={"sha256": [None, paper.sha256]},
    )
    return paper
