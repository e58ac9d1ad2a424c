"""The standing rules of ``status.standing`` as one SQL ``CASE``, for pages that count and roll up
thousands of assignments without reading them into Python.

``status.standing`` stays the reference (it also writes each standing's sentence, which needs the
dates); this module says the same thing as a short *code* per assignment, and
``tests/test_standing_sql.py`` holds the two equal over generated assignments (hypothesis).

The CASE is written over the columns of a derived table (:func:`standing_inputs`): the latest
update's RAG is the assignment's ``latest_rag`` now and a correlated subquery as at a past day,
and a CASE over the ORM annotation would repeat that subquery in every branch (the databases do
not share repeated subqueries), so the inputs are selected once in an inner query and the CASE
reads their columns. Standard SQL: SQLite and PostgreSQL alike.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from .models import Assignment, Closure, ClosureDecision, Update
from .status import Standing


@dataclass(frozen=True)
class Code:
    rag: str
    label: str
    complete: bool
    reason: str


# Worst first: the order a matrix cell uses to pick which of its assignments to show (by RAG as
# status.SEVERITY says, then "Overdue" before a reported red, and so on).
CODES: dict[str, Code] = {
    "overdue": Code("red", "Overdue", False, "Past its due date and not complete."),
    "red": Code("red", "Red", False, "Reported off track."),
    "proposed_red": Code("red", "Closure proposed", False, "Waiting for the approver's decision."),
    "demonstrating_amber": Code(
        "amber", "Demonstrating", False, "Closure approved; the demonstration period is running."
    ),
    "amber": Code("amber", "Amber", False, "Reported at risk."),
    "proposed_amber": Code(
        "amber", "Closure proposed", False, "Waiting for the approver's decision."
    ),
    "no_update": Code("none", "No update", False, "No update has been given yet."),
    "not_adopted": Code("grey", "Not adopted", False, "Not adopted."),
    "green": Code("green", "Green", False, "Reported on track."),
    "proposed_green": Code(
        "green", "Closure proposed", False, "Waiting for the approver's decision."
    ),
    "demonstrating_green": Code(
        "green", "Demonstrating", False, "Closure approved; the demonstration period is running."
    ),
    "complete": Code("green", "Complete", True, "Closure approved."),
}
ORDER = {code: index for index, code in enumerate(CODES)}
LABELS = sorted({c.label for c in CODES.values()})

# %(today)s is the day the standing is worked out for; the columns are those of standing_inputs.
CASE_SQL = """CASE
  WHEN s.completed_on IS NOT NULL AND s.completed_on <= %(today)s THEN 'complete'
  WHEN s.closure_approved_on IS NOT NULL AND s.closure_approved_on <= %(today)s
       AND s.demonstration_until IS NOT NULL THEN
       CASE WHEN s.due_on IS NOT NULL AND s.due_on < %(today)s
            THEN 'demonstrating_amber' ELSE 'demonstrating_green' END
  WHEN s.last_rag = 'grey' THEN 'not_adopted'
  WHEN s.due_on IS NOT NULL AND s.due_on < %(today)s THEN 'overdue'
  WHEN s.closure_pending THEN 'proposed_' || COALESCE(s.last_rag, 'green')
  WHEN s.last_rag IS NULL THEN 'no_update'
  ELSE s.last_rag
END"""


def end_of_day(day: datetime.date) -> datetime.datetime:
    from .selectors import end_of_day as eod

    return eod(day)


# The latest update, as ``Assignment.latest_rag`` and ``latest_update_at`` keep it; the ORDER BY
# reads the update_latest index in order. (The latest's time is also the greatest.)
LATEST_SQL = (
    "SELECT u.rag FROM plans_update u WHERE u.assignment_id = plans_assignment.id"
    " ORDER BY u.created_at DESC, u.sequence DESC LIMIT 1"
)
LATEST_AT_SQL = (
    "SELECT MAX(u.created_at) FROM plans_update u WHERE u.assignment_id = plans_assignment.id"
)
LATEST_SEQUENCE_SQL = LATEST_SQL.replace("SELECT u.rag", "SELECT u.sequence")


def refresh_latest(assignment_ids: list[int]) -> None:
    """Set ``latest_rag``, ``latest_update_at`` and ``latest_sequence`` from the updates in one
    statement (per 900 ids): for bulk loads that write updates without the service."""
    sql = (
        f"UPDATE plans_assignment SET latest_rag = ({LATEST_SQL}),"  # noqa: S608 (constant)
        f" latest_update_at = ({LATEST_AT_SQL}), latest_sequence = ({LATEST_SEQUENCE_SQL})"
    )
    with connection.cursor() as cursor:
        for i in range(0, len(assignment_ids), 900):
            chunk = assignment_ids[i : i + 900]
            cursor.execute(f"{sql} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)


def standing_inputs(assignments: QuerySet[Assignment], as_of: datetime.date | None = None):
    """The columns the CASE reads, one row per assignment: the latest update's RAG and whether
    a closure was awaiting a decision (on ``as_of``, or now), with the effective due date and
    the assignment's recommendation and unit for grouping."""
    updates = Update.objects.filter(assignment=OuterRef("pk"))
    pending = Closure.objects.filter(assignment=OuterRef("pk"))
    if as_of is None:
        pending = pending.filter(decision=ClosureDecision.PENDING)
    else:
        cutoff = end_of_day(as_of)
        updates = updates.filter(created_at__lt=cutoff)
        pending = pending.filter(proposed_at__lt=cutoff).filter(
            Q(decided_at__isnull=True) | Q(decided_at__gte=cutoff)
        )
    # Now, the assignment's own column; as at a past day, the latest update before its end.
    latest = (
        F("latest_rag")
        if as_of is None
        else Subquery(updates.order_by("-created_at", "-sequence").values("rag")[:1])
    )
    return (
        assignments.order_by()
        .annotate(
            a_id=F("pk"),
            a_unit=F("unit_id"),
            a_rec=F("action__recommendation_id"),
            a_action=F("action_id"),
            last_rag=latest,
            closure_pending=Exists(pending),
        )
        .values(
            "a_id",
            "a_unit",
            "a_rec",
            "a_action",
            "due_on",
            "completed_on",
            "closure_approved_on",
            "demonstration_until",
            "last_rag",
            "closure_pending",
        )
    )


def derived(
    assignments: QuerySet[Assignment], day: datetime.date, as_of: datetime.date | None = None
) -> tuple[str, list]:
    """``SELECT s.*, <code> AS code FROM (inputs) s`` and its parameters: a table to group."""
    inner, inner_params = standing_inputs(assignments, as_of).query.sql_with_params()
    today = connection.ops.adapt_datefield_value(day)
    case = CASE_SQL.replace("%(today)s", "%s")
    n = case.count("%s")
    # As at a past day, MATERIALIZED: computed once, so that neither database folds the inputs
    # into the CASE and evaluates the latest-update subquery once per branch that names it. Now,
    # the inputs are columns (and one EXISTS the CASE names once): folding them in is cheaper
    # than writing them to a temporary table.
    hint = "MATERIALIZED" if as_of is not None else "NOT MATERIALIZED"
    sql = f"WITH s AS {hint} ({inner}) SELECT s.*, {case} AS code FROM s"  # noqa: S608
    # The inner query comes first in the text (the CTE), so its parameters do too.
    return sql, [*inner_params, *([today] * n)]


def grouped(
    assignments: QuerySet[Assignment],
    day: datetime.date,
    by: tuple[str, ...],
    *,
    as_of: datetime.date | None = None,
    extra: str = "",
    extra_params: list | None = None,
    detail: tuple[str, list[int]] | None = None,
) -> list[tuple]:
    """Rows of ``(*by, code, count, min assignment id)`` grouped in the database. ``by`` names
    columns of the inputs (``a_rec``, ``a_unit``, ``a_action``).

    ``detail=(column, ids)`` puts a first column before ``by``: the row's ``column`` where it
    is one of ``ids``, else NULL, grouped with the rest. So a matrix page gets its column totals
    over the whole plan and the cells of its own recommendations in one pass, and the standings
    (as at a past day, a lookup per assignment) are worked out once, not once for each."""
    try:
        sql, params = derived(assignments, day, as_of)
    except EmptyResultSet:  # e.g. filtered to no recommendation: nothing to group
        return []
    names = [f"t.{c}" for c in by]
    detail_params: list = []
    if detail is not None:
        column, ids = detail
        marks = ", ".join(["%s"] * len(ids))
        names.insert(0, f"CASE WHEN t.{column} IN ({marks}) THEN t.{column} END" if ids else "NULL")
        detail_params = list(ids)
    # Grouped by position, not by repeating the columns: an expression (the detail's CASE, or a
    # bare NULL, which PostgreSQL will not take as a GROUP BY expression) is written, and bound,
    # once.
    select = "".join(f"{name}, " for name in names)
    group = ", ".join(str(n) for n in range(1, len(names) + 2))  # the columns, then t.code
    query = f"SELECT {select}t.code, COUNT(*), MIN(t.a_id) FROM ({sql}) t {extra} GROUP BY {group}"  # noqa: S608 (constant fragments; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(query, [*detail_params, *params, *(extra_params or [])])
        return cursor.fetchall()


def filtered_summary(
    assignments: QuerySet[Assignment],
    day: datetime.date,
    *,
    as_of: datetime.date | None,
    where: str,
    params: list,
) -> tuple[list[tuple[int, str, int]], list[tuple[int, int]]]:
    """For a filtered matrix, from one pass over the standings: ``(unit, code, count)`` over
    every assignment (the counts, and the units the filter keeps), and ``(recommendation id,
    position)`` of each recommendation with an assignment the filter (``where``, over ``t``)
    keeps. The standings are worked out once, not once per question."""
    try:
        sql, derived_params = derived(assignments, day, as_of)
    except EmptyResultSet:
        return [], []
    # Constant fragments and placeholders only; every value is a parameter.
    query = (
        f"WITH d AS MATERIALIZED ({sql}) "  # noqa: S608
        "SELECT 'g', t.a_unit, t.code, COUNT(*) FROM d t GROUP BY t.a_unit, t.code "
        "UNION ALL "
        "SELECT 'r', r.id, NULL, r.position FROM inspections_recommendation r "
        f"WHERE r.id IN (SELECT t.a_rec FROM d t{where})"
    )
    groups, kept = [], []
    with connection.cursor() as cursor:
        cursor.execute(query, [*derived_params, *params])
        for kind, key, code, n in cursor.fetchall():
            if kind == "g":
                groups.append((key, code, n))
            else:
                kept.append((key, n))
    return groups, kept


def filter_sql(
    *, unit_ids: set[int] | None, standings: set[str] | None, overdue_only: bool
) -> tuple[str, list]:
    """A WHERE clause over the derived table for the matrix's filters, and its parameters."""
    clauses, params = [], []
    if unit_ids:
        clauses.append(f"t.a_unit IN ({', '.join(['%s'] * len(unit_ids))})")
        params.extend(sorted(unit_ids))
    if standings:
        codes = [c for c, info in CODES.items() if info.rag in standings]
        clauses.append(f"t.code IN ({', '.join(['%s'] * len(codes))})" if codes else "1 = 0")
        params.extend(codes)
    if overdue_only:
        clauses.append("t.code = 'overdue'")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def keeps(code: str, unit_id: int, *, unit_ids, standings, overdue_only) -> bool:
    """The same filter in Python, for grouped rows already read."""
    if unit_ids and unit_id not in unit_ids:
        return False
    if standings and CODES[code].rag not in standings:
        return False
    return not (overdue_only and code != "overdue")


def as_standing(code: str) -> Standing:
    info = CODES[code]
    return Standing(info.rag, info.label, info.reason, info.complete)


def worst(codes) -> str | None:
    codes = list(codes)
    return min(codes, key=ORDER.__getitem__) if codes else None


def rolled_up(counts: dict[str, int]):
    """status.rolled_up_status over counts by code."""
    from assure.inspections.models import RecommendationStatus

    if not counts:
        return RecommendationStatus.AWAITING_REVIEW
    settled = all(CODES[c].complete or CODES[c].rag == "grey" for c in counts)
    if settled and any(CODES[c].complete for c in counts):
        return RecommendationStatus.COMPLETE
    return RecommendationStatus.BEING_PROGRESSED
