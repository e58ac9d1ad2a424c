"""Every API list (and detail) costs a fixed number of SQL queries: the same request over ten
times the data runs exactly as many, for each person's kind of scope (a force reader's and a
partner's, whose scope is a join through the actions that name them)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assure.api.resources import RESOURCES
from assure.api.tests.helpers import api_get, token_for
from assure.inspections.tests.factories import FindingFactory
from assure.plans.tests.factories import ClosureFactory, force_world, plan_with_assignments

pytestmark = pytest.mark.django_db


def scene(n_plans: int):
    """``n_plans`` plans of the same shape in one force: every resource grows n-fold."""
    world = force_world(names=("Leeds", "Bradford"))
    for _ in range(n_plans):
        data = plan_with_assignments(2, n_updates=2, force_units=world.force_units)
        FindingFactory.create_batch(2, inspection=data.inspection)
        for action in data.actions:
            action.partners.set([world.partner])
            action.lead = world.coordinator
            action.save()
        for assignment in data.assignments:
            ClosureFactory(assignment=assignment)
    return world


def queries_for(client, path, secret) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = api_get(client, path, secret)
    assert response.status_code == 200, (path, response.content)
    return len(captured), len(response.json().get("items", [None]))


@pytest.mark.parametrize("person", ["coordinator", "partner_user"])
def test_every_list_costs_the_same_over_ten_times_the_data(client, person):
    counts, sizes = [], []
    for n_plans in (1, 10):
        world = scene(n_plans)
        secret = token_for(getattr(world, person))
        measured = {r.name: queries_for(client, f"{r.name}?limit=200", secret) for r in RESOURCES}
        counts.append({name: queries for name, (queries, _) in measured.items()})
        sizes.append({name: rows for name, (_, rows) in measured.items()})
    assert counts[0] == counts[1]
    # The data really grew tenfold for what the person reads.
    for name, rows in sizes[0].items():
        assert sizes[1][name] == 10 * rows, name
    assert sizes[0]["actions"] > 0


def test_every_detail_costs_a_fixed_number_of_queries(client):
    world = scene(1)
    secret = token_for(world.coordinator)
    counts = set()
    for resource in RESOURCES:
        model = resource.scope(world.coordinator).model
        row = model.objects.order_by("pk").last()
        counts.add(queries_for(client, f"{resource.name}/{row.pk}", secret)[0])
    assert len(counts) <= 2, counts  # the actions' detail adds its partners' prefetch
