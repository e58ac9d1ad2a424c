"""The demo's action plan for HMIC's 2014 child protection inspection of West Yorkshire Police, and
a year of delivery (2015) in which the districts visibly differ, as the 2015 follow-up found.

The story is data, in ``demo_data/`` (``plan.toml``, ``history.toml`` and the evidence files),
read and checked by ``demo_story``; this module only writes it, through the services. People do
what people did (the coordinator builds and submits the plan, the regional inspector
quality-assures it); the dated history of updates, evidence and closures is written by a system
actor, the only actor allowed to backdate. The force, units and people, and the organisations and
numbers in the narratives, are fictional.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from assure.accounts.demo import DISTRICTS, EMAIL_DOMAIN, partner_slug
from assure.accounts.models import Organisation, Unit, User
from assure.core.audit import SystemActor
from assure.core.demo import DemoContext
from assure.inspections.models import Inspection

from . import demo_story as story
from .models import ActionPlan, Assignment, EvidenceKind
from .services import (
    action_create,
    action_plan_create,
    action_plan_transition,
    assignment_create,
    assignments_create_for_districts,
    closure_approve,
    closure_propose,
    closure_return,
    evidence_add,
    update_add,
)

HISTORY_ACTOR = SystemActor("demo history")


@dataclass
class _Context:
    plan: ActionPlan
    people: dict[str, User]
    units: dict[str, Unit]
    partners: dict[str, Organisation]
    made: list[str] = field(default_factory=list)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def load(*, inspection: Inspection) -> list[str]:
    """Write the plan and its 2015 history unless the inspection has a plan; say what was made."""
    if ActionPlan.objects.filter(inspection=inspection).exists():
        return []
    plot = story.read_story()  # every entry checked before anything is written
    recommendations = {r.ref: r for r in inspection.recommendations.all()}
    for spec in plot.actions:
        if spec.ref not in recommendations:
            raise story.StoryError(
                f"{spec.where}: the inspection has no recommendation {spec.ref!r}; "
                f"it has {', '.join(recommendations)}"
            )
    people = {
        u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    }
    units = {u.code: u for u in inspection.force.units.all()}
    partners = {d: Organisation.objects.get(slug=partner_slug(d)) for d in DISTRICTS}
    for district, organisation in partners.items():
        units[f"CS:{district}"] = organisation.units.get(code="CS")
    coordinator = people["coordinator"]
    plan = action_plan_create(actor=coordinator, inspection=inspection)
    context = _Context(plan, people, units, partners, made=["action plan"])
    assignments = _actions(context, coordinator, plot.actions, recommendations)
    for transition in plot.transitions:
        action_plan_transition(
            actor=people[transition.by], plan=plan, to=transition.to, note=transition.note
        )
    for history in plot.history:
        _history(context, assignments[(history.action, history.unit)], history.events)
    return context.made


def _actions(context: _Context, actor, specs, recommendations):
    assignments: dict[tuple[str, str], Assignment] = {}
    for spec in specs:
        action = action_create(
            actor=actor,
            plan=context.plan,
            recommendation=recommendations[spec.ref],
            title=spec.title,
            description=spec.description,
            success_measure=spec.success_measure,
            lead=context.people[spec.lead],
            partners=[context.partners[d] for d in spec.partners],
            due_on=spec.due_on,
        )
        context.made.append(f"action {spec.title}")
        for label in spec.units:
            if label == story.DISTRICT_UNITS:
                for assignment in assignments_create_for_districts(actor=actor, action=action):
                    assignment.unit = Unit.objects.get(pk=assignment.unit_id)
                    assignments[(spec.key, assignment.unit.code)] = assignment
                    context.made.append(f"assignment {spec.key} {assignment.unit.code}")
                continue
            assignment = assignment_create(actor=actor, action=action, unit=context.units[label])
            assignments[(spec.key, label)] = assignment
            context.made.append(f"assignment {spec.key} {label}")
    return assignments


def _history(context: _Context, assignment: Assignment, events) -> None:
    evidence = []
    closure = None
    for event in events:
        match event:
            case story.Update():
                update_add(
                    actor=HISTORY_ACTOR,
                    assignment=assignment,
                    narrative=event.text,
                    rag=event.rag,
                    percent_complete=event.percent,
                    not_adopted_reason=event.not_adopted_reason,
                    created_at=_at(event.on, 10),
                )
                context.made.append(f"update {event.on}")
            case story.Evidence():
                evidence.append(_evidence(assignment, event))
                context.made.append(f"evidence {event.title}")
            case story.ClosureProposed():
                assignment.refresh_from_db()
                closure = closure_propose(
                    actor=HISTORY_ACTOR,
                    assignment=assignment,
                    summary=event.summary,
                    evidence=evidence,
                    at=_at(event.on, 15),
                )
                context.made.append(f"closure proposed {event.on}")
            case story.ClosureApproved():
                closure_approve(
                    actor=HISTORY_ACTOR,
                    closure=closure,
                    comment=event.comment,
                    demonstration_months=event.demonstration_months,
                    at=_at(event.on, 16),
                )
                context.made.append(f"closure approved {event.on}")
            case story.ClosureReturned():
                closure_return(
                    actor=HISTORY_ACTOR,
                    closure=closure,
                    comment=event.comment,
                    at=_at(event.on, 16),
                )
                context.made.append(f"closure returned {event.on}")


def _evidence(assignment: Assignment, event: story.Evidence):
    common = {"actor": HISTORY_ACTOR, "assignment": assignment, "title": event.title}
    at = _at(event.on, 11)
    if event.file is not None:
        name, content = event.file
        return evidence_add(
            **common, kind=EvidenceKind.FILE, upload=SimpleUploadedFile(name, content), at=at
        )
    if event.url:
        return evidence_add(**common, kind=EvidenceKind.LINK, url=event.url, at=at)
    return evidence_add(**common, kind=EvidenceKind.NOTE, note=event.note, at=at)


def load_for_demo(*, context: DemoContext) -> list[str]:
    """The demo loader this app declares (apps.py)."""
    return load(inspection=context.shared["inspection"])
