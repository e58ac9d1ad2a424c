"""Where each recommendation stands across forces, worked out in SQL for the national view.

A recommendation's *national state* comes from its assignments' standing codes
(``standing_sql``) on a day, grouped in the database:

- ``complete``: the register says complete or no further action, or every assignment is complete
  or not adopted and at least one is complete (``status.rolled_up_status``);
- ``overdue``: otherwise, an assignment is overdue, or there are no actions and the
  recommendation's own due date has passed;
- ``not_started``: no actions assigned yet, not yet due;
- ``on_track``: the rest: work under way, nothing past its due date.

A force's state for an area is the worst of its recommendations' states there (overdue, then on
track, then not started, then complete). Every query here is one statement whatever the number of
forces, recommendations, assignments and updates.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, QuerySet

from assure.inspections.models import Recommendation

from . import standing_sql
from .models import Assignment


@dataclass(frozen=True)
class State:
    code: str
    label: str
    colour: str  # GOV.UK tag colour ("" for the default blue)
    rank: int  # worst is highest


STATES: dict[str, State] = {
    "overdue": State("overdue", "Overdue", "red", 3),
    "on_track": State("on_track", "On track", "", 2),
    "not_started": State("not_started", "No actions yet", "grey", 1),
    "complete": State("complete", "Complete", "green", 0),
}
BY_RANK = {s.rank: s for s in STATES.values()}

# Over q (the recommendations) left-joined to g (their assignments' codes, counted).
STATE_CASE = """CASE
  WHEN q.r_status IN ('complete', 'no_further_action') THEN 'complete'
  WHEN COALESCE(g.overdue, 0) > 0 THEN 'overdue'
  WHEN g.n IS NOT NULL AND g.settled = g.n AND g.done > 0 THEN 'complete'
  WHEN g.n IS NULL AND q.r_due IS NOT NULL AND q.r_due < %s THEN 'overdue'
  WHEN g.n IS NULL THEN 'not_started'
  ELSE 'on_track'
END"""
RANK_CASE = "CASE r.state " + " ".join(
    f"WHEN '{s.code}' THEN {s.rank}" for s in STATES.values()
) + " END"


def states(
    recommendations: QuerySet[Recommendation], day: datetime.date
) -> tuple[str, list] | None:
    """``SELECT`` of one row per recommendation: ``r_id, r_force, r_area, r_due, state,
    n (assignments), overdue, done`` and its parameters; None when no recommendation can match."""
    recs = (
        recommendations.order_by()
        .annotate(
            r_id=F("pk"),
            r_force=F("inspection__force_id"),
            r_area=F("area"),
            r_status=F("status"),
            r_due=F("due_on"),
        )
        .values("r_id", "r_force", "r_area", "r_status", "r_due")
    )
    assignments = Assignment.objects.filter(action__recommendation__in=recommendations.values("pk"))
    try:
        rec_sql, rec_params = recs.query.sql_with_params()
        derived_sql, derived_params = standing_sql.derived(assignments, day)
    except EmptyResultSet:
        return None
    today = connection.ops.adapt_datefield_value(day)
    # Constant fragments and placeholders only; every value is a parameter.
    sql = (
        f"SELECT q.r_id, q.r_force, q.r_area, q.r_due, {STATE_CASE} AS state, "  # noqa: S608
        "COALESCE(g.n, 0) AS n, COALESCE(g.overdue, 0) AS overdue, COALESCE(g.done, 0) AS done "
        f"FROM ({rec_sql}) q LEFT JOIN ("
        "SELECT t.a_rec, COUNT(*) AS n, "
        "SUM(CASE WHEN t.code = 'overdue' THEN 1 ELSE 0 END) AS overdue, "
        "SUM(CASE WHEN t.code = 'complete' THEN 1 ELSE 0 END) AS done, "
        "SUM(CASE WHEN t.code IN ('complete', 'not_adopted') THEN 1 ELSE 0 END) AS settled "
        f"FROM ({derived_sql}) t GROUP BY t.a_rec) g ON g.a_rec = q.r_id"
    )
    return sql, [today, *rec_params, *derived_params]


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ids_in_state(
    recommendations: QuerySet[Recommendation], day: datetime.date, codes: list[str]
) -> tuple[str, list] | None:
    """``SELECT r_id`` of the recommendations in one of the states ``codes``."""
    base = states(recommendations, day)
    if base is None:
        return None
    sql, params = base
    marks = ", ".join(["%s"] * len(codes))
    return f"SELECT r.r_id FROM ({sql}) r WHERE r.state IN ({marks})", [*params, *codes]  # noqa: S608


def _by_force_and_area(sql: str) -> str:
    """Each (area, force): its worst state's rank and its recommendations counted by state."""
    counts = ", ".join(
        f"SUM(CASE WHEN r.state = '{s.code}' THEN 1 ELSE 0 END) AS n_{s.code}"
        for s in STATES.values()
    )
    return (
        f"SELECT r.r_area AS area, r.r_force AS force, MAX({RANK_CASE}) AS worst, "  # noqa: S608
        f"COUNT(*) AS recs, SUM(r.n) AS assignments, SUM(r.overdue) AS overdue_assignments, "
        f"MIN(CASE WHEN r.state NOT IN ('complete') THEN r.r_due END) AS next_due, {counts} "
        f"FROM ({sql}) r GROUP BY r.r_area, r.r_force"
    )


def area_summary(
    recommendations: QuerySet[Recommendation], day: datetime.date, *, offset: int, limit: int
) -> list[tuple]:
    """Rows of ``(area, forces, forces overdue, on track, not started, complete, recs)``,
    by area name, ``limit`` from ``offset``."""
    base = states(recommendations, day)
    if base is None:
        return []
    sql, params = base
    per_state = ", ".join(
        f"SUM(CASE WHEN f.worst = {s.rank} THEN 1 ELSE 0 END)" for s in STATES.values()
    )
    query = (
        f"SELECT f.area, COUNT(*), {per_state}, SUM(f.recs) "  # noqa: S608
        f"FROM ({_by_force_and_area(sql)}) f GROUP BY f.area ORDER BY f.area LIMIT %s OFFSET %s"
    )
    return fetch(query, [*params, limit, offset])


def area_count(recommendations: QuerySet[Recommendation]) -> int:
    return recommendations.order_by().values("area").distinct().count()


def comparison(
    recommendations: QuerySet[Recommendation], day: datetime.date, area: str
) -> list[tuple]:
    """One row per force for ``area``: ``(force id, worst rank, recs, assignments, overdue
    assignments, next due, n_overdue, n_on_track, n_not_started, n_complete)``."""
    base = states(recommendations.filter(area=area), day)
    if base is None:
        return []
    sql, params = base
    query = (
        "SELECT f.force, f.worst, f.recs, f.assignments, f.overdue_assignments, f.next_due, "  # noqa: S608
        + ", ".join(f"f.n_{code}" for code in STATES)
        + f" FROM ({_by_force_and_area(sql)}) f"
    )
    return fetch(query, params)


def totals(recommendations: QuerySet[Recommendation], day: datetime.date) -> dict[str, int]:
    """Recommendations counted by state."""
    base = states(recommendations, day)
    if base is None:
        return {}
    sql, params = base
    rows = fetch(f"SELECT r.state, COUNT(*) FROM ({sql}) r GROUP BY r.state", params)  # noqa: S608
    return dict(rows)
