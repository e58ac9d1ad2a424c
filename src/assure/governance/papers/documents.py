"""Papers as data: a title and a list of blocks (headings, paragraphs, bullet lists, tables, a
chart), built from the database once and then set as PDF or Word by ``render``. A paper keeps
its blocks, so a meeting pack can set stored papers again with page numbers running through.

Each builder costs a fixed number of queries, whatever the plan's size (the progress paper's
chart reads the plan's updates once).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from assure.core import clock
from assure.inspections.models import Inspection
from assure.inspections.presenters import long_date
from assure.plans import extensions as plan_extensions
from assure.plans import selectors as plan_selectors
from assure.plans.clock import plan_due_on
from assure.plans.models import ActionPlan, Assignment, Closure, ClosureDecision, PlanStatus, Update

from ..models import Board, Commitment, Meeting, PaperKind, PccResponse, ResponseStatus
from .chart import progress_chart

LANG = "en-GB"


@dataclass
class Document:
    title: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    subtitle: str = ""

    def heading(self, text: str, level: int = 2) -> None:
        self.blocks.append({"type": "heading", "level": level, "text": text})

    def para(self, text: str) -> None:
        self.blocks.append({"type": "para", "text": text})

    def bullets(self, items: list[str]) -> None:
        if items:
            self.blocks.append({"type": "bullets", "items": items})

    def table(self, caption: str, header: list[str], rows: list[list[str]]) -> None:
        self.blocks.append({"type": "table", "caption": caption, "header": header, "rows": rows})

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "subtitle": self.subtitle, "blocks": self.blocks}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Document":
        return cls(
            title=data["title"], blocks=list(data["blocks"]), subtitle=data.get("subtitle", "")
        )


def money(amount) -> str:
    """£3.5 million, £467,000: as a board paper writes amounts."""
    if amount >= 1_000_000:
        millions = f"{amount / 1_000_000:.2f}".rstrip("0").rstrip(".")
        return f"£{millions} million"
    return f"£{amount:,.0f}"


def build(kind: str, inspection: Inspection, *, meeting: Meeting | None = None) -> Document:
    if kind == PaperKind.RESULTS:
        return results_paper(inspection)
    if kind == PaperKind.PROGRESS:
        return progress_paper(inspection, meeting=meeting)
    if kind == PaperKind.PCC_RESPONSE:
        return pcc_response_paper(inspection)
    raise ValueError(kind)


# The results paper: the seed's own structure ---------------------------------------------------


def results_paper(inspection: Inspection) -> Document:
    force = inspection.force
    doc = Document(
        title=f"Results of {inspection.body} {inspection.programme or 'inspection'}".strip(),
        subtitle=force.name,
    )
    doc.heading("1.0 Purpose")
    fieldwork = f" in {inspection.fieldwork_start:%B %Y}" if inspection.fieldwork_start else ""
    doc.para(
        f"{inspection.body} inspected {force.name}{fieldwork}: {inspection.title}. "
        "The report was published on "
        f"{long_date(inspection.published_on) or 'a date not yet known'}. "
        "This paper sets out its key findings and recommendations, the force’s response and the "
        "Police and Crime Commissioner’s."
    )
    doc.heading("2.0 Key findings")
    doc.bullets([f.text for f in inspection.findings.order_by("position", "id")])
    doc.heading("3.0 Key recommendations")
    area = None
    number = 0
    for rec in inspection.recommendations.order_by("position", "id"):
        if rec.area != area:
            area = rec.area
            number += 1
            doc.heading(f"3.{number} {area}", level=3)
        doc.bullets([rec.text, *[f"– {p}" for p in rec.sub_points or []]])
    doc.heading("4.0 Force update")
    plan = ActionPlan.objects.filter(inspection=inspection).first()
    if plan is None:
        doc.para("The force has not yet started its action plan.")
    else:
        doc.para(
            f"{force.name} has, in consultation with partners, produced an action plan that "
            "responds to each recommendation of the inspection."
        )
        history = {c.status: c for c in plan.status_changes.order_by("changed_at", "id")}
        if PlanStatus.APPROVED in history:
            doc.para(
                "This action plan has been quality assured by the regional "
                f"{inspection.body} team"
                + (
                    f" and was submitted to the National Team on "
                    f"{long_date(history[PlanStatus.SUBMITTED].changed_at.date())}"
                    + (
                        ", within the required time frame."
                        if history[PlanStatus.SUBMITTED].changed_at.date()
                        <= (plan_due_on(inspection.published_on) or datetime.date.max)
                        else "."
                    )
                    if PlanStatus.SUBMITTED in history
                    else "."
                )
            )
        units = sorted({u.name for u in plan_selectors.plan_units(plan)})
        if units:
            doc.para(f"Delivering the plan: {', '.join(units)}.")
    boards = list(Board.objects.filter(force=force).order_by("pk"))
    if boards:
        first, *rest = boards
        sentence = f"This process is managed through the {first.name} chaired by {first.chair}" + (
            ", where the plan is a standing agenda item." if first.plan_is_standing_item else "."
        )
        for board in rest:
            sentence += f" Beside it sits the {board.name}, chaired by {board.chair}."
        doc.para(sentence)
    doc.heading("5.0 PCC update")
    response = PccResponse.objects.filter(inspection=inspection).first()
    general = (
        [s.text for s in response.statements.filter(recommendation__isnull=True)]
        if response
        else []
    )
    doc.bullets(general)
    commitments = list(Commitment.objects.filter(force=force).order_by("committed_on", "pk"))
    if commitments:
        doc.heading("PCC commitments", level=3)
        doc.table(
            "The PCC’s funding commitments",
            ["Amount", "Committed", "Purpose", "Outputs", "Spent to date"],
            [
                [
                    money(c.amount),
                    long_date(c.committed_on),
                    c.purpose,
                    c.outputs or "—",
                    money(c.spend_to_date),
                ]
                for c in commitments
            ],
        )
    if inspection.report_url:
        doc.para(f"The {inspection.body} report can be found at: {inspection.report_url}")
    return doc


# The progress paper ----------------------------------------------------------------------------


def _previous_meeting_day(meeting: Meeting | None) -> datetime.date | None:
    if meeting is None:
        return None
    previous = (
        Meeting.objects.filter(board=meeting.board, held_on__lt=meeting.held_on)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return previous


def progress_paper(inspection: Inspection, *, meeting: Meeting | None = None) -> Document:
    plan = ActionPlan.objects.filter(inspection=inspection).first()
    today = meeting.held_on if meeting else clock.today()
    doc = Document(
        title=f"Progress of the action plan: {inspection.title}",
        subtitle=f"{inspection.force.name}, as at {long_date(today)}",
    )
    if plan is None:
        doc.para("There is no action plan yet.")
        return doc
    # The whole matrix, grouped in SQL: every recommendation, however many (the page shows 25
    # at a time), and no assignment read into Python.
    matrix = plan_selectors.whole_matrix(plan, as_of=today)
    doc.heading("Summary")
    doc.para(
        f"The plan is {plan.get_status_display().lower()}. It has "
        f"{matrix.assignments} assignments across {len(matrix.units)} units."
    )
    doc.table(
        "Assignments by status",
        ["Status", "Assignments"],
        [[label, str(n)] for label, n in sorted(matrix.counts.items())],
    )
    requests = plan_selectors.update_request_counts(plan, as_of=today)
    if requests.open or requests.answered:
        names = {u.id: u.name for u in matrix.units}
        late = ", ".join(
            f"{names.get(unit_id, 'another unit')} {n}"
            for unit_id, n in sorted(
                requests.overdue_by_unit.items(), key=lambda i: names.get(i[0], "")
            )
        )
        doc.para(
            f"Update requests: {requests.open} awaiting an update, {requests.overdue} overdue"
            + (f" ({late})" if late else "")
            + f", {requests.answered} answered."
        )
    doc.table(
        "Assignments by latest RAG rating",
        ["RAG", "Assignments"],
        [[k.capitalize(), str(v)] for k, v in sorted(matrix.rag_counts.items())],
    )
    doc.heading("Recommendations by unit")
    doc.table(
        "Each cell: the worst standing of that unit’s assignments for the recommendation",
        ["Recommendation", *[u.name for u in matrix.units], "Status"],
        [
            [
                f"{line.recommendation.ref} {line.recommendation.area}",
                *[c.standing.label if c.standing else "—" for c in line.cells],
                line.status,
            ]
            for line in matrix.lines
        ],
    )
    _outcome_figures(doc, plan, today)
    # One row per action, the overdue units in one cell: a board reads which actions are late
    # and where, and the paper stays a few pages long however many assignments slip.
    doc.heading("Overdue")
    if matrix.overdue:
        doc.table(
            "Overdue actions, with the units where they are overdue",
            ["Recommendation", "Action", "Overdue in", "Due"],
            [
                [
                    o.action.recommendation.ref,
                    o.action.title,
                    ", ".join(u.name for u in o.units),
                    long_date(o.due_on),
                ]
                for o in matrix.overdue
            ],
        )
    else:
        doc.para("Nothing is overdue.")
    closures = list(
        Closure.objects.filter(assignment__action__plan=plan)
        .filter(Q(decision=ClosureDecision.PENDING) | Q(decision=ClosureDecision.RETURNED))
        .select_related("assignment__unit", "assignment__action__recommendation")
        .order_by("proposed_at")
    )
    doc.heading("Closures for decision and returned")
    pending = [c for c in closures if c.decision == ClosureDecision.PENDING]
    returned = [c for c in closures if c.decision == ClosureDecision.RETURNED]
    doc.bullets(
        [
            f"For decision: {c.assignment.action.recommendation.ref} {c.assignment.action.title} "
            f"({c.assignment.unit.name}), proposed {long_date(c.proposed_at.date())}"
            for c in pending
        ]
        + [
            f"Returned: {c.assignment.action.recommendation.ref} {c.assignment.action.title} "
            f"({c.assignment.unit.name}): {c.comment}"
            for c in returned
        ]
        or ["None."]
    )
    since = _previous_meeting_day(meeting)
    doc.heading("Changes since the last meeting")
    doc.bullets(changes_since(plan, since, today) if since else ["This is the first meeting."])
    doc.heading("Progress over time by unit")
    chart = progress_chart(plan, matrix.units, today)
    doc.blocks.append({"type": "chart", **chart})
    return doc


def _outcome_figures(doc: Document, plan: ActionPlan, today: datetime.date) -> None:
    """Outcome indicators beside the recommendations they evidence, from whichever app fills
    plans' ``plan_outcome_figures`` hook (indicators, which governance may not import)."""
    for figures in plan_extensions.outcome_figures(plan, as_of=today):
        if not figures.rows:
            continue
        doc.heading(figures.heading)
        doc.para(figures.note)
        doc.table(
            figures.caption,
            ["Recommendation", "Indicator", *figures.units, "Force"],
            [[row.recommendation, row.indicator, *row.by_unit, row.force] for row in figures.rows],
        )


def changes_since(plan: ActionPlan, since: datetime.date, until: datetime.date) -> list[str]:
    """Closures decided, RAG ratings that moved, and items gone overdue, between two meetings."""
    start, end = plan_selectors.end_of_day(since), plan_selectors.end_of_day(until)
    lines = []
    for c in (
        Closure.objects.filter(
            assignment__action__plan=plan, decided_at__gte=start, decided_at__lt=end
        )
        .exclude(decision=ClosureDecision.PENDING)
        .select_related("assignment__unit", "assignment__action")
        .order_by("decided_at")
    ):
        lines.append(
            f"Closure {c.get_decision_display().lower()}: {c.assignment.action.title} "
            f"({c.assignment.unit.name})"
        )
    updates = (
        Update.objects.filter(assignment__action__plan=plan, created_at__lt=end)
        .select_related("assignment__unit", "assignment__action")
        .order_by("assignment_id", "created_at", "sequence")
    )
    before: dict[int, str] = {}
    after: dict[int, tuple[str, Update]] = {}
    for u in updates:
        if u.created_at < start:
            before[u.assignment_id] = u.rag
        else:
            after[u.assignment_id] = (u.rag, u)
    for assignment_id, (rag, u) in after.items():
        old = before.get(assignment_id)
        if old and old != rag:
            lines.append(
                f"RAG {old} → {rag}: {u.assignment.action.title} ({u.assignment.unit.name})"
            )
    for a in (
        Assignment.objects.filter(action__plan=plan)
        .filter(due_on__gte=since, due_on__lt=until)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=until))
        .select_related("unit", "action")
    ):
        lines.append(f"Gone overdue: {a.action.title} ({a.unit.name}), due {long_date(a.due_on)}")
    return lines or ["No closures decided, RAG changes or new overdue items."]


# The PCC response ------------------------------------------------------------------------------


def pcc_response_paper(inspection: Inspection) -> Document:
    response = PccResponse.objects.filter(inspection=inspection).first()
    doc = Document(
        title=f"Police and Crime Commissioner’s response: {inspection.title}",
        subtitle=inspection.force.name,
    )
    if response is None:
        doc.para("The PCC has not yet responded.")
        return doc
    if response.status == ResponseStatus.PUBLISHED:
        doc.para(f"Published on {long_date(response.published_on)}.")
    else:
        doc.para("Draft: not yet published.")
    if response.summary:
        doc.para(response.summary)
    statements = list(response.statements.select_related("recommendation"))
    general = [s.text for s in statements if s.recommendation is None]
    if general:
        doc.heading("The Commissioner’s statement")
        doc.bullets(general)
    specific = [s for s in statements if s.recommendation is not None]
    if specific:
        doc.heading("Response to each recommendation")
        for s in specific:
            doc.heading(f"{s.recommendation.ref} {s.recommendation.area}", level=3)
            doc.para(s.recommendation.text)
            doc.para(s.text)
    return doc


# The meeting pack ------------------------------------------------------------------------------


def agenda(meeting: Meeting) -> Document:
    doc = Document(title=f"Agenda: {meeting}", subtitle=meeting.location)
    doc.heading("Agenda")
    doc.table(
        "Agenda",
        ["Item", "Title"],
        [
            [str(i), item.title + (" (restricted: members only)" if item.restricted else "")]
            for i, item in enumerate(meeting.agenda.all(), start=1)
        ],
    )
    papers = list(meeting.papers.exclude(kind=PaperKind.PACK).filter(format="pdf"))
    if papers:
        doc.heading("Papers")
        doc.bullets([p.title for p in papers])
    return doc


def meeting_pack(meeting: Meeting, *, format: str) -> Document:
    """The agenda, then each of the meeting's papers as it was frozen (newest of each kind), set
    as one document so that page numbers run through."""
    pack = agenda(meeting)
    pack.title = f"Meeting pack: {meeting}"
    latest: dict[str, Any] = {}
    for paper in meeting.papers.exclude(kind=PaperKind.PACK).order_by("created_at", "id"):
        latest[paper.kind] = paper
    for paper in latest.values():
        stored = Document.from_json(paper.blocks)
        pack.blocks.append({"type": "pagebreak"})
        pack.heading(stored.title, level=1)
        if stored.subtitle:
            pack.para(stored.subtitle)
        pack.blocks += [_demote(b) for b in stored.blocks]
    return pack


def _demote(block: dict[str, Any]) -> dict[str, Any]:
    if block["type"] == "heading":
        return {**block, "level": min(block["level"] + 1, 6)}
    return block
