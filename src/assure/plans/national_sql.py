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

Two ways to the same states: :func:`states` reads the assignments (the national list's page of
25 recommendations); :func:`tally_states` reads one kept ``RecommendationTally`` row per
recommendation (the totals, the area summary and the state filter over every force), which
``refresh_tallies`` keeps in step with each write.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, QuerySet

from assure.inspections.models import Recommendation

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


# The standing codes of standing_sql.CASE_SQL that decide a national state, in its order, over the
# columns of standing_sql.standing_inputs. test_national.py holds the two equal.
ASSIGNMENT_CASE = """CASE
  WHEN s.completed_on IS NOT NULL AND s.completed_on <= %s THEN 'complete'
  WHEN s.closure_approved_on IS NOT NULL AND s.closure_approved_on <= %s
       AND s.demonstration_until IS NOT NULL THEN 'open'
  WHEN s.latest_rag = 'grey' THEN 'not_adopted'
  WHEN s.due_on IS NOT NULL AND s.due_on < %s THEN 'overdue'
  ELSE 'open'
END"""


# What RecommendationTally keeps, per recommendation, over its assignments (s: their standing
# inputs with the action's own date). "Live": open and not adopted neither, so able to fall
# overdue. Settled from: a completion date, except for a not-adopted assignment not under a
# demonstration period, which is settled (not adopted, then complete) on any day.
LIVE = "s.completed_on IS NULL AND COALESCE(s.latest_rag, '') <> 'grey'"
TALLY_COLUMNS = (
    "recommendation_id, assignments, unsettled, settled_from, first_done_on, live_inheriting,"
    " live_due_from"
)
TALLY_SELECT = f"""SELECT s.rec, COUNT(*),
  SUM(CASE WHEN {LIVE} THEN 1 ELSE 0 END),
  MAX(CASE WHEN s.completed_on IS NOT NULL AND (COALESCE(s.latest_rag, '') <> 'grey'
      OR (s.closure_approved_on IS NOT NULL AND s.demonstration_until IS NOT NULL))
      THEN s.completed_on END),
  MIN(s.completed_on),
  SUM(CASE WHEN {LIVE} AND s.own_due IS NULL THEN 1 ELSE 0 END),
  MIN(CASE WHEN {LIVE} THEN s.own_due END)
FROM (SELECT ac.recommendation_id AS rec, a.completed_on, a.closure_approved_on,
        a.demonstration_until, a.latest_rag,
        COALESCE(a.due_on_override, ac.due_on_override) AS own_due
      FROM plans_assignment a JOIN plans_action ac ON ac.id = a.action_id) s"""  # noqa: S608

# A recommendation's state on a day from its tally (t, left-joined: no row, no assignments), in
# STATE_CASE's order; test_national.py holds the two equal.
TALLY_STATE_CASE = """CASE
  WHEN q.r_status IN ('complete', 'no_further_action') THEN 'complete'
  WHEN t.assignments IS NOT NULL AND ((t.live_inheriting > 0 AND q.r_due IS NOT NULL
       AND q.r_due < %s) OR t.live_due_from < %s) THEN 'overdue'
  WHEN t.assignments IS NOT NULL AND t.unsettled = 0 AND t.first_done_on <= %s
       AND (t.settled_from IS NULL OR t.settled_from <= %s) THEN 'complete'
  WHEN t.assignments IS NULL AND q.r_due IS NOT NULL AND q.r_due < %s THEN 'overdue'
  WHEN t.assignments IS NULL THEN 'not_started'
  ELSE 'on_track'
END"""


TALLY_UPSERT = ", ".join(
    f"{column} = excluded.{column}" for column in TALLY_COLUMNS.split(", ")[1:]
)


def refresh_tallies(recommendation_ids) -> None:
    """Work the tallies of these recommendations out afresh from their assignments (two
    statements per 900): every write that adds an assignment or changes one's dates, closure or
    latest update calls it inside its own transaction, as do the bulk loads.

    An upsert, then a delete of the tallies of recommendations left with no assignment: a
    delete-then-insert lets a second writer, whose delete did not see the first's uncommitted
    row, insert a duplicate key. Two writers never work one tally out from copies missing each
    other's change either: each calls this after ``audit.record`` for the recommendation's
    force, which holds that force's chain head row locked until commit, so the second waits and
    then reads the first's committed rows (test_concurrency.py races two units' updates on one
    recommendation)."""
    ids = sorted({int(pk) for pk in recommendation_ids})
    with connection.cursor() as cursor:
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"INSERT INTO plans_recommendationtally ({TALLY_COLUMNS}) {TALLY_SELECT}"
                f" WHERE s.rec IN ({marks}) GROUP BY s.rec"
                f" ON CONFLICT (recommendation_id) DO UPDATE SET {TALLY_UPSERT}",
                chunk,
            )
            cursor.execute(
                f"DELETE FROM plans_recommendationtally WHERE recommendation_id IN ({marks})"  # noqa: S608
                " AND NOT EXISTS (SELECT 1 FROM plans_assignment a JOIN plans_action ac"
                " ON ac.id = a.action_id WHERE ac.recommendation_id"
                " = plans_recommendationtally.recommendation_id)",
                chunk,
            )


def refresh_all_tallies() -> None:
    """Every recommendation's tally afresh, in one statement: after a bulk load."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM plans_recommendationtally")
        cursor.execute(
            f"INSERT INTO plans_recommendationtally ({TALLY_COLUMNS}) {TALLY_SELECT} GROUP BY s.rec"
        )


def assignment_codes(assignments: QuerySet[Assignment], day: datetime.date) -> tuple[str, list]:
    """``SELECT a_id, a_rec, code`` with code one of complete, not_adopted, overdue, open."""
    inputs = (
        assignments.order_by()
        .annotate(a_id=F("pk"), a_rec=F("action__recommendation_id"))
        .values(
            "a_id",
            "a_rec",
            "due_on",
            "completed_on",
            "closure_approved_on",
            "demonstration_until",
            "latest_rag",
        )
    )
    sql, params = inputs.query.sql_with_params()
    today = connection.ops.adapt_datefield_value(day)
    # Constant fragments and placeholders only; every value is a parameter. Not materialized:
    # the CASE reads only columns, so working it out again for each count that reads it costs
    # less than writing 150,000 codes to a temporary table (SQLite, national: 125 -> 98 ms).
    return (
        f"SELECT s.a_id, s.a_rec, {ASSIGNMENT_CASE} AS code FROM ({sql}) s",  # noqa: S608
        [today, today, today, *params],
    )


def states(
    recommendations: QuerySet[Recommendation], day: datetime.date
) -> tuple[str, list] | None:
    """``SELECT`` of one row per recommendation: ``r_id, r_force, r_area, r_due, state,
    n (assignments), overdue, done`` and its parameters; None when no recommendation can match."""
    recs = _recommendation_columns(recommendations)
    assignments = Assignment.objects.filter(action__recommendation__in=recommendations.values("pk"))
    try:
        rec_sql, rec_params = recs.query.sql_with_params()
        codes_sql, codes_params = assignment_codes(assignments, day)
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
        f"FROM ({codes_sql}) t GROUP BY t.a_rec) g ON g.a_rec = q.r_id"
    )
    return sql, [today, *rec_params, *codes_params]


def tally_states(
    recommendations: QuerySet[Recommendation], day: datetime.date
) -> tuple[str, list] | None:
    """``SELECT`` of one row per recommendation: ``r_id, r_force, r_area, r_due, state, n``
    from the kept tallies: one row per recommendation read, none per assignment. None when no
    recommendation can match.

    Exact for ``day`` on or after each recommendation's latest completion or approval (a tally
    counts a completed assignment as settled whatever the day): the national view asks about
    today only. For an earlier day, use :func:`states`, which reads the assignments."""
    try:
        rec_sql, rec_params = _recommendation_columns(recommendations).query.sql_with_params()
    except EmptyResultSet:
        return None
    today = connection.ops.adapt_datefield_value(day)
    sql = (
        f"SELECT q.r_id, q.r_force, q.r_area, q.r_due, {TALLY_STATE_CASE} AS state, "  # noqa: S608
        "COALESCE(t.assignments, 0) AS n "
        f"FROM ({rec_sql}) q LEFT JOIN plans_recommendationtally t ON t.recommendation_id = q.r_id"
    )
    return sql, [*[today] * 5, *rec_params]


def _recommendation_columns(recommendations: QuerySet[Recommendation]):
    return (
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


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ids_in_state(
    recommendations: QuerySet[Recommendation], day: datetime.date, codes: list[str]
) -> tuple[str, list] | None:
    """``SELECT r_id`` of the recommendations in one of the states ``codes``."""
    base = tally_states(recommendations, day)
    if base is None:
        return None
    sql, params = base
    marks = ", ".join(["%s"] * len(codes))
    return f"SELECT r.r_id FROM ({sql}) r WHERE r.state IN ({marks})", [*params, *codes]  # noqa: S608


@dataclass(frozen=True)
class Group:
    """The recommendations of one force on one area in one state."""

    area: str
    force_id: int
    state: str
    recommendations: int
    assignments: int
    next_due: datetime.date | None  # the earliest due date among them, unless complete


def grouped(recommendations: QuerySet[Recommendation], day: datetime.date) -> list[Group]:
    """The recommendations counted by (area, force, state), from the kept tallies: one query, at
    most areas × forces × 4 rows, reading one row per recommendation and none per assignment."""
    base = tally_states(recommendations, day)
    if base is None:
        return []
    sql, params = base
    query = (
        "SELECT r.r_area, r.r_force, r.state, COUNT(*), SUM(r.n), "  # noqa: S608
        "MIN(CASE WHEN r.state <> 'complete' THEN r.r_due END) "
        f"FROM ({sql}) r GROUP BY r.r_area, r.r_force, r.state"
    )
    return [
        Group(area, force, state, recs, n or 0, _as_date(due))
        for area, force, state, recs, n, due in fetch(query, params)
    ]


def overdue_by_force(recommendations: QuerySet[Recommendation], day: datetime.date) -> dict:
    """How many of these recommendations' assignments are overdue on the day (ASSIGNMENT_CASE's
    ``overdue``), by force: one grouped query over their assignments, for the comparison's one
    area rather than the whole view."""
    overdue = (
        Assignment.objects.filter(action__recommendation__in=recommendations, due_on__lt=day)
        .exclude(completed_on__lte=day)
        .exclude(closure_approved_on__lte=day, demonstration_until__isnull=False)
        .exclude(latest_rag="grey")
        .order_by()
        .values_list("action__recommendation__inspection__force_id")
        .annotate(n=Count("pk"))
    )
    return dict(overdue)


def _as_date(value) -> datetime.date | None:
    """A date from raw SQL (SQLite returns text)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])
