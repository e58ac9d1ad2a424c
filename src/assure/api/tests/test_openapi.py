"""The served OpenAPI 3.1 document, the committed copy (docs/api/openapi.json) and the command
that writes it agree; and the API keeps to its document under schemathesis's generated calls."""

import json
from pathlib import Path

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assure.api import openapi
from assure.api.resources import RESOURCES
from assure.api.tests.helpers import token_for
from assure.inspections.tests.factories import FindingFactory
from assure.plans.tests.factories import ClosureFactory, force_world, plan_with_assignments

ROOT = Path(__file__).resolve().parents[4]
REGENERATE = "uv run assure api-openapi -o docs/api/openapi.json"
# Per operation: 16 operations at 30 examples keep the run to a few seconds.
MAX_EXAMPLES = 30


def test_the_committed_document_is_the_served_one(client):
    served = client.get("/api/v1/openapi.json").json()
    committed = json.loads((ROOT / openapi.COMMITTED).read_text())
    assert served == committed, f"the API changed: run `{REGENERATE}` and commit the file"


def test_the_command_writes_the_committed_document(tmp_path):
    out = tmp_path / "openapi.json"
    call_command("api_openapi", output=out)
    assert out.read_text() == (ROOT / openapi.COMMITTED).read_text()


def test_every_resource_is_documented_behind_the_bearer_token(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    for resource in RESOURCES:
        for path in (f"/api/v1/{resource.name}", f"/api/v1/{resource.name}/{{id}}"):
            operation = document["paths"][path]["get"]
            assert operation["security"] == [{"TokenAuth": []}], path
            assert {"200", "304", "401"} <= set(operation["responses"]), path


# schemathesis ---------------------------------------------------------------------------------
# Its pytest plugin (``schema.parametrize``) does not run under pytest 9 yet, so each operation is
# driven through its hypothesis strategy instead: the same cases, checks and WSGI transport.

OPERATIONS = [
    (f"/api/v1/{resource.name}{suffix}", resource)
    for resource in RESOURCES
    for suffix in ("", "/{id}")
]


@pytest.fixture
def wsgi_app():
    """The WSGI app without Django closing the database connection after each request (the
    test client does the same), so the calls run inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def scene(db):
    """A coordinator's token over a small plan with every kind of row, partners and closures."""
    world = force_world(names=("Leeds", "Bradford"))
    data = plan_with_assignments(2, n_updates=2, force_units=world.force_units)
    FindingFactory.create_batch(2, inspection=data.inspection)
    data.actions[0].partners.set([world.partner])
    ClosureFactory(assignment=data.assignments[0])
    return world


@pytest.mark.parametrize(("path", "resource"), OPERATIONS, ids=[p for p, _ in OPERATIONS])
def test_the_api_keeps_to_its_openapi_document(wsgi_app, scene, path, resource):
    """No server errors, and every answer (status, headers, body) as the document says, for
    generated queries and ids: random ones (mostly 404) and ones that exist."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operation = schema[path]["GET"]
    strategy = operation.as_strategy()
    if path.endswith("{id}"):
        row = resource.scope(scene.coordinator).order_by("pk").first()
        strategy = st.one_of(strategy, operation.as_strategy(path_parameters={"id": row.pk}))
    headers = {"Authorization": f"Bearer {token_for(scene.coordinator)}"}

    @given(case=strategy)
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def keeps_to_the_document(case):
        # A cursor is opaque: any string is schema-valid, but only one this API gave is accepted
        # (400 otherwise, as documented), so "schema-valid data is accepted" cannot hold for it.
        case.call_and_validate(
            headers=headers, excluded_checks=[schemathesis.checks.positive_data_acceptance]
        )

    keeps_to_the_document()
