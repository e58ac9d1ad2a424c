"""The board's progress paper reads the whole plan, however long: every recommendation (the plan
page shows 25 at a time), counts grouped in SQL, a fixed number of queries, and the outcome
indicators that the indicators app supplies through plans' extension point."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assure.core import clock
from assure.governance.models import Meeting
from assure.governance.papers import documents
from assure.plans import selectors as plan_selectors
from assure.plans.models import Assignment
from assure.plans.tests.factories import plan_with_assignments


def table(doc: documents.Document, caption_start: str) -> dict:
    return next(
        b for b in doc.blocks if b["type"] == "table" and b["caption"].startswith(caption_start)
    )


def headings(doc: documents.Document) -> list[str]:
    return [b["text"] for b in doc.blocks if b["type"] == "heading"]


@pytest.mark.django_db
def test_a_plan_of_more_than_25_recommendations_has_every_one_in_the_paper():
    data = plan_with_assignments(32, 3, 2)
    doc = documents.progress_paper(data.inspection)

    matrix = table(doc, "Each cell")
    assert [row[0].split()[0] for row in matrix["rows"]] == [f"R{i}" for i in range(1, 33)]
    assert matrix["header"][1:4] == [u.name for u in data.force_units.districts]
    summary = next(b["text"] for b in doc.blocks if b["type"] == "para")
    assert "96 assignments across 3 units" in summary


@pytest.mark.django_db
def test_the_paper_counts_agree_with_the_standing_of_each_assignment():
    data = plan_with_assignments(28, 4, 3)
    doc = documents.progress_paper(data.inspection)
    # The reference: every assignment read and judged in Python.
    rows = plan_selectors.assignment_rows(
        Assignment.objects.filter(action__plan=data.plan), as_of=clock.today()
    )
    by_status: dict[str, int] = {}
    by_rag: dict[str, int] = {}
    for r in rows:
        by_status[r.standing.label] = by_status.get(r.standing.label, 0) + 1
        rag = (r.facts.last_rag or "none").capitalize()
        by_rag[rag] = by_rag.get(rag, 0) + 1
    assert {k: int(v) for k, v in table(doc, "Assignments by status")["rows"]} == by_status
    assert {k: int(v) for k, v in table(doc, "Assignments by latest RAG")["rows"]} == by_rag
    overdue_actions = {r.assignment.action.title for r in rows if r.standing.label == "Overdue"}
    assert len(overdue_actions) == 28  # due in 2015, none complete
    overdue = table(doc, "Overdue actions")
    assert {row[1] for row in overdue["rows"]} == overdue_actions
    assert all(len(row[2].split(", ")) == 4 for row in overdue["rows"])


@pytest.mark.django_db
def test_the_paper_costs_the_same_queries_at_ten_times_the_data():
    small = plan_with_assignments(3, 2, 1)
    big = plan_with_assignments(30, 6, 4)

    def cost(inspection) -> int:
        with CaptureQueriesContext(connection) as queries:
            documents.progress_paper(inspection)
        return len(queries)

    assert cost(big.inspection) == cost(small.inspection)


@pytest.mark.django_db
def test_a_force_without_case_data_has_no_indicator_section():
    data = plan_with_assignments(2, 2, 1)
    assert "Outcome indicators" not in headings(documents.progress_paper(data.inspection))


@pytest.mark.django_db
def test_the_demo_paper_shows_indicator_figures_by_unit_beside_their_recommendations(demo):
    meeting = Meeting.objects.filter(board__name="Strategic Safeguarding Board").first()
    inspection = meeting.agenda.exclude(plan=None).first().plan.inspection
    doc = documents.progress_paper(inspection, meeting=meeting)

    assert "Outcome indicators" in headings(doc)
    figures = table(doc, "Outcome indicators by unit")
    assert figures["header"][:2] == ["Recommendation", "Indicator"]
    assert figures["header"][-1] == "Force"
    assert "Leeds" in figures["header"]
    refs = {row[0] for row in figures["rows"]}
    mispers = [r for r in refs if "MISPER" in r.upper()]
    assert mispers, refs
    # Figures, not blanks: the demo's case data gives every district a value.
    assert any(cell not in ("No data", "") for row in figures["rows"] for cell in row[2:])
