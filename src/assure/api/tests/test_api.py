"""API v1 reads what the token's person reads on the pages: partners only the actions that name
them, another force's objects 404; no usable token, 401; pages by cursor; 304 when unchanged."""

import pytest
from django.utils import timezone

from assure.api import services
from assure.api.models import ApiToken
from assure.api.resources import RESOURCES
from assure.api.tests.helpers import api_get, token_for
from assure.plans.tests.factories import ClosureFactory, force_world, plan_with_assignments

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = force_world(names=("Leeds", "Bradford"))
    world.data = plan_with_assignments(3, n_updates=2, force_units=world.force_units)
    world.named = world.data.actions[0]
    world.named.partners.set([world.partner])
    ClosureFactory(assignment=world.data.assignments[0])
    world.elsewhere = plan_with_assignments(1, n_districts=1, n_updates=1)
    ClosureFactory(assignment=world.elsewhere.assignments[0])
    return world


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


def test_without_a_usable_token_every_data_path_answers_401(client, world):
    secret = token_for(world.coordinator)
    revoked = token_for(world.coordinator)
    services.api_token_revoke(
        actor=world.coordinator, token_id=ApiToken.objects.order_by("-pk").first().pk
    )
    expired = token_for(world.coordinator)
    ApiToken.objects.filter(pk=ApiToken.objects.order_by("-pk").first().pk).update(
        expires_at=timezone.now()
    )
    client.force_login(world.coordinator)  # a session is not a token
    for resource in RESOURCES:
        for path in (resource.name, f"{resource.name}/1"):
            for bad in (None, revoked, expired, "assure_nonsense", secret + "x", "x" * 500):
                response = api_get(client, path, bad)
                assert response.status_code == 401, (path, bad)
                assert response["WWW-Authenticate"].startswith("Bearer")
    assert api_get(client, "actions", secret).status_code == 200


def test_an_inactive_persons_token_answers_401(client, world):
    secret = token_for(world.board)
    world.board.is_active = False
    world.board.save()
    assert api_get(client, "plans", secret).status_code == 401


def test_a_partners_token_lists_only_the_actions_that_name_the_partner(client, world):
    secret = token_for(world.partner_user)
    assert ids(api_get(client, "actions", secret)) == {world.named.pk}
    assert ids(api_get(client, "assignments", secret)) == {
        a.pk for a in world.data.assignments if a.action_id == world.named.pk
    }
    other_action = world.data.actions[1]
    assert api_get(client, f"actions/{other_action.pk}", secret).status_code == 404
    body = api_get(client, f"actions/{world.named.pk}", secret).json()
    assert body["partners"] == [world.partner.slug]
    # The pages show a partner no inspection or plan: neither does the API.
    assert ids(api_get(client, "inspections", secret)) == set()
    assert ids(api_get(client, "plans", secret)) == set()


def test_another_forces_objects_answer_404(client, world):
    secret = token_for(world.coordinator)
    theirs = world.elsewhere
    objects = {
        "inspections": theirs.inspection.pk,
        "findings": None,
        "recommendations": theirs.recommendations[0].pk,
        "plans": theirs.plan.pk,
        "actions": theirs.actions[0].pk,
        "assignments": theirs.assignments[0].pk,
        "updates": theirs.assignments[0].updates.get().pk,
        "closures": theirs.assignments[0].closures.get().pk,
    }
    for name, pk in objects.items():
        listed = ids(api_get(client, name, secret))
        if pk is not None:
            assert pk not in listed, name
            assert api_get(client, f"{name}/{pk}", secret).status_code == 404, name
    ours = world.data.assignments[0]
    assert api_get(client, f"assignments/{ours.pk}", secret).json()["unit"] == ours.unit.name


def test_every_role_in_the_force_reads_the_whole_plan(client, world):
    expected = {a.pk for a in world.data.assignments}
    for person in (world.coordinator, world.approver, world.board, world.oversight):
        secret = token_for(person)
        assert ids(api_get(client, "assignments?limit=200", secret)) == expected


def test_cursor_pages_walk_every_row_once(client, world):
    secret = token_for(world.coordinator)
    seen, cursor, pages = [], None, 0
    while True:
        query = "updates?limit=4" + (f"&cursor={cursor}" if cursor else "")
        body = api_get(client, query, secret).json()
        seen += [row["id"] for row in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    expected = sorted(u.pk for a in world.data.assignments for u in a.updates.all())
    assert sorted(seen) == expected
    assert len(seen) == len(set(seen))
    assert pages == -(-len(expected) // 4)


def test_bad_parameters_answer_400(client, world):
    secret = token_for(world.coordinator)
    for query in ("actions?cursor=not-a-cursor", "actions?limit=0", "actions?limit=201"):
        response = api_get(client, query, secret)
        assert response.status_code == 400, query
        assert response.json()["detail"]


def test_an_unchanged_answer_is_304_with_if_none_match(client, world):
    secret = token_for(world.coordinator)
    first = api_get(client, "actions", secret)
    etag = first["ETag"]
    assert etag.startswith('"')
    assert "Authorization" in first["Vary"]
    again = api_get(client, "actions", secret, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    detail = api_get(client, f"actions/{world.named.pk}", secret)
    assert (
        api_get(
            client, f"actions/{world.named.pk}", secret, HTTP_IF_NONE_MATCH=detail["ETag"]
        ).status_code
        == 304
    )
    world.named.title = "A new title"
    world.named.save()
    changed = api_get(client, "actions", secret, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_openapi_document_needs_no_token(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.1")
