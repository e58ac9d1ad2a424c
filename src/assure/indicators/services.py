"""Writes for case data and the outcome pages: recording an import (which makes the staged file
current), targets, justified access to case rows, worklist reviews, audit samples and grades, and
indicator snapshots as evidence. Each checks permission and writes its audit event in the same
transaction; decisions lock and re-read their row."""

import decimal
import secrets
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assure.accounts.models import Organisation, Unit
from assure.core import audit, downloads
from assure.core.service import service

from . import events, permissions
from .definitions import BY_ID
from .models import (
    AuditSample,
    CaseAccess,
    CaseAccessJustification,
    CaseImport,
    CaseReview,
    Grade,
    IndicatorSnapshot,
    Purpose,
    ReviewStatus,
    SampledCase,
    Target,
    Worklist,
)
from .permissions import can_import_cases

MAX_SAMPLE = 50


@service
def case_import_record(*, actor, prepared) -> CaseImport:
    """Record a checked, staged import (:func:`assure.indicators.importer.prepare`) and make it
    the current version. The swap is the last step, so a failure before it rolls the record
    back and leaves the old version current. Callers normally use
    :func:`assure.indicators.importer.import_cases`."""
    if not can_import_cases(actor, prepared.force):
        raise PermissionDenied
    record = CaseImport.objects.create(
        force=prepared.force,
        kind=prepared.kind,
        imported_at=timezone.now(),
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=audit.actor_label(actor)[:300],
        file_name=prepared.file_name,
        replaced=prepared.replaced,
        rows=prepared.rows,
        rows_added=prepared.added,
        rows_updated=prepared.updated,
        rows_removed=prepared.removed,
        data_version=prepared.version,
    )
    audit.record(
        actor=actor,
        event=events.CASES_IMPORTED,
        target=record,
        organisation=prepared.force,
        changes={
            "kind": [None, prepared.kind],
            "file_name": [None, prepared.file_name],
            "replaced": [None, prepared.replaced],
            "rows_added": [None, prepared.added],
            "rows_updated": [None, prepared.updated],
            "rows_removed": [None, prepared.removed],
            "data_version": [None, prepared.version],
        },
    )
    if prepared.publish() != prepared.version:  # the import lock makes the next version predictable
        raise RuntimeError("the case-data store changed during the import")
    return record


@service
def indicator_target_set(
    *, actor, force: Organisation, indicator: str, value, unit: Unit | None = None
) -> Target:
    """Set the force's target for an indicator, force-wide or for one of its units."""
    if not permissions.can_set_target(actor, force):
        raise PermissionDenied
    if indicator not in BY_ID:
        raise ValidationError({"indicator": "Choose an indicator"})
    if unit is not None and unit.organisation_id != force.id:
        raise ValidationError({"unit": "Choose a unit of this force"})
    try:
        value = decimal.Decimal(str(value)).quantize(decimal.Decimal("0.01"))
    except decimal.InvalidOperation as error:
        raise ValidationError({"value": "Enter the target as a number, like 90"}) from error
    if not decimal.Decimal("-1000000") < value < decimal.Decimal("1000000"):
        raise ValidationError({"value": "Enter a target between -999999 and 999999"})
    target = (
        Target.objects.select_for_update(of=("self",))
        .filter(force=force, indicator=indicator, unit=unit)
        .first()
    )
    old = str(target.value) if target else None
    if target is None:
        target = Target(force=force, indicator=indicator, unit=unit)
    target.value = value
    target.set_at = timezone.now()
    target.set_by = actor if getattr(actor, "is_authenticated", False) else None
    target.save()
    audit.record(
        actor=actor,
        event=events.TARGET_SET,
        target=target,
        organisation=force,
        changes={
            "indicator": [None, indicator],
            "unit": [None, unit.name if unit else "force-wide"],
            "value": [old, str(value)],
        },
    )
    return target


@service
def case_access_justify(
    *, actor, force: Organisation, purpose: str, reason: str, session_key: str
) -> CaseAccessJustification:
    """Record why the person is about to see case rows for ``purpose`` (DPA 2018 s62)."""
    if not permissions.may_see_case_rows(actor, force):
        raise PermissionDenied
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": "Choose why you need to see case rows"})
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": "Say why you need to see these cases (10 characters or more)"}
        )
    if len(reason) > 1000:
        raise ValidationError({"reason": "Reason must be 1000 characters or fewer"})
    justification = CaseAccessJustification.objects.create(
        force=force,
        user=actor,
        purpose=purpose,
        reason=reason,
        session_key=session_key[:64],
        stated_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        event=events.CASE_ACCESS_JUSTIFIED,
        target=justification,
        organisation=force,
        changes={"purpose": [None, purpose], "reason": [None, reason]},
    )
    return justification


@service
def case_rows_view_record(
    *, actor, justification: CaseAccessJustification, view: str, what: str, rows: int
) -> CaseAccess:
    """One look at case rows, under a justification the same person stated."""
    if justification.user_id != actor.pk:
        raise PermissionDenied
    access = CaseAccess.objects.create(
        justification=justification,
        force_id=justification.force_id,
        user=actor,
        view=view[:80],
        what=what[:500],
        rows=rows,
        accessed_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        event=events.CASE_ROWS_VIEWED,
        target=access,
        organisation_id=justification.force_id,
        changes={"what": [None, access.what], "rows": [None, rows]},
    )
    return access


@service
def case_review_record(
    *,
    actor,
    force: Organisation,
    unit: Unit,
    worklist: str,
    case_ref: str,
    status: str,
    note: str = "",
) -> CaseReview:
    """Record a review of a case on one of the worklists, by its reference (so it survives
    re-imports). The latest review is kept; each one is in the audit trail. "Reviewed" and
    "closed" take the case off the list (the worklist's "left" count); "action needed" keeps it
    on."""
    if not permissions.can_review(actor, force, unit.id):
        raise PermissionDenied
    if unit.organisation_id != force.id:
        raise ValidationError({"unit": "Choose a unit of this force"})
    if worklist not in Worklist.values:
        raise ValidationError({"worklist": "Choose a worklist"})
    if status not in ReviewStatus.values:
        raise ValidationError({"status": "Choose reviewed, action needed or closed"})
    if len(note) > 2000:
        raise ValidationError({"note": "Note must be 2000 characters or fewer"})
    if not 1 <= len(case_ref) <= 64:
        raise ValidationError({"case_ref": "Choose a case on the list"})
    review = (
        CaseReview.objects.select_for_update(of=("self",))
        .filter(force=force, worklist=worklist, case_ref=case_ref)
        .first()
    )
    old = review.status if review else None
    if review is None:
        review = CaseReview(force=force, worklist=worklist, case_ref=case_ref)
    review.unit = unit
    review.status = status
    review.note = note
    review.reviewed_at = timezone.now()
    review.reviewed_by = actor
    review.save()
    audit.record(
        actor=actor,
        event=events.CASE_REVIEWED,
        target=review,
        organisation=force,
        changes={
            "worklist": [None, worklist],
            "case_ref": [None, case_ref],
            "status": [old, status],
            "note": [None, note],
        },
    )
    return review


@service
def audit_sample_draw(
    *, actor, force: Organisation, unit: Unit, size: int, as_of: date, seed: int | None = None
) -> AuditSample:
    """Draw a reproducible random sample of the unit's investigations (engine.sample_cases); the
    seed and size are recorded so that anyone can draw the same cases again."""
    from . import engine, store

    if not permissions.can_draw_sample(actor, force):
        raise PermissionDenied
    if unit.organisation_id != force.id:
        raise ValidationError({"unit": "Choose a unit of this force"})
    if not 1 <= size <= MAX_SAMPLE:
        raise ValidationError({"size": f"Sample between 1 and {MAX_SAMPLE} cases"})
    seed = secrets.randbelow(2**31) if seed is None else seed
    snapshot = store.snapshot(force.slug)
    refs = engine.sample_cases(snapshot, unit=unit.name, as_of=as_of, seed=seed, size=size)
    if not refs:
        raise ValidationError({"unit": f"{unit.name} has no investigations to sample"})
    version = snapshot.kinds["investigations"].version
    sample = AuditSample.objects.create(
        force=force,
        unit=unit,
        seed=seed,
        size=size,
        data_version=version,
        drawn_at=timezone.now(),
        drawn_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    SampledCase.objects.bulk_create(
        SampledCase(sample=sample, position=i, case_ref=ref) for i, ref in enumerate(refs, 1)
    )
    audit.record(
        actor=actor,
        event=events.AUDIT_SAMPLE_DRAWN,
        target=sample,
        organisation=force,
        changes={"seed": [None, seed], "size": [None, size], "data_version": [None, version]},
    )
    return sample


@service
def audit_grade_record(*, actor, case: SampledCase, auditor: str, grade: str) -> SampledCase:
    """Record the force's or the inspectorate's grade of a sampled case."""
    case = (
        SampledCase.objects.select_for_update(of=("self",))
        .select_related("sample__force")
        .get(pk=case.pk)
    )
    sample = case.sample
    if auditor not in ("force", "inspectorate"):
        raise ValidationError({"auditor": "Choose force or inspectorate"})
    if not permissions.can_grade(actor, sample.force, sample.unit_id, auditor):
        raise PermissionDenied
    if grade not in Grade.values:
        raise ValidationError({"grade": "Choose a grade"})
    field = f"{auditor}_grade"
    old = getattr(case, field) or None
    setattr(case, field, grade)
    case.save(update_fields=[field])
    audit.record(
        actor=actor,
        event=events.AUDIT_GRADE_RECORDED,
        target=case,
        organisation=sample.force,
        changes={field: [old, grade]},
    )
    return case


@service
def indicator_snapshot_attach(
    *, actor, assignment, indicator: str, as_of: date, date_from: date, date_to: date
) -> IndicatorSnapshot:
    """Freeze the indicator's current values for the assignment's unit and the force, with the
    period and data version, as evidence on the assignment."""
    from assure.plans.permissions import can_update_assignment, force_of

    from . import cache

    if not can_update_assignment(actor, assignment):
        raise PermissionDenied
    if indicator not in BY_ID:
        raise ValidationError({"indicator": "Choose an indicator"})
    if date_from > date_to or as_of < date_to:
        raise ValidationError({"date_from": "The period must end on or before the as-at date"})
    force = force_of(assignment)
    unit_name = assignment.unit.name
    values, snapshot = cache.indicators(
        force=force.slug, as_of=as_of, date_from=date_from, date_to=date_to, units=[unit_name]
    )
    kept = [v.as_json() for v in values if v.id == indicator and v.unit in (unit_name, "ALL")]
    taken = IndicatorSnapshot.objects.create(
        assignment=assignment,
        indicator=indicator,
        unit_name=unit_name,
        as_of=as_of,
        date_from=date_from,
        date_to=date_to,
        data_versions=snapshot.versions(),
        values=kept,
        taken_at=timezone.now(),
        taken_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        event=events.SNAPSHOT_ATTACHED,
        target=taken,
        organisation=force,
        changes={"indicator": [None, indicator], "values": [None, kept]},
    )
    return taken


ACCESS_LOG_CSV_COLUMNS = ["accessed_at", "user", "purpose", "justification", "view", "what", "rows"]


@service
def access_log_export(*, actor, force: Organisation, filters: dict):
    """The force's access log, filtered, as CSV chunks written as the entries are read: every
    entry, however long the log. Downloading it is recorded with what it holds (it says who
    looked at which children's records, and why)."""
    from . import selectors

    if not permissions.can_view_access_log(actor, force):
        raise PermissionDenied
    rows, entries = downloads.counted(selectors.access_log(force, **filters))
    audit.record(
        actor=actor,
        event=events.ACCESS_LOG_EXPORTED,
        target=force,
        organisation=force,
        changes={"filters": downloads.plain_filters(filters), "rows": rows},
    )
    return downloads.csv_chunks(entries, ACCESS_LOG_CSV_COLUMNS, _access_row)


def _access_row(e: CaseAccess) -> list:
    return [
        e.accessed_at.isoformat(),
        e.user.email,
        e.justification.purpose,
        e.justification.reason,
        e.view,
        e.what,
        e.rows,
    ]
