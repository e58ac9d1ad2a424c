"""Reads for plan pages. Each returns what one page needs in a fixed number of queries, whatever
the number of recommendations, units, assignments and updates."""

import datetime
import operator
import zoneinfo
from dataclasses import dataclass, field
from functools import reduce

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from assure.accounts.models import Organisation, Unit
from assure.core import clock, page_cache
from assure.inspections.models import Recommendation

from . import national_sql, permissions, standing_sql, status
from .models import (
    Action,
    ActionPlan,
    Assignment,
    Closure,
    ClosureDecision,
    ClosureState,
    Evidence,
    EvidenceVersion,
    PlanStatus,
    Update,
    UpdateCycle,
    UpdateRequest,
)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` in local time ("as at 30 September" includes all of it)."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    if day >= datetime.date.max:  # 9999-12-31 has no next day: the end of time will do
        return datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)


@dataclass
class AssignmentRow:
    assignment: Assignment
    facts: status.AssignmentFacts
    last_update_at: datetime.datetime | None
    standing: status.Standing


def with_latest_update(assignments: QuerySet[Assignment], as_of: datetime.date | None = None):
    """Annotate each assignment with its latest update (on or before ``as_of``) and whether a
    closure was awaiting a decision then: one query, however many updates there are."""
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
    latest = updates.order_by("-created_at", "-sequence")
    return assignments.annotate(
        last_rag=Subquery(latest.values("rag")[:1]),
        last_percent=Subquery(latest.values("percent_complete")[:1]),
        last_update_at=Subquery(latest.values("created_at")[:1]),
        last_not_adopted_reason=Subquery(latest.values("not_adopted_reason")[:1]),
        closure_pending=Exists(pending),
    )


def assignment_rows(
    assignments: QuerySet[Assignment], as_of: datetime.date | None = None
) -> list[AssignmentRow]:
    today = as_of or clock.today()
    rows = []
    queryset = with_latest_update(assignments, as_of).select_related(
        "unit", "action", "action__recommendation"
    )
    for a in queryset:
        last_at = a.last_update_at
        facts = status.AssignmentFacts(
            due_on=a.due_on,
            completed_on=a.completed_on,
            closure_approved_on=a.closure_approved_on,
            demonstration_until=a.demonstration_until,
            closure_proposed=a.closure_pending,
            last_rag=a.last_rag,
            last_percent=a.last_percent,
            last_update_on=timezone.localdate(last_at) if last_at else None,
            not_adopted_reason=a.last_not_adopted_reason or "",
        )
        rows.append(AssignmentRow(a, facts, last_at, status.standing(facts, today)))
    return rows


# Plan matrix ---------------------------------------------------------------------------------

MATRIX_PAGE_SIZE = 25  # recommendations per page
OPEN_PAGE_SIZE = 50  # assignments of the opened recommendation per page


@dataclass
class MatrixCell:
    code: str | None  # worst standing code of the shown assignments (standing_sql.CODES)
    count: int  # shown assignments in the cell
    assignment_id: int | None  # the one shown assignment, when there is exactly one
    hidden: bool  # the unit has assignments here that the filters hide

    @property
    def standing(self) -> status.Standing | None:
        return standing_sql.as_standing(self.code) if self.code else None


@dataclass
class MatrixLine:
    recommendation: object
    cells: list[MatrixCell]
    status: str = ""
    assignments: int = 0


@dataclass
class PlanMatrix:
    plan: ActionPlan
    units: list[Unit]
    lines: list[MatrixLine]
    as_of: datetime.date
    page: Page
    counts: dict = field(default_factory=dict)
    matching: int = 0  # recommendations with an assignment the filters keep (or all)
    plan_units: list[Unit] = field(default_factory=list)  # every unit with an assignment
    opened: object = None  # the recommendation whose actions are shown, if any
    open_page: Page | None = None
    open_rows: list[AssignmentRow] = field(default_factory=list)


def plan_for(user, plan_id: int) -> ActionPlan:
    plan = (
        permissions.plans_visible_to(user)
        .select_related("inspection", "inspection__force")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


PLAN_HISTORY_SHOWN = 20  # status changes on the plan page; the audit trail holds them all


def plan_history(plan: ActionPlan) -> dict:
    """The plan's latest PLAN_HISTORY_SHOWN status changes, newest first, and how many there are
    in all, so the page can say what it leaves to the audit trail. Plain values, not model
    rows: the page caches them, and a cached User would carry its password hash."""
    changes = plan.status_changes.select_related("changed_by").order_by("-changed_at", "-id")
    shown = [
        {
            "changed_at": c.changed_at,
            "status": c.get_status_display(),
            "by": str(c.changed_by) if c.changed_by else "",
            "note": c.note,
        }
        for c in changes[:PLAN_HISTORY_SHOWN]
    ]
    total = len(shown) if len(shown) < PLAN_HISTORY_SHOWN else changes.count()
    return {"changes": shown, "total": total}


def plan_matrix(
    plan: ActionPlan,
    *,
    as_of: datetime.date | None = None,
    unit_ids: set[int] | None = None,
    standings: set[str] | None = None,
    overdue_only: bool = False,
    units: list[Unit] | None = None,
    page: int | str = 1,
    open_recommendation: int | None = None,
    open_page: int | str = 1,
) -> PlanMatrix:
    """Recommendations down (a page of them), units across, each cell the worst standing of
    that unit's assignments for that recommendation on ``as_of``. Filters hide rows and columns,
    never change what a cell says. Counts, roll-ups and the filtered set of recommendations are
    grouped in SQL over the whole plan, so the cost in queries and HTML is that of one page.

    ``open_recommendation`` lists that recommendation's assignments (a page of them) under the
    matrix, with the full sentence of each standing."""
    day = as_of or clock.today()
    # Every assignment is shown, even one made after ``as_of``: the plan records what was
    # agreed, and the updates, closures and due dates as at that day say where each stood.
    assignments = Assignment.objects.filter(action__plan=plan)
    filters: dict = {"unit_ids": unit_ids, "standings": standings, "overdue_only": overdue_only}
    filtering = bool(unit_ids or standings or overdue_only)

    by_code: dict[str, int] = {}
    recommendations = plan.inspection.recommendations.order_by("position", "id")
    shown_units = set()
    with_assignments: set[int] = set()  # the plan's units, from the same pass as the counts
    paginator: Paginator  # of recommendation ids when filtering, else of recommendations
    if filtering:
        # One pass gives the counts, the units the filter keeps and the recommendations it
        # keeps (ids in plan order, paginated here: a plan has thousands at most).
        where, params = standing_sql.filter_sql(**filters)
        unit_codes, kept_recs = standing_sql.filtered_summary(
            assignments, day, as_of=as_of, where=where, params=params
        )
        for unit_id, code, n in unit_codes:
            with_assignments.add(unit_id)
            by_code[code] = by_code.get(code, 0) + n
            if standing_sql.keeps(code, unit_id, **filters):
                shown_units.add(unit_id)
        kept_recs.sort(key=lambda rec: (rec[1], rec[0]))
        paginator = Paginator([rec_id for rec_id, _ in kept_recs], MATRIX_PAGE_SIZE)
        page_obj = paginator.get_page(page)
        order = {rec_id: i for i, rec_id in enumerate(page_obj.object_list)}
        page_recs = sorted(recommendations.filter(pk__in=list(order)), key=lambda r: order[r.pk])
    else:
        paginator = Paginator(recommendations, MATRIX_PAGE_SIZE)
        page_obj = paginator.get_page(page)
        page_recs = list(page_obj.object_list)
    cells: dict[tuple[int, int], list[tuple[str, int, int]]] = {}
    by_rec: dict[int, dict[str, int]] = {}

    def add_cell(rec_id: int, unit_id: int, code: str, n: int, first: int) -> None:
        cells.setdefault((rec_id, unit_id), []).append((code, n, first))
        rec_counts = by_rec.setdefault(rec_id, {})
        rec_counts[code] = rec_counts.get(code, 0) + n

    if not filtering:
        # One pass: the column totals over the whole plan, and this page's cells.
        for rec_id, unit_id, code, n, first in standing_sql.grouped(
            assignments,
            day,
            ("a_unit",),
            as_of=as_of,
            detail=("a_rec", [r.pk for r in page_recs]),
        ):
            with_assignments.add(unit_id)
            by_code[code] = by_code.get(code, 0) + n
            if rec_id is not None:
                add_cell(rec_id, unit_id, code, n, first)
    counts: dict[str, int] = {}
    for code, n in by_code.items():
        label = standing_sql.CODES[code].label
        counts[label] = counts.get(label, 0) + n
    counts = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    if units is None:  # of the units plan_unit_choices offers, those with an assignment
        units = sorted(_delivering_units(plan).filter(pk__in=with_assignments), key=_unit_order)
    every_unit = list(units)
    if filtering:
        for rec_id, unit_id, code, n, first in standing_sql.grouped(
            assignments.filter(action__recommendation__in=[r.pk for r in page_recs]),
            day,
            ("a_rec", "a_unit"),
            as_of=as_of,
        ):
            add_cell(rec_id, unit_id, code, n, first)
        units = [u for u in units if u.id in shown_units]

    lines = []
    for rec in page_recs:
        line_cells = []
        for unit in units:
            groups = cells.get((rec.id, unit.id), [])
            kept = [g for g in groups if standing_sql.keeps(g[0], unit.id, **filters)]
            count = sum(g[1] for g in kept)
            line_cells.append(
                MatrixCell(
                    code=standing_sql.worst(g[0] for g in kept),
                    count=count,
                    assignment_id=kept[0][2] if count == 1 else None,
                    hidden=bool(groups) and not kept,
                )
            )
        rec_counts = by_rec.get(rec.id, {})
        lines.append(
            MatrixLine(
                rec, line_cells, standing_sql.rolled_up(rec_counts).label, sum(rec_counts.values())
            )
        )

    matrix = PlanMatrix(plan, units, lines, day, page_obj, counts, paginator.count, every_unit)
    if open_recommendation is not None:
        opened = plan.inspection.recommendations.filter(pk=open_recommendation).first()
        if opened is not None:
            opened_assignments = (
                assignments.filter(action__recommendation=opened)
                .select_related(None)
                .order_by("action__position", "action_id", "unit__kind", "unit__name", "id")
            )
            if unit_ids:
                opened_assignments = opened_assignments.filter(unit_id__in=unit_ids)
            open_obj = Paginator(opened_assignments.values_list("pk", flat=True), OPEN_PAGE_SIZE)
            matrix.opened = opened
            matrix.open_page = open_obj.get_page(open_page)
            ids = list(matrix.open_page.object_list)
            rows = assignment_rows(Assignment.objects.filter(pk__in=ids), as_of)
            order = {pk: i for i, pk in enumerate(ids)}
            matrix.open_rows = sorted(rows, key=lambda r: order[r.assignment.pk])
    return matrix


@dataclass
class OverdueAction:
    """One action overdue somewhere: the units where it is, and the earliest of their due dates."""

    action: Action
    units: list[Unit]
    due_on: datetime.date | None


@dataclass
class WholeMatrix:
    """The whole plan as a paper reads it: every recommendation by every unit, with the counts
    by standing and by latest RAG and the actions overdue, all grouped in SQL."""

    plan: ActionPlan
    units: list[Unit]
    lines: list[MatrixLine]
    as_of: datetime.date
    counts: dict[str, int]  # standing label -> assignments
    rag_counts: dict[str, int]  # latest RAG ("none" without an update) -> assignments
    assignments: int
    overdue: list[OverdueAction]


def whole_matrix(plan: ActionPlan, *, as_of: datetime.date | None = None) -> WholeMatrix:
    """``plan_matrix`` without pages, for papers: the cells, counts and RAG totals come from one
    GROUP BY over the plan's assignments and the overdue actions from another, so the queries
    are fixed and the Python work grows with recommendations × units, never with assignments
    or updates."""
    day = as_of or clock.today()
    assignments = Assignment.objects.filter(action__plan=plan)
    units = plan_units(plan)
    recommendations = list(plan.inspection.recommendations.order_by("position", "id"))
    cells: dict[tuple[int, int], list[str]] = {}
    by_rec: dict[int, dict[str, int]] = {}
    counts: dict[str, int] = {}
    rags: dict[str, int] = {}
    total = 0
    for rec_id, unit_id, rag, code, n, _first in standing_sql.grouped(
        assignments, day, ("a_rec", "a_unit", "last_rag"), as_of=as_of
    ):
        cells.setdefault((rec_id, unit_id), []).append(code)
        rec_counts = by_rec.setdefault(rec_id, {})
        rec_counts[code] = rec_counts.get(code, 0) + n
        label = standing_sql.CODES[code].label
        counts[label] = counts.get(label, 0) + n
        rags[rag or "none"] = rags.get(rag or "none", 0) + n
        total += n
    lines = []
    for rec in recommendations:
        line_cells = []
        for unit in units:
            codes = cells.get((rec.id, unit.id), [])
            line_cells.append(MatrixCell(standing_sql.worst(codes), len(codes), None, False))
        rec_counts = by_rec.get(rec.id, {})
        lines.append(
            MatrixLine(
                rec, line_cells, standing_sql.rolled_up(rec_counts).label, sum(rec_counts.values())
            )
        )
    late: dict[int, tuple[set[int], datetime.date | None]] = {}
    for action_id, unit_id, due_on, _code, _n, _first in standing_sql.grouped(
        assignments,
        day,
        ("a_action", "a_unit", "due_on"),
        as_of=as_of,
        extra="WHERE t.code = 'overdue'",
    ):
        due = _as_date(due_on)
        unit_ids, earliest = late.setdefault(action_id, (set(), due))
        unit_ids.add(unit_id)
        if due is not None and (earliest is None or due < earliest):
            late[action_id] = (unit_ids, due)
    actions = Action.objects.filter(pk__in=list(late)).select_related("recommendation")
    unit_by_id = {u.id: u for u in units}
    overdue = [
        OverdueAction(
            a,
            [
                unit_by_id[u]
                for u in sorted(late[a.pk][0], key=lambda u: _unit_order(unit_by_id[u]))
            ],
            late[a.pk][1],
        )
        for a in sorted(actions, key=lambda a: (a.recommendation.position, a.position, a.pk))
    ]
    return WholeMatrix(plan, units, lines, day, counts, rags, total, overdue)


def _as_date(value) -> datetime.date | None:
    """A date column as the cursor gives it (SQLite answers text)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _unit_order(unit: Unit) -> tuple:
    return (
        {"district": 0, "central": 1, "specialist": 2, "partner": 3}.get(unit.kind, 9),
        unit.name,
    )


# Assignment page -----------------------------------------------------------------------------


def assignment_for(user, assignment_id: int) -> Assignment:
    assignment = (
        permissions.assignments_visible_to(user)
        .select_related(
            "unit",
            "unit__organisation",
            "action",
            "action__lead",
            "action__recommendation",
            "action__plan",
            "action__plan__inspection",
            "action__plan__inspection__force",
        )
        .prefetch_related("action__partners")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def update_for_correction(user, update_id: int) -> Update:
    """An update the person may correct: on an assignment they may update, and the latest on it
    (only that one takes a correction); anything else answers 404."""
    update = Update.objects.filter(pk=update_id).only("pk", "assignment_id").first()
    if update is None:
        raise Http404
    assignment = assignment_for(user, update.assignment_id)
    latest = (
        assignment.updates.select_related("author").order_by("-created_at", "-sequence").first()
    )
    if latest is None or latest.pk != update.pk:
        raise Http404
    latest.assignment = assignment
    return latest


@dataclass
class AssignmentPage:
    assignment: Assignment
    row: AssignmentRow
    updates: list[Update]
    evidence: list[Evidence]
    closures: list[Closure]
    timeline: list[tuple[datetime.datetime, str, object]]


def assignment_page(assignment: Assignment) -> AssignmentPage:
    row = assignment_rows(Assignment.objects.filter(pk=assignment.pk))[0]
    updates = list(assignment.updates.select_related("author").order_by("-created_at", "-sequence"))
    # Each corrected entry learns its correction from the list in hand (no query per update).
    corrections = {u.supersedes_id: u for u in updates if u.supersedes_id}
    for u in updates:
        u.corrected_by = corrections.get(u.pk)  # type: ignore[attr-defined]
    evidence = list(
        assignment.evidence.select_related("created_by").prefetch_related(
            Prefetch("versions", queryset=EvidenceVersion.objects.order_by("-version"))
        )
    )
    closures = list(
        assignment.closures.select_related("proposed_by", "decided_by").prefetch_related("evidence")
    )
    timeline: list[tuple[datetime.datetime, str, object]] = [
        (u.created_at, "update", u) for u in updates
    ]
    for e in evidence:
        for v in e.versions.all():
            timeline.append((v.created_at, "evidence", (e, v)))
    for c in closures:
        timeline.append((c.proposed_at, "closure_proposed", c))
        if c.decided_at:
            timeline.append((c.decided_at, "closure_decided", c))
    timeline.sort(key=lambda item: item[0], reverse=True)
    return AssignmentPage(assignment, row, updates, evidence, closures, timeline)


def evidence_for(user, evidence_id: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("assignment", "assignment__unit", "assignment__action")
        .filter(pk=evidence_id, assignment__in=permissions.assignments_visible_to(user))
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def evidence_version_for(user, version_id: int) -> EvidenceVersion:
    version = (
        EvidenceVersion.objects.select_related("evidence", "evidence__assignment")
        .filter(pk=version_id, evidence__assignment__in=permissions.assignments_visible_to(user))
        .first()
    )
    if version is None or not version.file:
        raise Http404
    return version


# My work and approvals -----------------------------------------------------------------------


MY_WORK_PAGE_SIZE = 25


class _Counted:
    """A queryset whose length is already known (counted by a GROUP BY of the same rows), so
    the paginator does not count it again."""

    def __init__(self, queryset, count: int):
        self.queryset, self._count = queryset, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self.queryset[index]


def _rows_in_order(ids: list[int]) -> list[AssignmentRow]:
    rows = assignment_rows(Assignment.objects.filter(pk__in=ids))
    order = {pk: i for i, pk in enumerate(ids)}
    return sorted(rows, key=lambda r: order[r.assignment.pk])


#: An assignment still open with no update for this many days needs one ("Updates to give"):
#: the action-plan meeting reads every open assignment's progress monthly.
UPDATE_INTERVAL_DAYS = 30
#: "Due soon" on My work and the start page: the next 45 days.
DUE_SOON_DAYS = 45


def _actionable(user):
    """What the user is expected to act on, as one queryset without repeated rows."""
    candidates = permissions.assignments_actionable_by(user)
    if candidates.query.distinct:
        return Assignment.objects.filter(pk__in=candidates.values("pk"))
    return candidates


def _not_complete(assignments, today: datetime.date):
    # Complete on the day: the one standing that needs no update or closure to know.
    return assignments.exclude(closure_state=ClosureState.COMPLETE).exclude(completed_on__lte=today)


def _needs_update(today: datetime.date) -> Q:
    """Open (no closure proposed or approved) and no update in the last UPDATE_INTERVAL_DAYS."""
    since = end_of_day(today - datetime.timedelta(days=UPDATE_INTERVAL_DAYS))
    # The latest update's time is the newest: none since ``since`` is "the latest is older".
    never = Q(latest_update_at__isnull=True)
    return Q(never | Q(latest_update_at__lt=since), closure_state=ClosureState.OPEN)


def work_counts(user, *, today: datetime.date | None = None) -> dict[str, int]:
    """The start page's counts of My work, in one query: overdue, due in the next
    DUE_SOON_DAYS, and open assignments waiting for an update. The same rules as
    :func:`my_work`, so the numbers match the page the panels link to."""
    today = today or clock.today()
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    # due_on: the default manager's annotation (models.py), which the type plugin cannot see.
    due = Q(due_on__isnull=False, due_on__lte=horizon)
    counts = (
        _not_complete(_actionable(user), today)
        .order_by()
        .aggregate(
            overdue=Count("pk", filter=due & Q(due_on__lt=today)),
            due_soon=Count("pk", filter=due & Q(due_on__gte=today)),
            updates_due=Count("pk", filter=_needs_update(today)),
        )
    )
    return {key: value or 0 for key, value in counts.items()}


def my_work(
    user,
    *,
    today: datetime.date | None = None,
    horizon_days: int = DUE_SOON_DAYS,
    unit_id: int | None = None,
    mine: bool = False,
    overdue_page: int | str = 1,
    soon_page: int | str = 1,
    update_page: int | str = 1,
    requested_page: int | str = 1,
) -> dict:
    """Assignments the user can act on that are overdue or due in the next ``horizon_days``:
    their own (as an action's lead) and their units'. Two pages of rows (overdue; due soon),
    with the counts by section and by unit grouped in the database; and a third page of the
    open assignments that have had no update for UPDATE_INTERVAL_DAYS, whatever their due date."""
    today = today or clock.today()
    horizon = today + datetime.timedelta(days=horizon_days)
    actionable = _not_complete(_actionable(user), today)
    in_window = Q(due_on__isnull=False, due_on__lte=horizon)
    overdue_q, soon_q = in_window & Q(due_on__lt=today), in_window & Q(due_on__gte=today)
    lead = Q(action__lead=user)
    needs_update = _needs_update(today)
    # One grouped pass over the assignments the user acts on gives every section's count by
    # unit, theirs and all: each table's paginator is told its length instead of counting.
    grouped = list(
        actionable.order_by()
        .values("unit_id", "unit__name")
        .annotate(
            overdue=Count("pk", filter=overdue_q),
            due_soon=Count("pk", filter=soon_q),
            stale=Count("pk", filter=needs_update),
            mine_overdue=Count("pk", filter=overdue_q & lead),
            mine_due_soon=Count("pk", filter=soon_q & lead),
            mine_stale=Count("pk", filter=needs_update & lead),
        )
        .order_by("unit__name", "unit_id")
    )
    # The units with something due in the window, as the table by unit lists them.
    by_unit = [u for u in grouped if u["overdue"] or u["due_soon"]]
    shown = actionable.filter(in_window)
    stale = actionable.filter(needs_update)
    counted = grouped
    if unit_id is not None:
        shown = shown.filter(unit_id=unit_id)
        stale = stale.filter(unit_id=unit_id)
        counted = [u for u in grouped if u["unit_id"] == unit_id]
    prefix = "mine_" if mine else ""
    if mine:
        shown = shown.filter(lead)
        stale = stale.filter(lead)
    order = ("due_on", "unit__name", "id")

    def known(section: str) -> int:
        return sum(u[prefix + section] for u in counted)

    def page_of(queryset, count: int, number):
        ids = queryset.order_by(*order).values_list("pk", flat=True)
        return Paginator(_Counted(ids, count), MY_WORK_PAGE_SIZE).get_page(number)  # type: ignore[arg-type]

    n_overdue, n_soon = known("overdue"), known("due_soon")
    # Overdue and due soon share one order, in which every overdue row comes first: both pages
    # are two ranges of row numbers in one ordered read, not two reads of the same rows.
    overdue = page_of(shown.none(), n_overdue, overdue_page)
    due_soon = page_of(shown.none(), n_soon, soon_page)
    spans = []  # (page, its rows' numbers in the shared order: first exclusive, last inclusive)
    for page, before, count in ((overdue, 0, n_overdue), (due_soon, n_overdue, n_soon)):
        first = before + (page.number - 1) * MY_WORK_PAGE_SIZE
        spans.append((page, first, min(first + MY_WORK_PAGE_SIZE, before + count)))
    numbered = dict(
        shown.annotate(row=Window(RowNumber(), order_by=[F(f).asc() for f in order]))
        .filter(reduce(operator.or_, (Q(row__gt=a, row__lte=b) for _, a, b in spans)))
        .values_list("row", "pk")
    )
    for page, a, b in spans:
        page.object_list = [numbered[r] for r in range(a + 1, b + 1) if r in numbered]
    updates = page_of(stale, known("stale"), update_page)
    # One read for the three pages of rows; an assignment can be in two (overdue and waiting
    # for an update), so each section picks its own from the rows by id.
    sections = [list(p.object_list) for p in (overdue, due_soon, updates)]
    by_id = {row.assignment.pk: row for row in _rows_in_order([i for s in sections for i in s])}
    overdue_rows, soon_rows, update_rows = ([by_id[i] for i in s] for s in sections)
    requested = requested_updates(user, today=today, page=requested_page)
    return {
        "requested": requested,
        "today": today,
        "horizon": horizon,
        "update_interval": UPDATE_INTERVAL_DAYS,
        "overdue": overdue_rows,
        "due_soon": soon_rows,
        "updates_due": update_rows,
        "overdue_page": overdue,
        "soon_page": due_soon,
        "update_page": updates,
        "by_unit": by_unit,
        "mine_count": sum(u["mine_overdue"] + u["mine_due_soon"] for u in by_unit),
        "unit_id": unit_id,
        "mine": mine,
    }


def plans_overdue_for_readers(user, *, today: datetime.date | None = None) -> dict:
    """For people who read a force's plans without delivering them (board, approver, PCC's
    office, inspectorate): how many assignments are overdue across the plans in delivery they
    read (the matrix's "Only overdue" rule, grouped in SQL), and the one plan if there is one."""
    today = today or clock.today()
    plans = permissions.plans_visible_to(user).exclude(status=PlanStatus.CLOSED)
    first_two = list(plans.order_by("-id").values_list("pk", flat=True)[:2])
    if not first_two:
        return {"overdue": 0, "plan_id": None, "plans": 0}
    assignments = Assignment.objects.filter(action__plan__in=plans)
    overdue = sum(
        n for code, n, _first in standing_sql.grouped(assignments, today, ()) if code == "overdue"
    )
    return {
        "overdue": overdue,
        "plan_id": first_two[0] if len(first_two) == 1 else None,
        "plans": len(first_two),
    }


APPROVALS_PAGE_SIZE = 25


def approvals_for(user, *, page: int | str = 1) -> Page:
    """Closures awaiting a decision in the forces where the user is an approver, oldest first,
    a page at a time, each with its number of evidence items counted in the database."""
    closures = (
        permissions.closures_decidable_by(user)
        .select_related(
            "assignment",
            "assignment__unit",
            "assignment__action",
            "assignment__action__recommendation",
            "proposed_by",
        )
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("proposed_at", "id")
    )
    return Paginator(closures, APPROVALS_PAGE_SIZE).get_page(page)


def closure_for_decision(user, closure_id: int) -> Closure:
    closure = (
        Closure.objects.select_related(
            "assignment",
            "assignment__action",
            "assignment__action__plan__inspection__force",
            "assignment__unit",
        )
        .filter(pk=closure_id, assignment__in=permissions.assignments_visible_to(user))
        .first()
    )
    if closure is None:
        raise Http404
    return closure


def _delivering_units(plan: ActionPlan) -> QuerySet[Unit]:
    """The units that may deliver some of the plan: the force's and its partners'."""
    force_id = plan.inspection.force_id
    return Unit.objects.filter(
        Q(organisation_id=force_id) | Q(organisation__forces=force_id)
    ).distinct()


def plan_unit_choices(plan: ActionPlan) -> list[Unit]:
    """The units that may deliver some of the plan, for the matrix's unit filter (a few dozen
    rows, read by organisation). The matrix itself shows only those with an assignment, found
    in the pass that counts the standings (``plan_units`` would read every assignment of the
    plan once more: 12 ms at 10,000 actions)."""
    return sorted(_delivering_units(plan), key=_unit_order)


def plan_units(plan: ActionPlan) -> list[Unit]:
    """The units that deliver some of the plan (the matrix's possible columns): the force's and
    its partners' units that one assignment of the plan is theirs. The plan's assignments are
    read once by its actions' index (``unit_id IN (...)``): with 10,000 actions that is a third of
    the time of a probe per unit, which walks a unit's assignments in every plan."""
    assigned = Assignment.objects.filter(action__plan=plan).order_by().values("unit_id")
    return sorted(_delivering_units(plan).filter(pk__in=assigned), key=_unit_order)


def action_for(user, action_id: int) -> Action:
    action = (
        permissions.actions_visible_to(user)
        .select_related(
            "recommendation", "lead", "plan", "plan__inspection", "plan__inspection__force"
        )
        .prefetch_related("partners")
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        raise Http404
    return action


def unfinished_assignments(plan: ActionPlan) -> dict:
    """What closing the plan would leave undone, counted in SQL: its confirmation page says so."""
    assignments = Assignment.objects.filter(action__plan=plan)
    return {
        "not_complete": assignments.exclude(closure_state=ClosureState.COMPLETE).count(),
        "closures_pending": Closure.objects.filter(
            assignment__action__plan=plan, decision=ClosureDecision.PENDING
        ).count(),
    }


# National view -------------------------------------------------------------------------------

NATIONAL_PAGE_SIZE = 25  # recommendations per page
NATIONAL_AREA_PAGE_SIZE = 20  # areas per page of the summary
DUE_WITHIN_DAYS = 90


@dataclass
class NationalRow:
    recommendation: Recommendation
    state: national_sql.State
    assignments: int
    overdue: int
    done: int


@dataclass
class AreaRow:
    area: str
    forces: int
    by_state: dict[str, int]  # forces whose worst state in the area is this one
    recommendations: int


@dataclass
class ForceComparison:
    force: Organisation
    state: national_sql.State
    recommendations: int
    assignments: int
    overdue_assignments: int
    next_due: datetime.date | None
    by_state: dict[str, int]  # recommendations in the area by state


@dataclass
class NationalView:
    today: datetime.date
    forces: list[Organisation]
    totals: dict[str, int]
    page: Page
    rows: list[NationalRow]
    area_page: Page
    area_rows: list[AreaRow]
    area: str | None = None
    comparison: list[ForceComparison] = field(default_factory=list)


def national_forces(user, force_id: int | None = None) -> list[Organisation]:
    """The forces the user's national view covers, by name; one of them when ``force_id`` is
    given. Nothing to cover, or a force outside it: 404."""
    ids = permissions.national_force_ids(user)
    if not ids or (force_id is not None and force_id not in ids):
        raise Http404
    return list(Organisation.objects.filter(pk__in=ids).order_by("name", "pk"))


def national_areas(force_ids) -> list[str]:
    """The themes (recommendation areas) of the forces, for the filter."""
    return list(
        Recommendation.objects.filter(inspection__force_id__in=force_ids)
        .order_by("area")
        .values_list("area", flat=True)
        .distinct()
    )


def _due_within(recommendations, due: str | None, today: datetime.date):
    """The national view's deadline filter."""
    soon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    if due == "past":
        return recommendations.filter(due_on__lt=today)
    if due == "soon":
        return recommendations.filter(due_on__gte=today, due_on__lte=soon)
    if due == "later":
        return recommendations.filter(due_on__gt=soon)
    if due == "none":
        return recommendations.filter(due_on__isnull=True)
    return recommendations


class _ByForce:
    """The national list as the paginator sees it: forces in order, each with how many of the
    list's rows it holds; a slice reads only the forces it overlaps, with one query."""

    def __init__(self, rows_in, shares: list[tuple[int, int]]):
        self.rows_in, self.shares = rows_in, shares
        self._count = sum(n for _, n in shares)

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice):
        start, stop = index.start or 0, min(index.stop, self._count)
        spanned, before, offset = [], 0, None
        for pk, n in self.shares:
            if n and before + n > start and before < stop:
                spanned.append(pk)
                offset = start - before if offset is None else offset
            before += n
        if not spanned:
            return []
        return list(self.rows_in(spanned)[offset : offset + stop - start])


def national_view(
    user,
    *,
    forces: list[Organisation],
    force_id: int | None = None,
    area: str | None = None,
    due: str | None = None,
    states: set[str] | None = None,
    page: int | str = 1,
    area_page: int | str = 1,
    today: datetime.date | None = None,
) -> NationalView:
    """Every covered force's recommendations in one place: a page of them (filtered by force,
    area, deadline and state), how many forces stand where in each area, and the chosen area
    compared force by force. Grouped in SQL; the same number of queries whatever the data."""
    today = today or clock.today()
    scope = [f.pk for f in forces] if force_id is None else [force_id]
    recommendations = _due_within(
        Recommendation.objects.filter(inspection__force_id__in=scope), due, today
    )
    if area:
        recommendations = recommendations.filter(area=area)

    by_name = {f.pk: f for f in forces}
    codes = list(national_sql.STATES)

    # One grouped query gives the totals, the summary by area and the comparison (every state:
    # the state filter is for the list). Kept per force under the force's own data version, so
    # a write in one force recomputes that force's groups only: with every force writing, the
    # whole page's version moves all the time.
    def compute(force_ids: list[int]) -> dict[int, list[national_sql.Group]]:
        found: dict[int, list[national_sql.Group]] = {pk: [] for pk in force_ids}
        recs = Recommendation.objects.filter(inspection__force_id__in=force_ids)
        for g in national_sql.grouped(_due_within(recs, due, today), today):
            found[g.force_id].append(g)
        return found

    per_force = page_cache.cached_per_organisation(
        "plans.national.groups", (due, today), scope, compute
    )
    groups = [g for pk in scope for g in per_force[pk]]

    # The list: its length, and each force's share of it, are the groups' counts under the same
    # filters, so a page reads only the forces it falls in (a few hundred rows to order, not
    # every force's ten thousand) and nothing counts it again.
    def listed_in(force_ids: list[int]):
        listed = recommendations.filter(inspection__force_id__in=force_ids)
        if states:
            keep = national_sql.ids_in_state(listed, today, sorted(states))
            if not keep:
                return listed.none()
            listed = listed.filter(id__in=RawSQL(*keep))  # noqa: S611 (values are params)
        return listed.select_related("inspection", "inspection__force").order_by(
            "inspection__force__name", "inspection__force_id", "inspection_id", "position", "id"
        )

    shares = dict.fromkeys(scope, 0)
    for g in groups:
        if (not area or g.area == area) and (not states or g.state in states):
            shares[g.force_id] += g.recommendations
    by_force = _ByForce(listed_in, [(pk, shares[pk]) for pk in scope])
    page_obj: Page[Recommendation] = Paginator(by_force, NATIONAL_PAGE_SIZE).get_page(page)  # type: ignore[arg-type]
    page_recs = list(page_obj.object_list)
    found = {}
    if page_recs:
        base = national_sql.states(
            Recommendation.objects.filter(pk__in=[r.pk for r in page_recs]), today
        )
        if base:
            found = {row[0]: row for row in national_sql.fetch(*base)}
    rows = []
    for rec in page_recs:
        row = found.get(rec.pk)
        if row is None:  # not reached: every listed recommendation has a row
            rows.append(NationalRow(rec, national_sql.STATES["not_started"], 0, 0, 0))
        else:
            rows.append(NationalRow(rec, national_sql.STATES[row[4]], row[5], row[6], row[7]))

    totals: dict[str, int] = {}
    per_area_force: dict[tuple[str, int], list[national_sql.Group]] = {}
    for g in groups:
        per_area_force.setdefault((g.area, g.force_id), []).append(g)
        if not area or g.area == area:
            totals[g.state] = totals.get(g.state, 0) + g.recommendations
    summary: dict[str, AreaRow] = {}
    compared = []

    # The chosen area's overdue assignments, by force (the tallies keep dates, not counts),
    # kept per force like the groups.
    def count_overdue(force_ids: list[int]) -> dict[int, int]:
        found = dict.fromkeys(force_ids, 0)
        in_area = recommendations.filter(inspection__force_id__in=force_ids)
        found.update(national_sql.overdue_by_force(in_area, today))
        return found

    overdue = (
        page_cache.cached_per_organisation(
            "plans.national.overdue", (due, today, area), scope, count_overdue
        )
        if area
        else {}
    )
    for (area_name, force_pk), parts in per_area_force.items():
        worst = max((national_sql.STATES[g.state] for g in parts), key=lambda s: s.rank)
        line = summary.setdefault(area_name, AreaRow(area_name, 0, dict.fromkeys(codes, 0), 0))
        line.forces += 1
        line.by_state[worst.code] += 1
        line.recommendations += sum(g.recommendations for g in parts)
        if area_name == area:
            by_state = dict.fromkeys(codes, 0)
            for g in parts:
                by_state[g.state] += g.recommendations
            dues = [g.next_due for g in parts if g.next_due]
            compared.append(
                ForceComparison(
                    force=by_name[force_pk],
                    state=worst,
                    recommendations=sum(g.recommendations for g in parts),
                    assignments=sum(g.assignments for g in parts),
                    overdue_assignments=overdue.get(force_pk, 0),
                    next_due=min(dues) if dues else None,
                    by_state=by_state,
                )
            )
    compared.sort(key=lambda c: (-c.state.rank, -c.overdue_assignments, c.force.name))
    area_obj = Paginator(sorted(summary.values(), key=lambda r: r.area), NATIONAL_AREA_PAGE_SIZE)
    area_page_obj = area_obj.get_page(area_page)
    return NationalView(
        today=today,
        forces=forces,
        totals=totals,
        page=page_obj,
        rows=rows,
        area_page=area_page_obj,
        area_rows=list(area_page_obj.object_list),
        area=area or None,
        comparison=compared,
    )


# Update cycles and requests ------------------------------------------------------------------

REQUESTS_PAGE_SIZE = 25


def open_requests(user) -> QuerySet[UpdateRequest]:
    """The unanswered update requests on assignments the user acts on (My work's scope, tested
    on each request rather than listed: the open requests are few, the assignments many)."""
    return UpdateRequest.objects.filter(
        permissions.actionable_condition(user, via="assignment__"), answered_at__isnull=True
    )


def requested_updates(user, *, today: datetime.date, page: int | str = 1) -> Page:
    """The unanswered requests on assignments the user acts on, soonest due back first, a page
    at a time, each with its assignment, unit, action and recommendation (two queries)."""
    requests = (
        open_requests(user)
        .select_related("assignment", "assignment__unit", "assignment__action__recommendation")
        .order_by("due_back_on", "assignment__unit__name", "id")
    )
    return Paginator(requests, REQUESTS_PAGE_SIZE).get_page(page)


def update_cycle_of(plan: ActionPlan) -> UpdateCycle | None:
    return UpdateCycle.objects.filter(plan=plan).first()


@dataclass
class RequestCounts:
    open: int = 0
    overdue: int = 0
    answered: int = 0
    overdue_by_unit: dict[int, int] = field(default_factory=dict)


def update_request_counts(plan: ActionPlan, *, as_of: datetime.date | None = None) -> RequestCounts:
    """How the plan's update requests stood on ``as_of`` (today): open, overdue (unanswered past
    the day they were due back) and answered, with the overdue ones by unit. One grouped query."""
    day = as_of or clock.today()
    cutoff = end_of_day(day)
    unanswered = Q(answered_at__isnull=True) | Q(answered_at__gte=cutoff)
    rows = (
        UpdateRequest.objects.filter(assignment__action__plan=plan, requested_on__lte=day)
        .order_by()
        .values("assignment__unit_id")
        .annotate(
            open=Count("pk", filter=unanswered),
            overdue=Count("pk", filter=unanswered & Q(due_back_on__lt=day)),
            answered=Count("pk", filter=~unanswered),
        )
    )
    counts = RequestCounts()
    for row in rows:
        counts.open += row["open"]
        counts.overdue += row["overdue"]
        counts.answered += row["answered"]
        if row["overdue"]:
            counts.overdue_by_unit[row["assignment__unit_id"]] = row["overdue"]
    return counts


def requests_of(assignment: Assignment) -> list[UpdateRequest]:
    """The assignment's update requests, newest first, with the update that answered each."""
    return list(
        assignment.update_requests.select_related("answered_by").order_by("-requested_on", "-id")
    )
