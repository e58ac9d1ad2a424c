"""What a plan says, frozen: canonical JSON of its recommendations, actions and assignments, its
SHA-256, and what changed between two of them.

``plan_content`` is also the plan's fingerprint for papers: a paper records the hash of the plan
it was generated from, and a page compares it with the plan's hash now. Three queries, whatever
the plan's size.
"""

import hashlib
import json

from assure.core import audit, clock
from assure.plans.models import Action, ActionPlan, Assignment, PlanStatus

from .models import PlanSnapshot, SnapshotPurpose


def plan_content(plan: ActionPlan) -> dict:
    recommendations = list(plan.inspection.recommendations.order_by("position", "id"))
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("lead", "recommendation")
        .order_by("recommendation__position", "position", "id")
    )
    assignments = list(
        Assignment.objects.filter(action__plan=plan)
        .select_related("unit")
        .order_by("action_id", "unit__kind", "unit__name")
    )
    by_action: dict[int, list[dict]] = {}
    for a in assignments:
        by_action.setdefault(a.action_id, []).append(
            {
                "unit": a.unit.code,
                "due_on": a.due_on.isoformat() if a.due_on else None,
                "closure_state": a.closure_state,
                "updates": a.update_count,
            }
        )
    return {
        "plan": plan.pk,
        "inspection": plan.inspection.title,
        "recommendations": [
            {"ref": r.ref, "area": r.area, "text": r.text, "status": r.status}
            for r in recommendations
        ],
        "actions": [
            {
                "id": a.pk,
                "recommendation": a.recommendation.ref,
                "title": a.title,
                "description": a.description,
                "success_measure": a.success_measure,
                "lead": a.lead.display_name if a.lead else None,
                "due_on": a.due_on.isoformat() if a.due_on else None,
                "assignments": by_action.get(a.pk, []),
            }
            for a in actions
        ],
    }


def canonical(content: dict) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(plan: ActionPlan) -> str:
    return sha256(canonical(plan_content(plan)))


def freeze(plan: ActionPlan, *, purpose: str, actor) -> PlanSnapshot:
    """Called inside a service's transaction, which also writes the audit event."""
    text = canonical(plan_content(plan))
    last = PlanSnapshot.objects.filter(plan=plan).order_by("-sequence").first()
    return PlanSnapshot.objects.create(
        plan=plan,
        sequence=(last.sequence + 1) if last else 1,
        purpose=purpose,
        content=text,
        sha256=sha256(text),
        created_at=clock.now(),
        created_by_label=audit.actor_label(actor),
    )


def on_plan_transition(plan: ActionPlan, *, old: str, new: str, actor) -> None:
    """plans' ``plan_transitioned`` hook: each submission, to QA or to the national team,
    freezes what was submitted. It runs inside ``action_plan_transition``'s transaction, whose
    audit event records the move; the snapshot's own event is recorded here."""
    purposes = {
        PlanStatus.IN_QA: SnapshotPurpose.QA,
        PlanStatus.SUBMITTED: SnapshotPurpose.NATIONAL,
    }
    purpose = purposes.get(PlanStatus(new))
    if purpose is None:
        return
    from . import events

    snapshot = freeze(plan, purpose=purpose, actor=actor)
    audit.record(
        actor=actor,
        event=events.SNAPSHOT_FROZEN,
        target=snapshot,
        organisation=plan.inspection.force,
        changes={"sha256": [None, snapshot.sha256], "purpose": [None, purpose.value]},
    )


def diff(previous: dict | None, current: dict) -> list[str]:
    """What changed from one snapshot to the next, in sentences."""
    if previous is None:
        return ["First submission."]
    changes = []
    before = {a["id"]: a for a in previous.get("actions", [])}
    after = {a["id"]: a for a in current.get("actions", [])}
    for action_id, action in after.items():
        old = before.get(action_id)
        if old is None:
            changes.append(f"Added action for {action['recommendation']}: {action['title']}")
            continue
        for key, label in (
            ("title", "title"),
            ("description", "description"),
            ("success_measure", "success measure"),
            ("lead", "lead"),
            ("due_on", "due date"),
        ):
            if old.get(key) != action.get(key):
                changes.append(
                    f"Changed the {label} of “{action['title']}” "
                    f"(from “{old.get(key) or '—'}” to “{action.get(key) or '—'}”)"
                )
        old_units = {x["unit"] for x in old.get("assignments", [])}
        new_units = {x["unit"] for x in action.get("assignments", [])}
        if new_units - old_units:
            changes.append(
                f"Assigned “{action['title']}” to {', '.join(sorted(new_units - old_units))}"
            )
        if old_units - new_units:
            changes.append(
                f"Removed {', '.join(sorted(old_units - new_units))} from “{action['title']}”"
            )
    for action_id, action in before.items():
        if action_id not in after:
            changes.append(f"Removed action for {action['recommendation']}: {action['title']}")
    return changes or ["No change to the actions since the previous submission."]
