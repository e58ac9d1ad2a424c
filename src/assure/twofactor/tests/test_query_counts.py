"""The two-factor pages cost the same number of queries with ten times the people and devices."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.twofactor import services

pytestmark = pytest.mark.django_db


def add_people(force, n: int) -> None:
    for i in range(n):
        person = person_with_role(Role.APPROVER, organisation=force)
        if i % 2:
            TOTPDevice.objects.create(user=person, name="app", confirmed=True)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["twofactor:people", "twofactor:manage", "twofactor:enrol"])
def test_two_factor_pages_do_not_grow_with_the_people(client, name):
    coordinator = person_with_role(Role.COORDINATOR)
    force = coordinator.memberships.get().organisation
    client.force_login(coordinator)
    services.totp_enrolment_start(actor=coordinator)
    add_people(force, 3)
    client.get(reverse(name))  # the session settles
    small = queries_for(client, reverse(name))
    add_people(force, 27)
    large = queries_for(client, reverse(name))
    assert large == small
    if name == "twofactor:people":
        page = client.get(reverse(name)).content.decode()
        assert page.count("Reset<span") == 14  # one of 3, 13 of 27


def test_the_account_page_links_to_two_factor_sign_in_and_coordinators_to_their_peoples():
    from django.test import Client

    person, coordinator = person_with_role(Role.UNIT_LEAD), person_with_role(Role.COORDINATOR)
    for user, expected in ((person, False), (coordinator, True)):
        client = Client()
        client.force_login(user)
        page = client.get(reverse("accounts:account")).content.decode()
        assert reverse("twofactor:manage") in page
        assert (reverse("twofactor:people") in page) is expected
