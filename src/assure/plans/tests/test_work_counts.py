"""The start page's counts of My work (selectors.work_counts): the same rules as the page."""

import datetime

import pytest

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.plans import selectors
from assure.plans.models import Assignment, ClosureState
from assure.plans.tests.factories import plan_with_assignments

pytestmark = pytest.mark.django_db
UPDATED = datetime.datetime(2015, 3, 2, 9, tzinfo=datetime.UTC)


def lead_of_one_assignment():
    data = plan_with_assignments(n_recommendations=1, n_districts=1, n_updates=1)
    unit = data.force_units.districts[0]
    return person_with_role(Role.UNIT_LEAD, organisation=data.force, unit=unit), data.assignments[0]


def test_an_open_assignment_needs_an_update_once_30_days_pass_without_one():
    lead, _assignment = lead_of_one_assignment()
    day = UPDATED.date()
    assert selectors.work_counts(lead, today=day + datetime.timedelta(days=29))["updates_due"] == 0
    assert selectors.work_counts(lead, today=day + datetime.timedelta(days=31))["updates_due"] == 1


def test_a_proposed_closure_needs_no_further_update():
    lead, assignment = lead_of_one_assignment()
    Assignment.objects.filter(pk=assignment.pk).update(closure_state=ClosureState.PROPOSED)
    later = UPDATED.date() + datetime.timedelta(days=90)
    assert selectors.work_counts(lead, today=later)["updates_due"] == 0


def test_the_counts_are_my_works_totals_on_any_day():
    lead, assignment = lead_of_one_assignment()
    due = Assignment.objects.get(pk=assignment.pk).due_on
    for day in (
        due - datetime.timedelta(days=60),
        due - datetime.timedelta(days=3),
        due,
        due + datetime.timedelta(days=1),
    ):
        counts = selectors.work_counts(lead, today=day)
        work = selectors.my_work(lead, today=day)
        assert counts["overdue"] == work["overdue_page"].paginator.count, day
        assert counts["due_soon"] == work["soon_page"].paginator.count, day
        assert counts["updates_due"] == work["update_page"].paginator.count, day
    assert selectors.work_counts(lead, today=due + datetime.timedelta(days=1))["overdue"] == 1
    assert selectors.work_counts(lead, today=due - datetime.timedelta(days=3))["due_soon"] == 1


def test_my_works_overdue_and_due_soon_pages_hold_the_right_rows_in_order():
    """Both tables are read as ranges of one ordering (overdue rows first): every page of each,
    filtered by unit or not, holds what sorting the assignments by hand gives."""
    data = plan_with_assignments(n_recommendations=12, n_districts=5, n_updates=1)
    coordinator = person_with_role(Role.COORDINATOR, organisation=data.force)
    today = datetime.date(2015, 9, 1)
    for i, a in enumerate(data.assignments):  # 60: 31 overdue, 29 due soon, some on one day
        due = today + datetime.timedelta(days=(i % 31) - 31 if i < 31 else (i % 7))
        Assignment.objects.filter(pk=a.pk).update(due_on_override=due)
    rows = sorted(
        Assignment.objects.select_related("unit"), key=lambda a: (a.due_on, a.unit.name, a.pk)
    )
    leeds = data.force_units.districts[0]
    for unit_id in (None, leeds.pk):
        kept = [a for a in rows if unit_id is None or a.unit_id == unit_id]
        overdue = [a.pk for a in kept if a.due_on < today]
        soon = [a.pk for a in kept if a.due_on >= today]
        for page in (1, 2, 3):
            work = selectors.my_work(
                coordinator, today=today, unit_id=unit_id, overdue_page=page, soon_page=page
            )
            pages = (work["overdue_page"], work["soon_page"])
            for expected, shown, p in zip(
                (overdue, soon), (work["overdue"], work["due_soon"]), pages, strict=True
            ):
                start = (p.number - 1) * selectors.MY_WORK_PAGE_SIZE
                assert [r.assignment.pk for r in shown] == expected[start : start + 25], (
                    unit_id,
                    page,
                )
            assert work["overdue_page"].paginator.count == len(overdue)
            assert work["soon_page"].paginator.count == len(soon)
