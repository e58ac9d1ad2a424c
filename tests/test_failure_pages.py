"""Friendly failures: the 400, 403, 405, 500 and CSRF pages are the service's own and say what
to do; a form sent with a stale token comes back with what the person typed (issue 8 item 6)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from assure.inspections.tests.factories import InspectionFactory
from assure.plans.models import Update
from assure.plans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AssignmentFactory,
    force_world,
)

pytestmark = pytest.mark.django_db
HOME = "Go to the Assure home page"


@pytest.fixture
def leeds():
    world = force_world(names=("Leeds",))
    plan = ActionPlanFactory(inspection=InspectionFactory(force=world.force), status="in_delivery")
    return world, AssignmentFactory(action=ActionFactory(plan=plan), unit=world.unit("LEE"))


def test_a_400_is_the_services_own_page():
    request = RequestFactory().get("/")
    response = defaults.bad_request(request, SuspiciousOperation("bad"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Sorry, Assure could not understand that request" in page
    assert HOME in page


def test_a_403_is_the_services_own_page():
    request = RequestFactory().get("/")
    page = defaults.permission_denied(request, PermissionDenied()).content.decode()
    assert "You do not have permission to view this page" in page


def test_a_500_is_the_services_own_page():
    page = defaults.server_error(RequestFactory().get("/")).content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "govuk-template__header" in page


def test_a_wrong_method_gets_a_405_page_with_its_allow_header(client, leeds):
    world, assignment = leeds
    client.force_login(world.leads["LEE"])
    response = client.get(reverse("plans:update_add", kwargs={"pk": assignment.pk}))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert "This page cannot do that" in page
    assert "govuk-template__header" in page


def test_a_stale_form_comes_back_with_what_was_typed_and_a_fresh_token(leeds):
    world, assignment = leeds
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.leads["LEE"])
    url = reverse("plans:update_add", kwargs={"pk": assignment.pk})
    typed = "Return interviews now within 72 hours\nin 9 of 10 cases."
    response = client.post(
        url,
        {
            "narrative": typed,
            "rag": "amber",
            "percent_complete": "60",
            "csrfmiddlewaretoken": "x" * 64,
        },
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your form was not sent" in page
    assert f'action="{url}"' in page
    assert "Return interviews now within 72 hours\nin 9 of 10 cases.</textarea>" in page
    assert 'name="percent_complete" type="text" value="60"' in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert token != "x" * 64
    assert Update.objects.count() == 0
    # Sent again from that page, it lands.
    response = client.post(
        url,
        {
            "narrative": typed,
            "rag": "amber",
            "percent_complete": "60",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert Update.objects.get().narrative == typed


def test_a_post_from_another_site_or_a_stranger_is_not_offered_back(leeds):
    world, assignment = leeds
    url = reverse("plans:update_add", kwargs={"pk": assignment.pk})
    stranger = Client(enforce_csrf_checks=True)
    page = stranger.post(url, {"narrative": "x"}).content.decode()
    assert "Your form was not sent" in page
    assert "Send it again" not in page
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(world.leads["LEE"])
    page = signed_in.post(
        url, {"narrative": "x"}, headers={"origin": "https://evil.example"}
    ).content.decode()
    assert "Send it again" not in page
