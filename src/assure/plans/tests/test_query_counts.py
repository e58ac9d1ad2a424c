"""The matrix, "my work" and assignment pages cost a fixed number of SQL queries, whatever the
number of recommendations, units and updates: the same page over ten times the data runs exactly
as many queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.plans.tests.factories import (
    EvidenceFactory,
    EvidenceVersionFactory,
    UpdateFactory,
    plan_with_assignments,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_matrix_costs_the_same_over_ten_times_the_data(client):
    small = plan_with_assignments(n_recommendations=2, n_districts=2, n_updates=1)
    large = plan_with_assignments(n_recommendations=20, n_districts=20, n_updates=10)
    counts = []
    for data in (small, large):
        client.force_login(person_with_role(Role.COORDINATOR, organisation=data.force))
        url = reverse("plans:plan", kwargs={"pk": data.plan.pk})
        queries_for(client, url)  # warm the session
        counts.append(
            (queries_for(client, url), queries_for(client, url + "?standing=red&as_of=2015-04-01"))
        )
    assert counts[0] == counts[1]
    assert len(large.assignments) == 10 * 10 * len(small.assignments)


def test_my_work_costs_the_same_over_ten_times_the_data(client):
    counts = []
    for n in (2, 20):
        data = plan_with_assignments(n_recommendations=n, n_districts=2, n_updates=n)
        lead = person_with_role(
            Role.UNIT_LEAD, organisation=data.force, unit=data.force_units.districts[0]
        )
        client.force_login(lead)
        url = reverse("plans:my_work")
        queries_for(client, url)
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1]


def test_the_assignment_page_costs_the_same_over_ten_times_the_data(client):
    counts = []
    for n in (2, 20):
        data = plan_with_assignments(n_recommendations=1, n_districts=1, n_updates=n)
        assignment = data.assignments[0]
        for _ in range(n):
            EvidenceVersionFactory(evidence=EvidenceFactory(assignment=assignment))
        lead = person_with_role(Role.UNIT_LEAD, organisation=data.force, unit=assignment.unit)
        client.force_login(lead)
        url = reverse("plans:assignment", kwargs={"pk": assignment.pk})
        queries_for(client, url)
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1]
    assert UpdateFactory._meta.model.objects.filter(assignment=assignment).count() == 20


def fetch(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), len(response.content)


def test_the_matrix_and_my_work_stay_the_same_size_over_ten_times_the_data(client):
    """600 recommendations instead of 60 (2,400 assignments instead of 240):
    the same queries and, page by page, HTML within a few per cent (numbers get longer)."""
    measured = []
    for n in (60, 600):
        data = plan_with_assignments(n_recommendations=n, n_districts=4, n_updates=2)
        coordinator = person_with_role(Role.COORDINATOR, organisation=data.force)
        lead = person_with_role(
            Role.UNIT_LEAD, organisation=data.force, unit=data.force_units.districts[0]
        )
        plan_url = reverse("plans:plan", kwargs={"pk": data.plan.pk})
        rec = data.recommendations[0].pk
        client.force_login(coordinator)
        fetch(client, plan_url)
        row = [
            fetch(client, plan_url),
            fetch(client, plan_url + "?overdue=on&page=2"),
            fetch(client, plan_url + f"?open={rec}&as_of=2015-04-01"),
            fetch(client, reverse("plans:my_work")),
            fetch(client, reverse("inspections:detail", kwargs={"pk": data.inspection.pk})),
        ]
        client.force_login(lead)
        fetch(client, reverse("plans:my_work"))
        row.append(fetch(client, reverse("plans:my_work")))
        measured.append(row)
    for (q_small, size_small), (q_large, size_large) in zip(*measured, strict=True):
        assert q_small == q_large
        assert size_large <= size_small * 1.05 + 500
        assert size_large < 300_000


def test_the_matrix_counts_every_assignment_of_the_plan_once(client):
    data = plan_with_assignments(n_recommendations=40, n_districts=3, n_updates=2)
    from assure.plans import selectors

    matrix = selectors.plan_matrix(data.plan)
    assert sum(matrix.counts.values()) == len(data.assignments) == 120
    assert matrix.matching == 40
    assert len(matrix.lines) == selectors.MATRIX_PAGE_SIZE
    overdue = selectors.plan_matrix(data.plan, overdue_only=True)
    assert overdue.matching == (40 if matrix.counts.get("Overdue") else 0)


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's plan text (PostgreSQL's: test_query_plans.py)"
)
def test_a_coordinators_my_work_reads_their_forces_assignments_not_every_forces():
    """The scope is tested on the assignment's own indexed columns: with "the plan's force is" as
    a branch of the OR, SQLite read every assignment of every force (398 ms at national scale)."""
    from assure.plans import selectors

    data = plan_with_assignments(n_recommendations=2, n_districts=2, n_updates=1)
    coordinator = person_with_role(Role.COORDINATOR, organisation=data.force)
    work = selectors._not_complete(selectors._actionable(coordinator), data.inspection.published_on)
    text = work.explain()
    assert "SCAN plans_assignment" not in text, text


def test_the_matrix_shows_and_offers_only_the_units_the_plan_has_assignments_for(client):
    """The columns and the unit filter come from the pass that counts the standings: the
    force's central unit, with nothing in this plan, is neither a column nor a choice, and a
    filter by one district keeps that district's column alone."""
    data = plan_with_assignments(n_recommendations=2, n_districts=2, n_updates=1)
    central = data.force_units.central
    assert central is not None
    leeds, bradford = data.force_units.districts
    client.force_login(person_with_role(Role.COORDINATOR, organisation=data.force))
    url = reverse("plans:plan", args=[data.plan.pk])
    html = client.get(url).content.decode()
    assert leeds.name in html
    assert bradford.name in html
    assert central.name not in html
    assert f'value="{leeds.pk}"' in html
    filtered = client.get(url, {"unit": leeds.pk}).content.decode()
    assert f'<th scope="col" class="govuk-table__header">{leeds.name}</th>' in filtered
    assert f'<th scope="col" class="govuk-table__header">{bradford.name}</th>' not in filtered
    assert f'value="{bradford.pk}"' in filtered  # still offered
