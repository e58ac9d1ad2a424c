"""Writes for inspections, findings and recommendations.

Due dates are stored, and recomputed here whenever what they depend on changes (the deadline
rule, or the inspection's publication date), so pages and exports read them without working
them out again.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from assure.accounts.models import Organisation, OrganisationKind
from assure.core import audit, clock, dates, limits
from assure.core.limits import check_lengths
from assure.core.service import service

from . import events, extensions, permissions, selectors
from .deadlines import DeadlineRule, resolve_due_on
from .extraction import Extraction
from .history import record_status
from .models import (
    Finding,
    FindingKind,
    Inspection,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
    RecommendationStatusChange,
)

INSPECTION_FIELDS = [
    "title",
    "body",
    "programme",
    "fieldwork_start",
    "fieldwork_end",
    "published_on",
    "report_url",
]
RECOMMENDATION_FIELDS = [
    "ref",
    "area",
    "text",
    "sub_points",
    "kind",
    "deadline_rule",
    "deadline_amount",
    "deadline_unit",
    "deadline_date",
    "deadline_inherited",
    "due_on",
]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _snapshot(instance, fields) -> dict:
    return {f: getattr(instance, f) for f in fields}


def _check_dates(**values) -> None:
    labels = {
        "published_on": "The publication date",
        "fieldwork_start": "The fieldwork start date",
        "fieldwork_end": "The fieldwork end date",
    }
    for field, value in values.items():
        dates.check_in_range(field, labels[field], value)


def _check_inspection_text(fields: dict) -> None:
    check_lengths(
        {
            name: (fields.get(name), limit)
            for name, limit in (
                ("title", limits.TITLE),
                ("body", 100),
                ("programme", limits.NAME),
                ("report_url", limits.LINE),
            )
        }
    )


def _check_recommendation_text(ref: str, area: str, text: str, sub_points) -> None:
    check_lengths(
        {
            "ref": (ref, 30),
            "area": (area, limits.NAME),
            "text": (text, limits.PARAGRAPH),
            "sub_points": ("\n".join(sub_points or []), limits.PARAGRAPH),
        },
        labels={"ref": "The reference", "text": "The recommendation’s text"},
    )


def _check_fieldwork(start, end) -> None:
    _check_dates(fieldwork_start=start, fieldwork_end=end)
    if start and end and end < start:
        raise ValidationError({"fieldwork_end": "Fieldwork must end on or after the day it starts"})


@service
def inspection_create(
    *,
    actor,
    force: Organisation,
    title: str,
    body: str = "HMIC",
    programme: str = "",
    fieldwork_start: datetime.date | None = None,
    fieldwork_end: datetime.date | None = None,
    published_on: datetime.date | None = None,
    report_url: str = "",
) -> Inspection:
    _require(permissions.can_create_inspection(actor, force))
    if force.kind != OrganisationKind.FORCE:
        raise ValidationError("Inspections are of police forces.")
    _check_fieldwork(fieldwork_start, fieldwork_end)
    _check_dates(published_on=published_on)
    _check_inspection_text(
        {"title": title, "body": body, "programme": programme, "report_url": report_url}
    )
    inspection = Inspection.objects.create(
        force=force,
        title=title,
        body=body,
        programme=programme,
        fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end,
        published_on=published_on,
        report_url=report_url,
    )
    audit.record(
        actor=actor,
        event=events.INSPECTION_CREATED,
        target=inspection,
        organisation=force,
        changes=audit.created(inspection, INSPECTION_FIELDS),
    )
    return inspection


@dataclass(frozen=True)
class InspectionUpdated:
    inspection: Inspection
    due_dates_moved: int  # recommendations whose due date the change moved


@service
def inspection_update(*, actor, inspection: Inspection, **fields) -> InspectionUpdated:
    """Change an inspection's details; a new publication date moves every due date with it."""
    _require(permissions.can_manage_inspection(actor, inspection))
    unknown = set(fields) - set(INSPECTION_FIELDS)
    if unknown:
        raise TypeError(f"not inspection fields: {sorted(unknown)}")
    before = _snapshot(inspection, INSPECTION_FIELDS)
    for name, value in fields.items():
        setattr(inspection, name, value)
    _check_fieldwork(inspection.fieldwork_start, inspection.fieldwork_end)
    _check_dates(published_on=inspection.published_on)
    _check_inspection_text(fields)
    inspection.save()
    changes = audit.changes_between(before, _snapshot(inspection, INSPECTION_FIELDS))
    moved = {"recommendations": 0}
    if "published_on" in changes:
        moved = _recompute_due_dates(inspection)
        changes["due_dates_recomputed"] = [None, moved["recommendations"]]
        changes["action_due_dates_moved"] = [None, moved["actions"]]
        changes["assignment_due_dates_moved"] = [None, moved["assignments"]]
    audit.record(
        actor=actor,
        event=events.INSPECTION_UPDATED,
        target=inspection,
        organisation=inspection.force,
        changes=changes,
    )
    return InspectionUpdated(inspection, moved["recommendations"])


def _recompute_due_dates(inspection: Inspection) -> dict[str, int]:
    changed = []
    for recommendation in inspection.recommendations.all():
        due = resolve_due_on(recommendation.deadline, inspection.published_on)
        if due != recommendation.due_on:
            recommendation.due_on = due
            changed.append(recommendation)
    Recommendation.objects.bulk_update(changed, ["due_on"])
    return {"recommendations": len(changed), **extensions.due_date_followers(changed)}


@service
def finding_add(
    *, actor, inspection: Inspection, text: str, kind: FindingKind = FindingKind.CONCERN
) -> Finding:
    _require(permissions.can_manage_inspection(actor, inspection))
    check_lengths({"text": (text, limits.PARAGRAPH)}, labels={"text": "The finding"})
    position = inspection.findings.count() + 1
    finding = Finding.objects.create(inspection=inspection, text=text, kind=kind, position=position)
    audit.record(
        actor=actor,
        event=events.FINDING_ADDED,
        target=finding,
        organisation=inspection.force,
        changes=audit.created(finding, ["kind", "text"]),
    )
    return finding


@service
def finding_update(*, actor, finding: Finding, text: str, kind: FindingKind) -> Finding:
    _require(permissions.can_manage_inspection(actor, finding.inspection))
    check_lengths({"text": (text, limits.PARAGRAPH)}, labels={"text": "The finding"})
    before = _snapshot(finding, ["text", "kind"])
    finding.text, finding.kind = text, kind
    finding.save()
    audit.record(
        actor=actor,
        event=events.FINDING_UPDATED,
        target=finding,
        organisation=finding.inspection.force,
        changes=audit.changes_between(before, _snapshot(finding, ["text", "kind"])),
    )
    return finding


@service
def finding_delete(*, actor, finding: Finding) -> None:
    _require(permissions.can_manage_inspection(actor, finding.inspection))
    audit.record(
        actor=actor,
        event=events.FINDING_DELETED,
        target=finding,
        organisation=finding.inspection.force,
        changes={"text": [finding.text, None], "kind": [finding.kind, None]},
    )
    finding.delete()


def _apply_deadline(recommendation: Recommendation, deadline: DeadlineRule) -> None:
    recommendation.deadline_rule = deadline.rule
    recommendation.deadline_amount = deadline.amount
    recommendation.deadline_unit = deadline.unit
    recommendation.deadline_date = deadline.date
    recommendation.deadline_inherited = deadline.inherited
    recommendation.due_on = resolve_due_on(deadline, recommendation.inspection.published_on)


def _check_ref_free(inspection, ref, exclude_pk=None) -> None:
    clash = inspection.recommendations.filter(ref=ref).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"ref": f"This inspection already has a recommendation {ref}"})


@service
def recommendation_add(
    *,
    actor,
    inspection: Inspection,
    ref: str,
    area: str,
    text: str,
    deadline: DeadlineRule,
    sub_points: list[str] | None = None,
    kind: RecommendationKind = RecommendationKind.RECOMMENDATION,
) -> Recommendation:
    _require(permissions.can_manage_inspection(actor, inspection))
    _check_recommendation_text(ref, area, text, sub_points)
    _check_ref_free(inspection, ref)
    recommendation = Recommendation(
        inspection=inspection,
        ref=ref,
        area=area,
        text=text,
        sub_points=list(sub_points or []),
        kind=kind,
        position=inspection.recommendations.count() + 1,
    )
    _apply_deadline(recommendation, deadline)
    recommendation.save()
    RecommendationStatusChange.objects.create(
        recommendation=recommendation,
        status=recommendation.status,
        changed_at=clock.now(),
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        note="Recorded",
    )
    audit.record(
        actor=actor,
        event=events.RECOMMENDATION_ADDED,
        target=recommendation,
        organisation=inspection.force,
        changes=audit.created(recommendation, RECOMMENDATION_FIELDS),
    )
    return recommendation


@service
def recommendation_update(
    *,
    actor,
    recommendation: Recommendation,
    ref: str,
    area: str,
    text: str,
    deadline: DeadlineRule,
    sub_points: list[str],
    kind: RecommendationKind,
) -> Recommendation:
    inspection = recommendation.inspection
    _require(permissions.can_manage_inspection(actor, inspection))
    _check_recommendation_text(ref, area, text, sub_points)
    _check_ref_free(inspection, ref, exclude_pk=recommendation.pk)
    before = _snapshot(recommendation, RECOMMENDATION_FIELDS)
    recommendation.ref, recommendation.area, recommendation.text = ref, area, text
    recommendation.sub_points, recommendation.kind = list(sub_points), kind
    _apply_deadline(recommendation, deadline)
    recommendation.save()
    audit.record(
        actor=actor,
        event=events.RECOMMENDATION_UPDATED,
        target=recommendation,
        organisation=inspection.force,
        changes=audit.changes_between(before, _snapshot(recommendation, RECOMMENDATION_FIELDS)),
    )
    return recommendation


@service
def recommendation_status_set(
    *, actor, recommendation: Recommendation, status: RecommendationStatus, note: str = ""
) -> Recommendation:
    """Record the inspectorate's register status by hand (e.g. no further action needed)."""
    force = recommendation.inspection.force
    _require(permissions.can_set_register_status(actor, force))
    status = RecommendationStatus(status)
    check_lengths({"note": (note, limits.NOTE)})
    old = recommendation.status
    if old == status:
        raise ValidationError(f"The status is already {status.label.lower()}")
    record_status(recommendation, status, actor=actor, note=note)
    audit.record(
        actor=actor,
        event=events.RECOMMENDATION_STATUS_SET,
        target=recommendation,
        organisation=force,
        changes={"status": [old, status.value], "note": [None, note]},
    )
    return recommendation


@service
def inspection_import(
    *,
    actor,
    force: Organisation,
    extraction: Extraction,
    published_on: datetime.date | None,
    source_name: str,
    source_sha256: str,
    title: str | None = None,
    body: str = "HMIC",
    programme: str = "",
    content_sha256: str = "",
    again: bool = False,
) -> Inspection:
    """Create an inspection with its findings and recommendations from a checked extraction,
    in one transaction with one audit event that names the source file's SHA-256.

    A report imported already for the force — the same file, or one that reads the same — is
    refused unless ``again`` says to import it a second time, so duplicates are never silent.
    """
    _require(permissions.can_create_inspection(actor, force))
    _check_dates(published_on=published_on)
    earlier = selectors.earlier_import(force.pk, source_sha256, content_sha256)
    if earlier is not None and not again:
        raise ValidationError(
            {"again": selectors.already_imported_message(earlier)}, code="already_imported"
        )
    if force.kind != OrganisationKind.FORCE:
        raise ValidationError("Inspections are of police forces.")
    refs = [r.ref for r in extraction.recommendations]
    if len(refs) != len(set(refs)):
        raise ValidationError("Two recommendations have the same reference; give each its own.")
    inspection = Inspection.objects.create(
        force=force,
        title=(title or extraction.title or source_name or "Imported inspection")[:300],
        body=body,
        programme=programme,
        published_on=published_on,
        source_name=source_name[:300],
        source_sha256=source_sha256,
        content_sha256=content_sha256,
    )
    Finding.objects.bulk_create(
        Finding(inspection=inspection, text=f.text, kind=f.kind, position=i)
        for i, f in enumerate(extraction.findings, start=1)
    )
    recommendations = []
    for i, extracted in enumerate(extraction.recommendations, start=1):
        recommendation = Recommendation(
            inspection=inspection,
            ref=extracted.ref,
            area=extracted.area,
            text=extracted.text,
            sub_points=list(extracted.sub_points),
            position=i,
        )
        _apply_deadline(recommendation, extracted.deadline)
        recommendations.append(recommendation)
    Recommendation.objects.bulk_create(recommendations)
    now = clock.now()
    RecommendationStatusChange.objects.bulk_create(
        RecommendationStatusChange(
            recommendation=r,
            status=r.status,
            changed_at=now,
            changed_by=actor if getattr(actor, "is_authenticated", False) else None,
            note="Imported from the report",
        )
        for r in recommendations
    )
    audit.record(
        actor=actor,
        event=events.INSPECTION_IMPORTED,
        target=inspection,
        organisation=force,
        changes={
            "source_name": [None, source_name],
            "source_sha256": [None, source_sha256],
            "content_sha256": [None, content_sha256 or None],
            "imported_again": [None, earlier.pk if earlier else None],
            "published_on": [None, published_on],
            "findings": [None, len(extraction.findings)],
            "recommendations": [None, len(recommendations)],
        },
    )
    return inspection
