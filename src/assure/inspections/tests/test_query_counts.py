"""The inspection page costs the same number of queries whatever the inspection holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.inspections import services
from assure.inspections.models import RecommendationStatus
from assure.inspections.tests.factories import (
    FindingFactory,
    InspectionFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

STATUSES = [RecommendationStatus.BEING_PROGRESSED, RecommendationStatus.COMPLETE]


def inspection_with(force, coordinator, n: int):
    inspection = InspectionFactory(force=force)
    FindingFactory.create_batch(n, inspection=inspection)
    for i in range(n):
        recommendation = RecommendationFactory(
            inspection=inspection, ref=f"3.{i + 1}", area=f"Area {i % 5}"
        )
        for status in STATUSES:  # two more history entries each, by a person
            services.recommendation_status_set(
                actor=coordinator, recommendation=recommendation, status=status
            )
    return inspection


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.BOARD_MEMBER])
def test_inspection_page_queries_do_not_grow_with_its_contents(client, role):
    coordinator = person_with_role(Role.COORDINATOR)
    force = coordinator.memberships.get().organisation
    small = inspection_with(force, coordinator, 2)
    large = inspection_with(force, coordinator, 20)
    viewer = coordinator if role == Role.COORDINATOR else person_with_role(role, force)
    client.force_login(viewer)

    small_url = reverse("inspections:detail", args=[small.pk])
    large_url = reverse("inspections:detail", args=[large.pk])
    client.get(small_url)  # warm the session
    counts = (queries_for(client, small_url), queries_for(client, large_url))
    assert counts[0] == counts[1], counts
    page = client.get(large_url).content.decode()
    assert page.count('class="govuk-summary-card"') == 20
    assert page.count("Being progressed") >= 20


def test_inspection_list_queries_do_not_grow_with_the_number_of_inspections(client):
    coordinator = person_with_role(Role.COORDINATOR)
    force = coordinator.memberships.get().organisation
    client.force_login(coordinator)
    url = reverse("inspections:list")
    inspection_with(force, coordinator, 2)
    client.get(url)
    few = queries_for(client, url)
    for _ in range(10):
        inspection_with(force, coordinator, 1)
    assert queries_for(client, url) == few
