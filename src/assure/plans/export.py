"""Exports of a force's inspections and action plans: JSON, CSV and XLSX.

One document is built (``build``) and then rendered in the format asked for, so the three always
say the same thing. The JSON shape is an interface other tools depend on: it is documented field
by field in docs/export.md, carries ``schema_version``, and changes only by adding fields.

This module reads and renders; it neither checks permission nor audits. The one way to get an
export is the service ``assure.plans.services.force_export``, which does both (exports disclose
data). Building costs a fixed number of queries however many recommendations, assignments and
updates there are.
"""

import contextlib
import datetime
import io

import orjson
from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    F,
    FilteredRelation,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone

from assure.accounts.models import Organisation, UnitKind
from assure.core import clock, gc_pause, plain_rows
from assure.core.spreadsheets import csv_stream
from assure.inspections.models import (
    DeadlineRuleChoice,
    Finding,
    FindingKind,
    Inspection,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
)

from . import extensions, selectors, status
from .clock import plan_due_on
from .models import (
    Action,
    ActionPlan,
    Assignment,
    Closure,
    ClosureState,
    PlanStatus,
    Rag,
    Update,
)

SCHEMA_VERSION = 1
FORMATS = ("json", "csv", "xlsx")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Units in the order the plan matrix shows them: districts first, then central, specialist and
# partner units.
UNIT_ORDER = {
    UnitKind.DISTRICT: 0,
    UnitKind.CENTRAL: 1,
    UnitKind.SPECIALIST: 2,
    UnitKind.PARTNER: 3,
}


# Building the document -----------------------------------------------------------------------


# Recommendations whose actions and assignments are read at once: five queries a chunk, so a
# national force's 230 or so recommendations are one chunk (at 200 they were two).
RECOMMENDATION_CHUNK = 250


def header(force: Organisation) -> dict:
    generated_at = timezone.localtime()
    return {
        "schema_version": SCHEMA_VERSION,
        "force": {"id": force.pk, "slug": force.slug, "name": force.name},
        "generated_at": generated_at.replace(microsecond=0),
        # The service's day, as the pages read it: the day of generated_at, except where the
        # clock is pinned (a demo), where the pages and the export must say the same thing.
        "as_of": clock.pinned() or generated_at.date(),
    }


def _inspections(force: Organisation, inspection: Inspection | None):
    inspections = Inspection.objects.filter(force=force)
    if inspection is not None:
        inspections = inspections.filter(pk=inspection.pk)
    return (
        inspections.select_related("action_plan")
        .prefetch_related(Prefetch("findings", queryset=Finding.objects.order_by("position", "id")))
        .order_by(F("published_on").asc(nulls_last=True), "id")
    )


def inspections_with_recommendations(
    force: Organisation, inspection: Inspection | None, today: datetime.date
):
    """Each of the export's inspections with an iterator of its recommendation documents, in
    export order. Consume each iterator before taking the next inspection."""
    inspections = list(_inspections(force, inspection))
    documents = recommendation_documents(inspections, today)
    pending = next(documents, None)

    def own(inspection_id: int):
        nonlocal pending
        while pending is not None and pending[0] == inspection_id:
            yield pending[1]
            pending = next(documents, None)

    for i in inspections:
        yield i, own(i.pk)


def recommendation_documents(inspections: list[Inspection], today: datetime.date):
    """(inspection id, recommendation document) for the inspections' recommendations in export
    order, with their actions and assignments.

    Read ``RECOMMENDATION_CHUNK`` recommendations at a time across the inspections (a force
    has a few dozen inspections of a few dozen recommendations each, and each chunk costs five
    queries): memory stays that of one chunk however big the plan. Actions, assignments and
    updates are read as plain rows, never as model objects: a national export is 150,000
    assignments."""
    order = {i.pk: n for n, i in enumerate(inspections)}
    scope = Recommendation.objects.filter(inspection_id__in=list(order))
    recommendations = list(scope.values(*RECOMMENDATION_FIELDS, "inspection_id", "position"))
    recommendations.sort(key=lambda r: (order[r["inspection_id"]], r["position"], r["id"]))
    for start in range(0, len(recommendations), RECOMMENDATION_CHUNK):
        chunk = recommendations[start : start + RECOMMENDATION_CHUNK]
        # One chunk (most forces): its queries name the recommendations by a subquery, as
        # preparing a list parameter costs Django over a microsecond per id per query.
        ids: list[int] | QuerySet = (
            scope.values("pk") if len(chunk) == len(recommendations) else [r["id"] for r in chunk]
        )
        actions = plain_rows.rows(
            Action.objects.filter(recommendation_id__in=ids)
            .order_by("position", "id")
            .values_list(
                "pk",
                "recommendation_id",
                "title",
                "description",
                "success_measure",
                "lead__full_name",
                "lead__email",
                "due_on",
            ),
            {"due_on": plain_rows.to_date},
        )
        partners: dict[int, list[dict]] = {}
        for action_id, slug, name in (
            Action.partners.through.objects.filter(action__recommendation_id__in=ids)
            .order_by("organisation__name", "organisation_id")
            .values_list("action_id", "organisation__slug", "organisation__name")
        ):
            partners.setdefault(action_id, []).append({"slug": slug, "name": name})
        assignments = _assignments(
            Assignment.objects.filter(action__recommendation_id__in=ids), today
        )
        by_recommendation: dict[int, list[dict]] = {}
        for action in actions:
            by_recommendation.setdefault(action[1], []).append(
                _action(action, partners.get(action[0], []), assignments.get(action[0], []))
            )
        # Fields that apps above plans add to each recommendation (governance: the
        # inspectorate's follow-up judgement); one query per app per chunk.
        extra = extensions.export_fields(ids)
        for r in chunk:
            document = _recommendation(r, by_recommendation.get(r["id"], []))
            yield r["inspection_id"], {**document, **extra.get(r["id"], {})}


def build(force: Organisation, *, inspection: Inspection | None = None) -> dict:
    """Everything the force's inspections hold, nested inspection → recommendation → action →
    assignment, with each assignment's standing today and its latest update. Dates are
    ``datetime.date`` objects here; ``to_json`` writes them as ISO 8601. (The whole document in
    memory: for tests and small exports; ``stream`` writes the same row by row.)"""
    document = header(force)
    today = document["as_of"]
    document["inspections"] = [
        {**_inspection(i), "recommendations": list(recommendations)}
        for i, recommendations in inspections_with_recommendations(force, inspection, today)
    ]
    return document


def _assignments(queryset, today: datetime.date) -> dict[int, list[dict]]:
    """Assignments by action id, each with its standing on ``today`` and its latest update: one
    query of plain rows, whatever the number of assignments and updates. The latest update is
    joined by a filtered relation on its sequence, the one the assignment keeps
    (``latest_sequence``), so no list of update ids goes back to the database. The standing is
    ``status.standing`` over the same facts the pages read (as at ``today``, with the same
    cut-off for the latest update)."""
    cutoff = selectors.end_of_day(today)
    # The kept latest is the latest before the cut-off unless it was written after it (a pinned
    # clock behind real updates): only then is the entry looked up, by the update_latest index.
    sequence = Case(
        When(latest_update_at__lt=cutoff, then=F("latest_sequence")),
        default=Subquery(
            Update.objects.filter(assignment=OuterRef("pk"), created_at__lt=cutoff)
            .order_by("-created_at", "-sequence")
            .values("sequence")[:1]
        ),
    )
    pending = Closure.objects.filter(assignment=OuterRef("pk"), proposed_at__lt=cutoff).filter(
        Q(decided_at__isnull=True) | Q(decided_at__gte=cutoff)
    )
    stream = plain_rows.stream(
        queryset.order_by()
        .alias(latest=FilteredRelation("updates", condition=Q(updates__sequence=sequence)))
        .annotate(closure_pending=Exists(pending), latest_epoch=_EpochSeconds("latest__created_at"))
        .values_list(*ASSIGNMENT_COLUMNS, *UPDATE_COLUMNS)
    )
    tz = timezone.get_current_timezone()  # once: timezone.localtime() per row costs more
    # Each document is made as its row arrives (on PostgreSQL, while the server is still
    # finding the rest: the rows are streamed), and put in the matrix's unit order after. The
    # assignment id ends each sort key, so the documents themselves are never compared. Closed
    # however the loop ends, so an error here leaves the connection free for the rollback.
    with contextlib.closing(stream) as rows:
        made = [
            (UNIT_ORDER.get(row[4], 9), row[3], row[0], row[1], _assignment(row, today, tz))
            for row in rows
        ]
    made.sort(key=lambda m: m[:3])
    by_action: dict[int, list[dict]] = {}
    for *_, action_id, document in made:
        by_action.setdefault(action_id, []).append(document)
    return by_action


ASSIGNMENT_COLUMNS = (
    "pk",
    "action_id",
    "unit__code",
    "unit__name",
    "unit__kind",
    "due_on",
    "closure_state",
    "completed_on",
    "closure_approved_on",
    "demonstration_until",
    "closure_pending",
)


class _EpochSeconds(Func):
    """A timestamp as whole seconds since 1970 (UTC): a national export reads 150,000 of them,
    and an integer costs the driver nothing to read where a timestamp is parsed and then given
    a time zone (a tenth of the export's time on PostgreSQL)."""

    output_field = BigIntegerField()

    def as_sql(self, compiler, connection, **extra):
        if connection.vendor == "postgresql":
            template = "FLOOR(EXTRACT(EPOCH FROM %(expressions)s))::bigint"
        else:
            # SQLite stores UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]". Cut to whole seconds first:
            # strftime rounds to the millisecond before %s, so .9995 would become the next second.
            template = "CAST(strftime('%%%%s', substr(%(expressions)s, 1, 19)) AS INTEGER)"
        return super().as_sql(compiler, connection, template=template, **extra)


UPDATE_COLUMNS = (
    "latest__pk",
    "latest__sequence",
    "latest_epoch",
    *(
        f"latest__{name}"
        for name in (
            "author_id",
            "author__full_name",
            "author__email",
            "author_label",
            "rag",
            "percent_complete",
            "narrative",
            "not_adopted_reason",
        )
    ),
)


def _inspection(inspection: Inspection) -> dict:
    """The inspection's own fields and findings; its recommendations are added by the caller."""
    try:
        plan = inspection.action_plan
    except ActionPlan.DoesNotExist:
        plan = None
    published = inspection.published_on
    return {
        "id": inspection.pk,
        "body": inspection.body,
        "programme": inspection.programme,
        "title": inspection.title,
        "fieldwork_start": inspection.fieldwork_start,
        "fieldwork_end": inspection.fieldwork_end,
        "published_on": published,
        "report_url": inspection.report_url,
        "action_plan": {
            "id": plan.pk if plan else None,
            "status": plan.status if plan else None,
            "due_on": plan_due_on(published),
        },
        "findings": [
            {"id": f.pk, "kind": f.kind, "text": f.text} for f in inspection.findings.all()
        ],
        "recommendations": [],
    }


RECOMMENDATION_FIELDS = (
    "id",
    "ref",
    "area",
    "kind",
    "text",
    "sub_points",
    "deadline_rule",
    "deadline_amount",
    "deadline_unit",
    "deadline_date",
    "deadline_inherited",
    "due_on",
    "status",
    "discharged_on",
)


def _recommendation(r: dict, actions: list[dict]) -> dict:
    """``r`` holds RECOMMENDATION_FIELDS (a values() row, not a model object)."""
    return {
        "id": r["id"],
        "ref": r["ref"],
        "area": r["area"],
        "kind": r["kind"],
        "text": r["text"],
        "sub_points": list(r["sub_points"] or []),
        # The data-contract shape (docs: data contract, "deadline"), built from the stored
        # fields so that a row the rule class would reject still exports.
        "deadline": {
            "rule": r["deadline_rule"],
            "amount": r["deadline_amount"],
            "unit": r["deadline_unit"],
            "date": r["deadline_date"],
            "inherited": r["deadline_inherited"],
        },
        "due_on": r["due_on"],
        "status": r["status"],
        "discharged_on": r["discharged_on"],
        "actions": actions,
    }


def _person(full_name: str | None, email: str | None) -> str:
    """``User.display_name`` from the two columns."""
    return full_name or email or ""


def _action(action: tuple, partners: list[dict], assignments: list[dict]) -> dict:
    pk, _, title, description, success_measure, lead_name, lead_email, due_on = action
    return {
        "id": pk,
        "title": title,
        "description": description,
        "success_measure": success_measure,
        "lead": _person(lead_name, lead_email) if lead_email is not None else None,
        "partners": partners,
        "due_on": due_on,
        "assignments": assignments,
    }


def _assignment(row: tuple, today: datetime.date, tz) -> dict:
    """One assignment's document from its row: ASSIGNMENT_COLUMNS, then UPDATE_COLUMNS (all
    None when it has no update yet)."""
    (
        pk,
        _,
        unit_code,
        unit_name,
        unit_kind,
        due_on,
        closure_state,
        completed_on,
        closure_approved_on,
        demonstration_until,
        closure_pending,
        update_id,
    ) = row[:12]
    # Read without Django's converters (core.plain_rows): both drivers type a stored date or
    # timestamp, but the due date is an expression (a COALESCE), so SQLite gives it as text.
    due_on = plain_rows.to_date(due_on)
    update = row[12:] if update_id else None
    # Whole seconds since the epoch, then local time: nearly three times quicker than
    # replace() and astimezone() on a timestamp.
    created_at = datetime.datetime.fromtimestamp(update[1], tz) if update else None
    standing = status.standing(
        status.AssignmentFacts(
            due_on=due_on,
            completed_on=completed_on,
            closure_approved_on=closure_approved_on,
            demonstration_until=demonstration_until,
            closure_proposed=bool(closure_pending),
            last_rag=update[6] if update else None,
            last_percent=update[7] if update else None,
            last_update_on=created_at.date() if created_at else None,
            not_adopted_reason=(update[9] or "") if update else "",
        ),
        today,
    )
    return {
        "id": pk,
        "unit": {"code": unit_code, "name": unit_name, "kind": unit_kind},
        "due_on": due_on,
        "closure_state": closure_state,
        "completed_on": completed_on,
        "standing": {
            "rag": standing.rag,
            "label": standing.label,
            "reason": standing.reason,
            "complete": standing.complete,
        },
        "latest_update": _update(update, created_at) if update else None,
    }


def _update(update: tuple, created_at: datetime.datetime) -> dict:
    """``update`` is the row's UPDATE_COLUMNS after the update's id."""
    sequence, _, author_id, full_name, email, label, rag, percent, narrative, reason = update
    return {
        "sequence": sequence,
        "date": created_at.date(),
        "created_at": created_at,
        "author": _person(full_name, email) if author_id else label,
        "rag": rag,
        "percent_complete": percent,
        "narrative": narrative,
        "not_adopted_reason": reason,
    }


def counts(document: dict) -> dict[str, int]:
    """How many of each thing the document holds (for the audit trail)."""
    inspections = document["inspections"]
    recommendations = [r for i in inspections for r in i["recommendations"]]
    actions = [a for r in recommendations for a in r["actions"]]
    assignments = [s for a in actions for s in a["assignments"]]
    return {
        "inspections": len(inspections),
        "findings": sum(len(i["findings"]) for i in inspections),
        "recommendations": len(recommendations),
        "actions": len(actions),
        "assignments": len(assignments),
        "updates": sum(1 for s in assignments if s["latest_update"]),
    }


def count_rows(force: Organisation, *, inspection: Inspection | None = None) -> int:
    """How many assignments an export of the force holds."""
    return sql_counts(force, inspection=inspection)["assignments"]


def sql_counts(force: Organisation, *, inspection: Inspection | None = None) -> dict[str, int]:
    """``counts`` of the export, counted in the database in one query before it is written."""
    scope = {"force": force} if inspection is None else {"pk": inspection.pk, "force": force}
    inspections = Inspection.objects.filter(**scope).values("pk")
    cutoff = selectors.end_of_day(clock.today())

    def n(queryset):
        return Subquery(
            queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]
        )

    assignments = Assignment.objects.filter(action__plan__inspection__in=inspections)
    row = (
        Organisation.objects.filter(pk=force.pk)
        .values(
            n_inspections=n(Inspection.objects.filter(**scope)),
            n_findings=n(Finding.objects.filter(inspection__in=inspections)),
            n_recommendations=n(Recommendation.objects.filter(inspection__in=inspections)),
            n_actions=n(Action.objects.filter(plan__inspection__in=inspections)),
            n_assignments=n(assignments),
            n_updates=n(
                assignments.filter(
                    Exists(Update.objects.filter(assignment=OuterRef("pk"), created_at__lt=cutoff))
                )
            ),
        )
        .get()
    )
    return {name: row[f"n_{name}"] or 0 for name in COUNTED}


COUNTED = ("inspections", "findings", "recommendations", "actions", "assignments", "updates")


def stream(force: Organisation, format: str, *, inspection: Inspection | None = None):
    """The export written piece by piece as bytes (JSON and CSV: UTF-8; XLSX: a finished file
    in blocks), reading one chunk of recommendations at a time."""
    # Written with the cyclic collector paused (core/gc_pause.py): it found nothing in the
    # documents and took an eighth of a national export's time.
    if format == "json":
        return gc_pause.paused(_json_stream(force, inspection))
    if format == "csv":
        return gc_pause.paused(_csv_stream(force, inspection))
    if format == "xlsx":
        return gc_pause.paused(_xlsx_stream(force, inspection))
    raise ValueError(f"unknown export format {format!r}: choose one of {', '.join(FORMATS)}")


def render(document: dict, format: str) -> bytes:
    renderers = {"json": to_json, "csv": to_csv, "xlsx": to_xlsx}
    if format not in renderers:
        raise ValueError(f"unknown export format {format!r}: choose one of {', '.join(FORMATS)}")
    return renderers[format](document)


def download_name(
    force: Organisation,
    format: str,
    *,
    inspection: Inspection | None = None,
    day: datetime.date | None = None,
) -> str:
    """A file name for a download, e.g. ``assure-west-yorkshire-inspection-1-2015-06-30.xlsx``."""
    part = f"-inspection-{inspection.pk}" if inspection is not None else ""
    day = day or clock.today()
    return f"assure-{force.slug}{part}-{day.isoformat()}.{format}"


# JSON ----------------------------------------------------------------------------------------


def _iso(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def to_json(document: dict) -> bytes:
    return _dumps_bytes(document) + b"\n"


def _dumps_bytes(value) -> bytes:
    """JSON indented by two spaces, UTF-8, dates and timestamps as ISO 8601: what
    ``json.dumps(value, ensure_ascii=False, indent=2)`` writes, byte for byte
    (test_export.py holds the two equal), at orjson's speed."""
    return orjson.dumps(value, default=_iso, option=orjson.OPT_INDENT_2)


# CSV -----------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "inspection_id",
    "inspection_title",
    "recommendation_ref",
    "recommendation_area",
    "recommendation_due_on",
    "recommendation_status",
    "action_id",
    "action_title",
    "assignment_id",
    "unit_code",
    "unit_name",
    "assignment_due_on",
    "closure_state",
    "completed_on",
    "standing_rag",
    "standing_label",
    "standing_reason",
    "latest_update_date",
    "latest_update_author",
    "latest_update_rag",
    "latest_update_percent_complete",
    "latest_update_narrative",
]


def csv_rows(document: dict) -> list[dict]:
    """One row per assignment; a recommendation without actions, an action without assignments
    and an inspection without recommendations each still get one row, so nothing is lost."""
    rows = []
    for inspection in document["inspections"]:
        base = {"inspection_id": inspection["id"], "inspection_title": inspection["title"]}
        if not inspection["recommendations"]:
            rows.append(dict(base))
        for rec in inspection["recommendations"]:
            rec_cells = {
                **base,
                "recommendation_ref": rec["ref"],
                "recommendation_area": rec["area"],
                "recommendation_due_on": rec["due_on"],
                "recommendation_status": rec["status"],
                **{column: rec.get(column) for column in extensions.export_csv_columns()},
            }
            if not rec["actions"]:
                rows.append(rec_cells)
            for action in rec["actions"]:
                action_cells = {
                    **rec_cells,
                    "action_id": action["id"],
                    "action_title": action["title"],
                }
                if not action["assignments"]:
                    rows.append(action_cells)
                for a in action["assignments"]:
                    update = a["latest_update"] or {}
                    rows.append(
                        {
                            **action_cells,
                            "assignment_id": a["id"],
                            "unit_code": a["unit"]["code"],
                            "unit_name": a["unit"]["name"],
                            "assignment_due_on": a["due_on"],
                            "closure_state": a["closure_state"],
                            "completed_on": a["completed_on"],
                            "standing_rag": a["standing"]["rag"],
                            "standing_label": a["standing"]["label"],
                            "standing_reason": a["standing"]["reason"],
                            "latest_update_date": update.get("date"),
                            "latest_update_author": update.get("author"),
                            "latest_update_rag": update.get("rag"),
                            "latest_update_percent_complete": update.get("percent_complete"),
                            "latest_update_narrative": update.get("narrative"),
                        }
                    )
    return rows


def to_csv(document: dict) -> bytes:
    columns = CSV_COLUMNS + extensions.export_csv_columns()
    cells = ([row.get(column) for column in columns] for row in csv_rows(document))
    return b"".join(csv_stream(columns, cells))


# XLSX ----------------------------------------------------------------------------------------


def _label(choices, value) -> str:
    if value is None:
        return ""
    return dict(choices.choices).get(value, value)


def _deadline_text(deadline: dict) -> str:
    rule = deadline["rule"]
    if rule == DeadlineRuleChoice.WITHIN:
        text = f"Within {deadline['amount']} {deadline['unit']}"
    elif rule == DeadlineRuleChoice.BY_DATE and deadline["date"]:
        text = f"By {deadline['date'].day} {deadline['date']:%B %Y}"
    else:
        text = _label(DeadlineRuleChoice, rule)
    return f"{text} (inherited)" if deadline["inherited"] else text


def _sheets(document: dict) -> dict[str, tuple[list[tuple[str, int]], list[list]]]:
    """Each sheet's (header, width) columns and rows, for people reading a spreadsheet: labels
    rather than codes, real dates."""
    inspections, findings, recommendations, actions, assignments = [], [], [], [], []
    for i in document["inspections"]:
        inspections.append(
            [
                i["id"],
                i["body"],
                i["programme"],
                i["title"],
                i["fieldwork_start"],
                i["fieldwork_end"],
                i["published_on"],
                i["report_url"],
                _label(PlanStatus, i["action_plan"]["status"]) or "Not started",
                i["action_plan"]["due_on"],
            ]
        )
        for f in i["findings"]:
            findings.append([i["id"], i["title"], _label(FindingKind, f["kind"]), f["text"]])
        for r in i["recommendations"]:
            recommendations.append(
                [
                    i["id"],
                    i["title"],
                    r["ref"],
                    r["area"],
                    _label(RecommendationKind, r["kind"]),
                    r["text"],
                    "\n".join(f"• {p}" for p in r["sub_points"]),
                    _deadline_text(r["deadline"]),
                    r["due_on"],
                    _label(RecommendationStatus, r["status"]),
                    len(r["actions"]),
                ]
            )
            for a in r["actions"]:
                actions.append(
                    [
                        i["id"],
                        r["ref"],
                        a["id"],
                        a["title"],
                        a["description"],
                        a["success_measure"],
                        a["lead"] or "",
                        ", ".join(p["name"] for p in a["partners"]),
                        a["due_on"],
                        len(a["assignments"]),
                    ]
                )
                for s in a["assignments"]:
                    u = s["latest_update"] or {}
                    assignments.append(
                        [
                            i["id"],
                            r["ref"],
                            a["id"],
                            a["title"],
                            s["id"],
                            s["unit"]["code"],
                            s["unit"]["name"],
                            s["due_on"],
                            _label(ClosureState, s["closure_state"]),
                            s["completed_on"],
                            s["standing"]["label"],
                            s["standing"]["rag"].capitalize(),
                            s["standing"]["reason"],
                            u.get("date"),
                            u.get("author", ""),
                            _label(Rag, u.get("rag")),
                            u.get("percent_complete"),
                            u.get("narrative", ""),
                        ]
                    )
    return {
        "Inspections": (
            [
                ("Inspection ID", 12),
                ("Body", 10),
                ("Programme", 30),
                ("Title", 50),
                ("Fieldwork start", 14),
                ("Fieldwork end", 14),
                ("Published", 12),
                ("Report link", 40),
                ("Action plan status", 20),
                ("Action plan due", 14),
            ],
            inspections,
        ),
        "Findings": (
            [("Inspection ID", 12), ("Inspection", 30), ("Kind", 16), ("Finding", 80)],
            findings,
        ),
        "Recommendations": (
            [
                ("Inspection ID", 12),
                ("Inspection", 30),
                ("Ref", 8),
                ("Area", 20),
                ("Kind", 16),
                ("Recommendation", 80),
                ("Sub-points", 60),
                ("Deadline", 24),
                ("Due", 12),
                ("Status", 18),
                ("Actions", 9),
            ],
            recommendations,
        ),
        "Actions": (
            [
                ("Inspection ID", 12),
                ("Recommendation", 14),
                ("Action ID", 10),
                ("Action", 40),
                ("Description", 60),
                ("Success measure", 40),
                ("Lead", 24),
                ("Partners", 30),
                ("Due", 12),
                ("Assignments", 12),
            ],
            actions,
        ),
        "Assignments": (
            [
                ("Inspection ID", 12),
                ("Recommendation", 14),
                ("Action ID", 10),
                ("Action", 40),
                ("Assignment ID", 13),
                ("Unit code", 10),
                ("Unit", 24),
                ("Due", 12),
                ("Closure", 18),
                ("Completed", 12),
                ("Standing", 16),
                ("RAG", 8),
                ("Why", 50),
                ("Last update", 12),
                ("Updated by", 24),
                ("Update RAG", 11),
                ("% complete", 11),
                ("Narrative", 60),
            ],
            assignments,
        ),
    }


def to_xlsx(document: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=True)
    for title, (columns, rows) in _sheets(document).items():
        sheet = workbook.create_sheet(title)
        sheet.append([header for header, _ in columns])
        for cell in sheet[1]:
            cell.font = bold
        for row in rows:
            sheet.append(row)
        for index, (_, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                elif cell.data_type == "f":
                    cell.data_type = "s"  # text someone typed, never a formula
                if isinstance(cell.value, str) and len(cell.value) > 40:
                    cell.alignment = top
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Streaming -----------------------------------------------------------------------------------


def _indented(text: bytes, spaces: int) -> bytes:
    return text.replace(b"\n", b"\n" + b" " * spaces)


def _json_stream(force: Organisation, inspection: Inspection | None):
    """Exactly ``to_json(build(...))``, one recommendation at a time: each part is dumped with
    the same ``indent=2`` and indented to its depth in the document. Bytes throughout: orjson
    writes UTF-8, and decoding it only to encode it again cost a tenth of a national export."""
    head = header(force)
    today = head["as_of"]
    text = _dumps_bytes({**head, "inspections": []})
    cut = text.rindex(b"[]")
    prefix, tail = text[:cut], text[cut + 2 :]
    any_inspection = False
    for i, recommendations in inspections_with_recommendations(force, inspection, today):
        itext = _dumps_bytes(_inspection(i))
        icut = itext.rindex(b"[]")
        yield (
            (prefix + b"[" if not any_inspection else b",") + b"\n    " + _indented(itext[:icut], 4)
        )
        any_inspection = True
        any_recommendation = False
        for rec in recommendations:
            opening = b"[" if not any_recommendation else b","
            yield opening + b"\n        " + _indented(_dumps_bytes(rec), 8)
            any_recommendation = True
        yield (b"\n      ]" if any_recommendation else b"[]") + _indented(itext[icut + 2 :], 4)
    yield (b"\n  ]" if any_inspection else prefix + b"[]") + tail + b"\n"


def _csv_stream(force: Organisation, inspection: Inspection | None):
    """``to_csv(build(...))``, written as the recommendations are read."""
    columns = CSV_COLUMNS + extensions.export_csv_columns()
    today = clock.today()

    def rows():
        for i, recommendations in inspections_with_recommendations(force, inspection, today):
            document = _inspection(i)
            any_recommendation = False
            for rec in recommendations:
                any_recommendation = True
                yield from csv_rows({"inspections": [{**document, "recommendations": [rec]}]})
            if not any_recommendation:
                yield from csv_rows({"inspections": [document]})

    return csv_stream(columns, ([row.get(column) for column in columns] for row in rows()))


def _xlsx_stream(force: Organisation, inspection: Inspection | None, block: int = 1 << 16):
    """openpyxl's write-only workbook (rows go to temporary files as they are appended), saved
    to a temporary file that is then read out in blocks: memory stays flat with the size."""
    import tempfile

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=True)
    empty = _sheets({"inspections": []})
    sheets = {}
    for title, (columns, _) in empty.items():
        sheet = workbook.create_sheet(title)
        for index, (_, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        header_cells = []
        for heading, _ in columns:
            cell = WriteOnlyCell(sheet, value=heading)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        sheets[title] = sheet

    def cells(sheet, row):
        out = []
        for value in row:
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                if cell.data_type == "f":
                    cell.data_type = "s"  # text someone typed, never a formula
                if len(value) > 40:
                    cell.alignment = top
            else:
                cell = value
            out.append(cell)
        return out

    def append(parts, only=None):
        for title, (_, rows) in parts.items():
            if only and title not in only:
                continue
            for row in rows:
                sheets[title].append(cells(sheets[title], row))

    today = clock.today()
    for i, recommendations in inspections_with_recommendations(force, inspection, today):
        document = _inspection(i)
        append(_sheets({"inspections": [document]}), only=("Inspections", "Findings"))
        for rec in recommendations:
            part = {**document, "findings": [], "recommendations": [rec]}
            append(
                _sheets({"inspections": [part]}),
                only=("Recommendations", "Actions", "Assignments"),
            )
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(block):
            yield chunk
