"""Writes for action plans: the plan and its lifecycle, actions, assignments, updates, evidence
and closures. Each checks permission, writes its audit event in the same transaction, and
re-rolls the recommendation's status when an assignment's standing may have changed."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef
from django.utils import timezone

from assure.accounts.models import Organisation, OrganisationKind, Unit, UnitKind, User
from assure.core import audit, clock, dates, limits
from assure.core.limits import check_lengths
from assure.core.service import service
from assure.inspections.deadlines import add_months
from assure.inspections.models import Inspection, Recommendation
from assure.inspections.permissions import can_manage_inspection

from . import already, events, extensions, national_sql, permissions
from .already import AlreadyDone, PlanClosed
from .models import (
    Action,
    ActionPlan,
    Assignment,
    Closure,
    ClosureDecision,
    ClosureState,
    Evidence,
    EvidenceKind,
    EvidenceVersion,
    PlanStatus,
    PlanStatusChange,
    Rag,
    Update,
    UpdateCycle,
    UpdateRequest,
    evidence_blob_path,
)
from .rollup import roll_up
from .uploads import MAX_BYTES, check_upload

ACTION_FIELDS = ["title", "description", "success_measure", "lead", "due_on", "recommendation"]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _today() -> datetime.date:
    return clock.today()


def _check_backdating(actor, at: datetime.datetime | None) -> None:
    if at is not None and not permissions.system(actor):
        raise PermissionDenied  # only the demo loader and data migrations may backdate


def _lock_plan(plan_id: int) -> ActionPlan:
    # ``of=("self",)``: lock the plan row only, not the inspection joined in by callers' relations.
    return ActionPlan.objects.select_for_update(of=("self",)).get(pk=plan_id)


def _refuse_if_closed(plan_id: int) -> None:
    """Every write under a plan takes its row lock first and re-reads the status, so a write and
    the plan being closed cannot interleave: one waits for the other, then sees its outcome."""
    if _lock_plan(plan_id).status == PlanStatus.CLOSED:
        raise PlanClosed(
            "This action plan is closed, so it takes no more changes. "
            "A coordinator can reopen it, with a reason."
        )


# Plans ---------------------------------------------------------------------------------------


@service
def action_plan_create(*, actor, inspection: Inspection) -> ActionPlan:
    _require(can_manage_inspection(actor, inspection))
    if ActionPlan.objects.filter(inspection=inspection).exists():
        raise ValidationError("This inspection already has an action plan")
    plan = ActionPlan.objects.create(inspection=inspection)
    PlanStatusChange.objects.create(
        plan=plan,
        status=plan.status,
        changed_at=clock.now(),
        changed_by=_person(actor),
        note="Plan started",
    )
    audit.record(
        actor=actor,
        event=events.PLAN_CREATED,
        target=plan,
        organisation=inspection.force,
        changes={"status": [None, plan.status]},
    )
    return plan


@service
def action_plan_transition(
    *, actor, plan: ActionPlan, to: PlanStatus, note: str = ""
) -> ActionPlan:
    to = PlanStatus(to)
    given = plan
    seen = PlanStatus(plan.status)  # the status the person saw when they chose
    # Two people moving the plan at once take turns, and each decides on the status as it is now;
    # one whose move no longer applies is told who moved it, and when.
    plan = _lock_plan(plan.pk)
    if plan.status != seen and (PlanStatus(plan.status), to) not in permissions.PLAN_TRANSITIONS:
        raise AlreadyDone(already.plan_moved(plan))
    predicate = permissions.PLAN_TRANSITIONS.get((PlanStatus(plan.status), to))
    if predicate is None:
        raise ValidationError(
            f"A plan that is {plan.get_status_display().lower()} cannot become {to.label.lower()}"
        )
    _require(predicate(actor, plan))
    check_lengths({"note": (note, limits.NOTE)})
    if to == PlanStatus.RETURNED and not note.strip():
        raise ValidationError({"note": "Say what needs to change before the plan is resubmitted"})
    old = plan.status
    plan.status = given.status = to  # the caller's copy stays true to the row
    plan.save(update_fields=["status", "updated_at"])
    PlanStatusChange.objects.create(
        plan=plan, status=to, changed_at=clock.now(), changed_by=_person(actor), note=note
    )
    audit.record(
        actor=actor,
        event=events.PLAN_STATUS_CHANGED,
        target=plan,
        organisation=plan.inspection.force,
        changes={"status": [old, to.value], "note": [None, note]},
    )
    extensions.transitioned(plan, old=old, new=to.value, actor=actor)
    return plan


@service
def action_plan_reopen(*, actor, plan: ActionPlan, reason: str) -> ActionPlan:
    """A closed plan back in delivery, for work found unfinished after all. Only its
    coordinators, and only with a reason, which goes into the plan's history and the audit."""
    _require(permissions.can_manage_plan(actor, plan))
    given, plan = plan, _lock_plan(plan.pk)
    if plan.status != PlanStatus.CLOSED:
        raise AlreadyDone(already.plan_moved(plan) + " There is nothing to reopen.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the plan is being reopened"})
    check_lengths({"reason": (reason, limits.NOTE)})
    plan.status = given.status = PlanStatus.IN_DELIVERY
    plan.save(update_fields=["status", "updated_at"])
    PlanStatusChange.objects.create(
        plan=plan,
        status=plan.status,
        changed_at=clock.now(),
        changed_by=_person(actor),
        note=f"Reopened: {reason}",
    )
    audit.record(
        actor=actor,
        event=events.PLAN_REOPENED,
        target=plan,
        organisation=plan.inspection.force,
        changes={"status": [PlanStatus.CLOSED, plan.status], "reason": [None, reason]},
    )
    return plan


# Actions and assignments ---------------------------------------------------------------------


def _check_action_text(title: str, description: str, success_measure: str) -> None:
    check_lengths(
        {
            "title": (title, limits.TITLE),
            "description": (description, limits.NARRATIVE),
            "success_measure": (success_measure, limits.NARRATIVE),
        },
        labels={"title": "The action"},
    )


def _check_action(plan: ActionPlan, recommendation: Recommendation, partners, lead) -> None:
    if recommendation.inspection_id != plan.inspection_id:
        raise ValidationError({"recommendation": "Choose a recommendation from this inspection"})
    force = plan.inspection.force
    for partner in partners:
        if (
            partner.kind != OrganisationKind.PARTNER_AGENCY
            or not partner.forces.filter(pk=force.pk).exists()
        ):
            raise ValidationError({"partners": f"{partner} is not a partner agency of {force}"})
    if lead is not None and not lead.memberships.filter(organisation=force).exists():
        raise ValidationError({"lead": f"{lead} does not work for {force}"})


@service
def action_create(
    *,
    actor,
    plan: ActionPlan,
    recommendation: Recommendation,
    title: str,
    description: str = "",
    success_measure: str = "",
    lead: User | None = None,
    partners: list[Organisation] | tuple = (),
    due_on: datetime.date | None = None,
) -> Action:
    _require(permissions.can_manage_plan(actor, plan))
    _refuse_if_closed(plan.pk)
    partners = list(partners)
    dates.check_in_range("due_on", "The due date", due_on)
    _check_action_text(title, description, success_measure)
    _check_action(plan, recommendation, partners, lead)
    action = Action.objects.create(
        plan=plan,
        recommendation=recommendation,
        title=title,
        description=description,
        success_measure=success_measure,
        lead=lead,
        due_on_override=due_on,
        position=recommendation.actions.count() + 1,
    )
    action.partners.set(partners)
    audit.record(
        actor=actor,
        event=events.ACTION_CREATED,
        target=action,
        organisation=plan.inspection.force,
        changes={
            **audit.created(action, ACTION_FIELDS),
            "partners": [None, [p.slug for p in partners]],
        },
    )
    return action


@service
def action_update(
    *,
    actor,
    action: Action,
    recommendation: Recommendation,
    title: str,
    description: str,
    success_measure: str,
    lead: User | None,
    partners: list[Organisation] | tuple,
    due_on: datetime.date | None,
) -> Action:
    _require(permissions.can_manage_plan(actor, action))
    _refuse_if_closed(action.plan_id)
    partners = list(partners)
    dates.check_in_range("due_on", "The due date", due_on)
    _check_action_text(title, description, success_measure)
    _check_action(action.plan, recommendation, partners, lead)
    before = {f: getattr(action, f) for f in ACTION_FIELDS}
    before_partners = sorted(p.slug for p in action.partners.all())
    old_recommendation = action.recommendation
    action.recommendation, action.title, action.description = recommendation, title, description
    action.success_measure, action.lead = success_measure, lead
    # An empty due date means "the recommendation's", and then it follows it from now on.
    action.due_on_override = due_on
    action.save()
    action.partners.set(partners)
    changes = audit.changes_between(before, {f: getattr(action, f) for f in ACTION_FIELDS})
    after_partners = sorted(p.slug for p in partners)
    if after_partners != before_partners:
        changes["partners"] = [before_partners, after_partners]
    audit.record(
        actor=actor,
        event=events.ACTION_UPDATED,
        target=action,
        organisation=action.plan.inspection.force,
        changes=changes,
    )
    if old_recommendation.pk != recommendation.pk:
        roll_up(old_recommendation, actor=actor)
        roll_up(recommendation, actor=actor)
    else:  # its assignments' due dates may have moved with the action's
        national_sql.refresh_tallies([recommendation.pk])
    return action


def _check_unit(action: Action, unit: Unit) -> None:
    force = action.plan.inspection.force
    if unit.organisation_id == force.id:
        return
    if unit.organisation in action.partners.all():
        return
    raise ValidationError(
        {"unit": f"{unit} is neither a unit of {force} nor of a partner this action names"}
    )


@service
def assignment_create(
    *, actor, action: Action, unit: Unit, due_on: datetime.date | None = None
) -> Assignment:
    _require(permissions.can_manage_plan(actor, action))
    _refuse_if_closed(action.plan_id)
    dates.check_in_range("due_on", "The due date", due_on)
    _check_unit(action, unit)
    if action.assignments.filter(unit=unit).exists():
        raise ValidationError({"unit": f"{unit} already has this action"})
    assignment = Assignment.objects.create(
        action=action,
        unit=unit,
        due_on_override=due_on,
    )
    audit.record(
        actor=actor,
        event=events.ASSIGNMENT_CREATED,
        target=assignment,
        organisation=action.plan.inspection.force,
        changes={"unit": [None, unit.code], "due_on": [None, assignment.due_on]},
    )
    roll_up(action.recommendation, actor=actor)
    return assignment


@service
def assignments_create_for_districts(*, actor, action: Action) -> list[Assignment]:
    """Assign a force-wide action to every district that does not have it yet."""
    _require(permissions.can_manage_plan(actor, action))
    _refuse_if_closed(action.plan_id)
    # Lock the action so a double-click cannot assign the same district twice.
    Action.objects.select_for_update(of=("self",)).filter(pk=action.pk).first()
    force = action.plan.inspection.force
    have = set(action.assignments.values_list("unit_id", flat=True))
    districts = [
        u for u in force.units.filter(kind=UnitKind.DISTRICT).order_by("name") if u.id not in have
    ]
    if not districts:
        raise ValidationError("Every district already has this action")
    created = Assignment.objects.bulk_create(Assignment(action=action, unit=u) for u in districts)
    audit.record(
        actor=actor,
        event=events.ASSIGNMENT_CREATED_FOR_DISTRICTS,
        target=action,
        organisation=force,
        changes={"units": [None, [u.code for u in districts]]},
    )
    roll_up(action.recommendation, actor=actor)
    return created


# Updates -------------------------------------------------------------------------------------


def _check_update_text(narrative: str, rag: Rag, not_adopted_reason: str) -> None:
    if not narrative.strip():
        raise ValidationError({"narrative": "Enter what has happened since the last update"})
    if rag == Rag.GREY and not not_adopted_reason.strip():
        raise ValidationError({"not_adopted_reason": "Enter why this action is not being adopted"})
    check_lengths(
        {
            "narrative": (narrative, limits.NARRATIVE),
            "not_adopted_reason": (not_adopted_reason, limits.NOTE),
        },
        labels={"narrative": "The update", "not_adopted_reason": "The reason"},
    )


@service
def update_add(
    *,
    actor,
    assignment: Assignment,
    narrative: str,
    rag: Rag,
    percent_complete: int,
    not_adopted_reason: str = "",
    created_at: datetime.datetime | None = None,
) -> Update:
    """Append a progress entry. The assignment row is locked while the entry is numbered, so two
    people updating at once both land, in order, and neither is lost."""
    _require(permissions.can_update_assignment(actor, assignment))
    _check_backdating(actor, created_at)
    rag = Rag(rag)
    if not 0 <= percent_complete <= 100:
        raise ValidationError({"percent_complete": "Percentage complete must be between 0 and 100"})
    _check_update_text(narrative, rag, not_adopted_reason)
    _refuse_if_closed(assignment.action.plan_id)
    locked = _lock_for_update(assignment)
    update = _append(
        locked,
        actor,
        created_at=created_at or clock.now(),
        narrative=narrative,
        rag=rag,
        percent_complete=percent_complete,
        not_adopted_reason=not_adopted_reason if rag == Rag.GREY else "",
    )
    # The update answers the request open on the assignment, if there is one.
    answered = UpdateRequest.objects.filter(assignment=locked, answered_at__isnull=True).update(
        answered_by=update, answered_at=update.created_at
    )
    changes: dict[str, list[object]] = {
        "sequence": [None, update.sequence],
        "rag": [None, rag.value],
        "percent_complete": [None, percent_complete],
    }
    if answered:
        changes["update_request"] = ["open", "answered"]
    audit.record(
        actor=actor,
        event=events.UPDATE_ADDED,
        target=locked,
        organisation=assignment.action.plan.inspection.force,
        changes=changes,
    )
    roll_up(assignment.action.recommendation, actor=actor)
    return update


def _lock_for_update(assignment: Assignment) -> Assignment:
    locked = Assignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk)
    if locked.closure_state == ClosureState.COMPLETE:
        raise ValidationError("This assignment is complete; it takes no more updates")
    return locked


def _append(locked: Assignment, actor, **fields) -> Update:
    """Number and write a new entry on a locked assignment."""
    locked.update_count += 1
    update = Update.objects.create(
        assignment=locked,
        sequence=locked.update_count,
        author=_person(actor),
        author_label=audit.actor_label(actor),
        **fields,
    )
    # The latest is by (created_at, sequence) and the new entry has the highest sequence, so it
    # is the latest unless it is backdated before the one the locked row already names.
    if locked.latest_update_at is None or update.created_at >= locked.latest_update_at:
        locked.latest_rag, locked.latest_update_at = update.rag, update.created_at
        locked.latest_sequence = update.sequence
    locked.save(
        update_fields=[
            "update_count",
            "latest_rag",
            "latest_update_at",
            "latest_sequence",
            "updated_at",
        ]
    )
    return update


CORRECTED_FIELDS = ("narrative", "rag", "percent_complete", "not_adopted_reason")


@service
def update_correct(
    *,
    actor,
    update: Update,
    reason: str,
    narrative: str,
    rag: Rag,
    percent_complete: int,
    not_adopted_reason: str = "",
) -> Update:
    """Put a mistake in the latest update right: a new entry that supersedes it, saying what was
    wrong. The corrected entry is never changed (the history shows it struck through), and an
    entry can be corrected once; a later update makes it history, no longer correctable."""
    assignment = update.assignment
    _require(permissions.can_update_assignment(actor, assignment))
    rag = Rag(rag)
    if not reason.strip():
        raise ValidationError({"reason": "Say what was wrong with the update"})
    check_lengths({"reason": (reason, limits.NOTE)})
    if not 0 <= percent_complete <= 100:
        raise ValidationError({"percent_complete": "Percentage complete must be between 0 and 100"})
    _check_update_text(narrative, rag, not_adopted_reason)
    _refuse_if_closed(assignment.action.plan_id)
    locked = _lock_for_update(assignment)
    latest = locked.updates.order_by("-created_at", "-sequence").first()
    if latest is None or latest.pk != update.pk:
        already_by = Update.objects.filter(supersedes=update).select_related("author").first()
        if already_by is not None:
            raise AlreadyDone(
                f"This update was corrected by {already_by.author_label} on "
                f"{already.when(already_by.created_at)}."
            )
        raise ValidationError(
            "Only the latest update can be corrected: add a new update to say what has changed"
        )
    correction = _append(
        locked,
        actor,
        created_at=clock.now(),
        narrative=narrative,
        rag=rag,
        percent_complete=percent_complete,
        not_adopted_reason=not_adopted_reason if rag == Rag.GREY else "",
        supersedes=update,
        correction_reason=reason.strip(),
    )
    audit.record(
        actor=actor,
        event=events.UPDATE_CORRECTED,
        target=locked,
        organisation=assignment.action.plan.inspection.force,
        changes={
            "sequence": [update.sequence, correction.sequence],
            "reason": [None, correction.correction_reason],
            **audit.changes_between(
                {f: getattr(update, f) for f in CORRECTED_FIELDS},
                {f: getattr(correction, f) for f in CORRECTED_FIELDS},
            ),
        },
    )
    roll_up(assignment.action.recommendation, actor=actor)
    return correction


# Update cycles -------------------------------------------------------------------------------

CYCLE_FIELDS = ["day_of_month", "horizon_days", "response_days", "active"]


@service
def update_cycle_set(
    *,
    actor,
    plan: ActionPlan,
    day_of_month: int,
    horizon_days: int,
    response_days: int,
    active: bool = True,
) -> UpdateCycle:
    """Set (or change) the plan's update cycle: the day of each month it runs, which
    assignments it asks (due within ``horizon_days`` or overdue) and how long they have."""
    _require(permissions.can_manage_plan(actor, plan))
    _refuse_if_closed(plan.pk)
    if not 1 <= day_of_month <= 28:
        raise ValidationError({"day_of_month": "The day of the month must be between 1 and 28"})
    if not 0 <= horizon_days <= 365:
        raise ValidationError({"horizon_days": "Days ahead must be between 0 and 365"})
    if not 1 <= response_days <= 90:
        raise ValidationError({"response_days": "Days to respond must be between 1 and 90"})
    cycle = UpdateCycle.objects.select_for_update(of=("self",)).filter(plan=plan).first()
    before = {f: getattr(cycle, f) for f in CYCLE_FIELDS} if cycle else dict.fromkeys(CYCLE_FIELDS)
    if cycle is None:
        cycle = UpdateCycle(plan=plan)
    cycle.day_of_month, cycle.horizon_days = day_of_month, horizon_days
    cycle.response_days, cycle.active = response_days, active
    cycle.set_by = _person(actor)
    cycle.save()
    audit.record(
        actor=actor,
        event=events.UPDATE_CYCLE_SET,
        target=plan,
        organisation=plan.inspection.force,
        changes=audit.changes_between(before, {f: getattr(cycle, f) for f in CYCLE_FIELDS}),
    )
    return cycle


def _issue(cycle: UpdateCycle, actor, today: datetime.date) -> list[UpdateRequest]:
    """One request per open assignment in the cycle's scope that has none open: two inserts
    whatever the size of the plan (a select of the ids, one bulk insert)."""
    horizon = today + datetime.timedelta(days=cycle.horizon_days)
    in_scope = (
        Assignment.objects.filter(action__plan_id=cycle.plan_id)
        .exclude(closure_state=ClosureState.COMPLETE)
        .exclude(completed_on__lte=today)
        .filter(due_on__isnull=False, due_on__lte=horizon)
        .exclude(
            Exists(
                UpdateRequest.objects.filter(assignment=OuterRef("pk"), answered_at__isnull=True)
            )
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    due_back = today + datetime.timedelta(days=cycle.response_days)
    return UpdateRequest.objects.bulk_create(
        UpdateRequest(
            assignment_id=pk,
            cycle=cycle,
            requested_on=today,
            due_back_on=due_back,
            requested_by=_person(actor),
        )
        for pk in list(in_scope)
    )


@service
def update_requests_issue(*, actor, plan: ActionPlan) -> list[UpdateRequest]:
    """Run the plan's update cycle now: ask every open assignment in its scope for an update.
    An assignment already asked and not yet answered is not asked again."""
    _require(permissions.can_manage_plan(actor, plan))
    _refuse_if_closed(plan.pk)
    cycle = UpdateCycle.objects.select_for_update(of=("self",)).filter(plan=plan).first()
    if cycle is None:
        raise ValidationError("Set the plan's update cycle first")
    today = _today()
    made = _issue(cycle, actor, today)
    cycle.last_run_on = today
    cycle.save(update_fields=["last_run_on", "updated_at"])
    audit.record(
        actor=actor,
        event=events.UPDATE_REQUESTS_ISSUED,
        target=plan,
        organisation=plan.inspection.force,
        changes={
            "requests": [None, len(made)],
            "due_back_on": [None, made[0].due_back_on if made else None],
        },
    )
    return made


@service
def update_cycles_run(*, actor, today: datetime.date | None = None) -> int:
    """The daily job: run every active cycle whose day of the month has come and that has not
    run since (a day missed is caught up the next day). Says how many requests it made."""
    _require(permissions.system(actor))
    today = today or _today()
    this_month = today.replace(day=1)
    made = 0
    cycles = (
        UpdateCycle.objects.select_for_update(of=("self",))
        .filter(active=True, day_of_month__lte=today.day)
        .exclude(last_run_on__gte=this_month)
        .exclude(plan__status=PlanStatus.CLOSED)
        .select_related("plan__inspection__force")
    )
    for cycle in cycles:
        requests = _issue(cycle, actor, today)
        cycle.last_run_on = today
        cycle.save(update_fields=["last_run_on", "updated_at"])
        made += len(requests)
        audit.record(
            actor=actor,
            event=events.UPDATE_REQUESTS_ISSUED,
            target=cycle.plan,
            organisation=cycle.plan.inspection.force,
            changes={"requests": [None, len(requests)], "on": [None, today]},
        )
    audit.record(actor=actor, event=events.UPDATE_CYCLES_RUN, changes={"requests": [None, made]})
    return made


# Evidence ------------------------------------------------------------------------------------


def _version_content(*, kind, upload, url, note) -> dict:
    if kind == EvidenceKind.FILE:
        if upload is None:
            raise ValidationError({"upload": "Select a file"})
        if (upload.size or 0) > MAX_BYTES:  # refuse before reading it all into memory
            raise ValidationError({"upload": "The selected file must be smaller than 20MB"})
        checked = check_upload(upload.name, upload.read())
        stored = EvidenceVersion(sha256=checked.sha256)
        path = evidence_blob_path(stored, checked.name)
        return {
            # Stored once under its hash: the name is enough when the same bytes are there.
            "file": path
            if default_storage.exists(path)
            else ContentFile(checked.content, name=checked.name),
            "filename": checked.name,
            "content_type": checked.content_type,
            "size": checked.size,
            "sha256": checked.sha256,
        }
    if kind == EvidenceKind.LINK:
        if not url.strip():
            raise ValidationError({"url": "Enter the link"})
        check_lengths({"url": (url.strip(), limits.URL)}, labels={"url": "The link"})
        return {"url": url.strip()}
    if not note.strip():
        raise ValidationError({"note": "Enter the note"})
    check_lengths({"note": (note.strip(), limits.NARRATIVE)}, labels={"note": "The note"})
    return {"note": note.strip()}


def _refuse_if_complete(assignment: Assignment) -> None:
    if assignment.closure_state == ClosureState.COMPLETE:
        raise ValidationError("This assignment is complete; it takes no more evidence")


def _add_version(
    evidence: Evidence, actor, content: dict, at: datetime.datetime | None = None
) -> EvidenceVersion:
    # Lock the evidence row so two versions added at once are numbered one after the other.
    Evidence.objects.select_for_update(of=("self",)).filter(pk=evidence.pk).first()
    number = (
        evidence.versions.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    return EvidenceVersion.objects.create(
        evidence=evidence,
        version=number,
        created_by=_person(actor),
        created_at=at or clock.now(),
        **content,
    )


@service
def evidence_add(
    *,
    actor,
    assignment: Assignment,
    kind: EvidenceKind,
    title: str,
    upload=None,
    url: str = "",
    note: str = "",
    at: datetime.datetime | None = None,
) -> Evidence:
    _require(permissions.can_update_assignment(actor, assignment))
    _check_backdating(actor, at)
    _refuse_if_closed(assignment.action.plan_id)
    _refuse_if_complete(assignment)
    kind = EvidenceKind(kind)
    check_lengths({"title": (title.strip(), limits.TITLE)})
    content = _version_content(kind=kind, upload=upload, url=url, note=note)
    evidence = Evidence.objects.create(
        assignment=assignment,
        kind=kind,
        title=title.strip() or content.get("filename", "Evidence"),
        created_by=_person(actor),
    )
    version = _add_version(evidence, actor, content, at)
    audit.record(
        actor=actor,
        event=events.EVIDENCE_ADDED,
        target=evidence,
        organisation=assignment.action.plan.inspection.force,
        changes={
            "kind": [None, kind.value],
            "title": [None, evidence.title],
            "version": [None, version.version],
            "sha256": [None, version.sha256 or None],
            "url": [None, version.url or None],
        },
    )
    return evidence


@service
def evidence_version_add(
    *, actor, evidence: Evidence, upload=None, url: str = "", note: str = ""
) -> EvidenceVersion:
    _require(permissions.can_update_assignment(actor, evidence.assignment))
    _refuse_if_closed(evidence.assignment.action.plan_id)
    _refuse_if_complete(evidence.assignment)
    content = _version_content(kind=evidence.kind, upload=upload, url=url, note=note)
    version = _add_version(evidence, actor, content)
    audit.record(
        actor=actor,
        event=events.EVIDENCE_VERSION_ADDED,
        target=evidence,
        organisation=evidence.assignment.action.plan.inspection.force,
        changes={
            "version": [version.version - 1, version.version],
            "sha256": [None, version.sha256 or None],
        },
    )
    return version


@service
def evidence_download(*, actor, version: EvidenceVersion) -> EvidenceVersion:
    """Record that someone took a copy of a file; the view then streams it."""
    evidence = version.evidence
    audit.record(
        actor=actor,
        event=events.EVIDENCE_DOWNLOADED,
        target=evidence,
        organisation=evidence.assignment.action.plan.inspection.force,
        changes={"version": [None, version.version], "filename": [None, version.filename]},
    )
    return version


# Closures ------------------------------------------------------------------------------------


@service
def closure_propose(
    *,
    actor,
    assignment: Assignment,
    summary: str,
    evidence: list[Evidence],
    at: datetime.datetime | None = None,
) -> Closure:
    _require(permissions.can_update_assignment(actor, assignment))
    _check_backdating(actor, at)
    _refuse_if_closed(assignment.action.plan_id)
    # Lock and re-read: a double-click or two people proposing at once must find the first
    # proposal, not both insert one (the unique constraint would answer with a 500).
    assignment = _lock_assignment(assignment.pk)
    if assignment.closure_state != ClosureState.OPEN:
        raise AlreadyDone(already.closure_state(assignment))
    if not summary.strip():
        raise ValidationError({"summary": "Say why this assignment can close"})
    check_lengths({"summary": (summary, limits.NARRATIVE)}, labels={"summary": "The summary"})
    evidence = list(evidence)
    if not evidence:
        raise ValidationError({"evidence": "Select the evidence that shows the work is done"})
    if any(e.assignment_id != assignment.id for e in evidence):
        raise ValidationError({"evidence": "Evidence must belong to this assignment"})
    closure = Closure.objects.create(
        assignment=assignment,
        proposed_by=_person(actor),
        proposed_at=at or clock.now(),
        summary=summary,
    )
    closure.evidence.set(evidence)
    assignment.closure_state = ClosureState.PROPOSED
    assignment.save(update_fields=["closure_state", "updated_at"])
    audit.record(
        actor=actor,
        event=events.CLOSURE_PROPOSED,
        target=assignment,
        organisation=assignment.action.plan.inspection.force,
        changes={
            "closure_state": [ClosureState.OPEN, ClosureState.PROPOSED],
            "evidence": [None, [e.title for e in evidence]],
        },
    )
    return closure


def _lock_assignment(pk: int) -> Assignment:
    return Assignment.objects.select_for_update(of=("self",)).get(pk=pk)


def _lock_pending(closure: Closure) -> tuple[Closure, Assignment]:
    """Lock the closure and its assignment, in that order (every decision takes them so), and
    re-read them: the person decided on what they saw, and someone may have decided since."""
    locked = Closure.objects.select_for_update(of=("self",)).get(pk=closure.pk)
    if locked.decision != ClosureDecision.PENDING:
        raise AlreadyDone(already.closure_decided(locked))
    return locked, _lock_assignment(locked.assignment_id)


@service
def closure_approve(
    *,
    actor,
    closure: Closure,
    comment: str = "",
    demonstration_months: int | None = None,
    at: datetime.datetime | None = None,
) -> Closure:
    _require(permissions.can_decide_closure(actor, closure.assignment))
    _check_backdating(actor, at)
    _refuse_if_closed(closure.assignment.action.plan_id)
    closure, assignment = _lock_pending(closure)
    check_lengths({"comment": (comment, limits.NOTE)})
    if demonstration_months is not None and not 1 <= demonstration_months <= 24:
        raise ValidationError({"demonstration_months": "A demonstration period is 1 to 24 months"})
    today = timezone.localdate(at) if at else _today()
    closure.decision, closure.decided_by = ClosureDecision.APPROVED, _person(actor)
    closure.decided_at, closure.comment = at or clock.now(), comment
    closure.demonstration_months = demonstration_months
    closure.save()
    assignment.closure_approved_on = today
    if demonstration_months:
        assignment.closure_state = ClosureState.DEMONSTRATING
        assignment.demonstration_until = add_months(today, demonstration_months)
        assignment.completed_on = assignment.demonstration_until
    else:
        assignment.closure_state = ClosureState.COMPLETE
        assignment.completed_on = today
    assignment.save()
    audit.record(
        actor=actor,
        event=events.CLOSURE_APPROVED,
        target=assignment,
        organisation=assignment.action.plan.inspection.force,
        changes={
            "closure_state": [ClosureState.PROPOSED, assignment.closure_state],
            "completed_on": [None, assignment.completed_on],
            "demonstration_months": [None, demonstration_months],
            "comment": [None, comment],
        },
    )
    roll_up(assignment.action.recommendation, actor=actor)
    return closure


@service
def closure_return(
    *, actor, closure: Closure, comment: str, at: datetime.datetime | None = None
) -> Closure:
    _require(permissions.can_decide_closure(actor, closure.assignment))
    _check_backdating(actor, at)
    _refuse_if_closed(closure.assignment.action.plan_id)
    closure, assignment = _lock_pending(closure)
    if not comment.strip():
        raise ValidationError({"comment": "Say what is missing, so the unit can put it right"})
    check_lengths({"comment": (comment, limits.NOTE)})
    closure.decision, closure.decided_by = ClosureDecision.RETURNED, _person(actor)
    closure.decided_at, closure.comment = at or clock.now(), comment
    closure.save()
    assignment.closure_state = ClosureState.OPEN
    assignment.save(update_fields=["closure_state", "updated_at"])
    audit.record(
        actor=actor,
        event=events.CLOSURE_RETURNED,
        target=assignment,
        organisation=assignment.action.plan.inspection.force,
        changes={
            "closure_state": [ClosureState.PROPOSED, ClosureState.OPEN],
            "comment": [None, comment],
        },
    )
    return closure


# Exports -------------------------------------------------------------------------------------


def _export_checked(actor, force, format, inspection):
    from assure.accounts.permissions import is_system, readable_force_ids

    from . import export

    _require(is_system(actor) or force.pk in readable_force_ids(actor))
    if format not in export.FORMATS:
        raise ValidationError({"format": f"Choose a format: {', '.join(export.FORMATS)}"})
    if inspection is not None and inspection.force_id != force.pk:
        raise ValidationError({"inspection": f"Choose an inspection of {force}"})


def _export_audited(actor, force, format, inspection):
    """Check, audit with what the export holds (counted in the database before it is written)
    and return the export's iterator of bytes. Called only by the two services below."""
    from . import export

    _export_checked(actor, force, format, inspection)
    changes: dict[str, list[object]] = {"format": [None, format]}
    if inspection is not None:
        changes["inspection"] = [None, inspection.pk]
    changes.update(
        {name: [None, n] for name, n in export.sql_counts(force, inspection=inspection).items()}
    )
    audit.record(
        actor=actor,
        event=events.EXPORT_CREATED,
        target=force,
        organisation=force,
        changes=changes,
    )
    return export.stream(force, format, inspection=inspection)


@service
def force_export_stream(
    *, actor, force: Organisation, format: str, inspection: Inspection | None = None
):
    """The force's inspections and plans (or one inspection's) as JSON, CSV or XLSX, as an
    iterator of bytes written one chunk of recommendations at a time (see docs/export.md), so a
    national export's memory does not grow with its size. Exports disclose data, so each is
    audited with what it holds."""
    return _export_audited(actor, force, format, inspection)


@service
def force_export(
    *, actor, force: Organisation, format: str, inspection: Inspection | None = None
) -> bytes:
    """``force_export_stream`` read whole, for small exports and tests."""
    return b"".join(_export_audited(actor, force, format, inspection))


@service
def recommendation_statuses_refresh(*, actor) -> int:
    """Roll every recommendation's status up again, for changes that come with time rather than
    with a write (a demonstration period ending). Run daily; says how many changed."""
    _require(permissions.system(actor))
    changed = 0
    recommendations = Recommendation.objects.filter(actions__isnull=False).distinct()
    for recommendation in recommendations.select_related("inspection", "inspection__force"):
        before = recommendation.status
        roll_up(recommendation, actor=actor, tally=False)
        changed += recommendation.status != before
    audit.record(actor=actor, event=events.STATUSES_REFRESHED, changes={"changed": [None, changed]})
    return changed
