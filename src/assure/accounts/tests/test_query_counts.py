"""The people and account pages cost the same number of queries at ten times the people and
roles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.accounts.models import Membership, Role
from assure.accounts.tests.factories import UnitFactory, UserFactory, person_with_role

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), len(response.content)


def add_people(force, units, n: int) -> None:
    for i in range(n):
        person = UserFactory()
        Membership.objects.create(
            user=person, organisation=force, unit=units[i % len(units)], role=Role.UNIT_LEAD
        )
        Membership.objects.create(user=person, organisation=force, role=Role.BOARD_MEMBER)


@pytest.fixture
def force_and_coordinator(client):
    units = [UnitFactory()]
    force = units[0].organisation
    units += [UnitFactory(organisation=force) for _ in range(2)]
    coordinator = person_with_role(Role.COORDINATOR, organisation=force)
    client.force_login(coordinator)
    return force, units, coordinator


def test_the_people_page_does_not_grow_with_the_people(client, force_and_coordinator):
    force, units, _ = force_and_coordinator
    url = reverse("accounts:people")
    add_people(force, units, 3)
    client.get(url)  # warm the session
    few, few_size = queries_for(client, url)
    add_people(force, units, 27)
    many, many_size = queries_for(client, url)
    assert few == many, (few, many)
    assert many_size > few_size  # the thirty are all listed on the one page
    assert client.get(url).content.decode().count('href="/people/') >= 30


def test_the_person_page_does_not_grow_with_their_roles(client, force_and_coordinator):
    force, units, _ = force_and_coordinator
    person = person_with_role(Role.UNIT_LEAD, unit=units[0])
    url = reverse("accounts:person", args=[person.pk])
    client.get(url)
    few, _ = queries_for(client, url)
    for role in (Role.APPROVER, Role.BOARD_MEMBER, Role.COORDINATOR):
        Membership.objects.create(user=person, organisation=force, role=role)
    for unit in units[1:]:
        Membership.objects.create(user=person, organisation=force, unit=unit, role=Role.UNIT_LEAD)
    many, _ = queries_for(client, url)
    assert few == many, (few, many)


@pytest.mark.parametrize("name", ["accounts:account", "accounts:password_change"])
def test_the_account_pages_do_not_grow_with_the_persons_roles(client, name):
    person = person_with_role(Role.UNIT_LEAD)
    force = person.memberships.get().organisation
    client.force_login(person)
    url = reverse(name)
    client.get(url)
    few, _ = queries_for(client, url)
    for _ in range(10):
        Membership.objects.create(
            user=person,
            organisation=force,
            unit=UnitFactory(organisation=force),
            role=Role.UNIT_LEAD,
        )
    many, _ = queries_for(client, url)
    assert few == many, (few, many)


def test_the_invite_and_role_pages_do_not_grow_with_the_units(client, force_and_coordinator):
    force, units, _coordinator = force_and_coordinator
    person = person_with_role(Role.UNIT_LEAD, unit=units[0])
    urls = [
        reverse("accounts:person_invite"),
        reverse("accounts:membership_add", args=[person.pk]),
        reverse("accounts:membership_change", args=[person.memberships.get().pk]),
    ]
    client.get(urls[0])
    few = [queries_for(client, url)[0] for url in urls]
    for _ in range(27):
        UnitFactory(organisation=force)
    many = [queries_for(client, url)[0] for url in urls]
    assert few == many, (few, many)
