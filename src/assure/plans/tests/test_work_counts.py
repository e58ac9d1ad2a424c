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
