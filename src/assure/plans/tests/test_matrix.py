"""The paged matrix says what the whole plan says: each page's cells, each recommendation's
roll-up and the column totals equal those of ``whole_matrix`` (the paper's view of the plan,
grouped over every assignment in another way), today and as at past days."""

import datetime

import pytest

from assure.plans import selectors
from assure.plans.tests.factories import plan_with_assignments

pytestmark = pytest.mark.django_db


def _lines(matrix) -> dict:
    return {
        line.recommendation.pk: (
            [(cell.code, cell.count > 0) for cell in line.cells],
            line.status,
            line.assignments,
        )
        for line in matrix.lines
    }


@pytest.mark.parametrize(
    "as_of",
    [
        None,
        datetime.date(2015, 3, 1),  # before any update: every assignment without one
        datetime.date(2015, 3, 4),  # after the first update of each assignment
        datetime.date(2016, 1, 1),  # past the due date: overdue
    ],
)
def test_every_page_of_the_matrix_agrees_with_the_whole_plan(as_of):
    data = plan_with_assignments(n_recommendations=30, n_districts=3, n_updates=2)
    whole = selectors.whole_matrix(data.plan, as_of=as_of)
    first = selectors.plan_matrix(data.plan, as_of=as_of)
    second = selectors.plan_matrix(data.plan, as_of=as_of, page=2)
    assert [u.pk for u in first.units] == [u.pk for u in whole.units]
    assert first.counts == second.counts == whole.counts
    assert sum(first.counts.values()) == len(data.assignments) == 90
    paged = {**_lines(first), **_lines(second)}
    assert len(paged) == 30
    assert paged == _lines(whole)
    # The cells name one assignment when they hold one, and it is in that cell.
    for line in first.lines:
        for cell, unit in zip(line.cells, first.units, strict=True):
            assert cell.count == 1
            assignment = next(
                a
                for a in data.assignments
                if a.unit_id == unit.pk and a.action.recommendation_id == line.recommendation.pk
            )
            assert cell.assignment_id == assignment.pk


@pytest.mark.parametrize("as_of", [None, datetime.date(2015, 3, 1)])
def test_a_plan_with_no_recommendations_yet_has_an_empty_matrix(as_of):
    # A new plan for an inspection whose recommendations are still to be entered: the page's
    # one grouped pass has no recommendation to detail (PostgreSQL once refused that query).
    data = plan_with_assignments(n_recommendations=0, n_districts=3, n_updates=0)
    matrix = selectors.plan_matrix(data.plan, as_of=as_of)
    assert matrix.lines == []
    assert sum(matrix.counts.values()) == 0
