"""The OpenAPI document as served, in the committed file's layout (docs/api/openapi.json)."""

import json

from django.urls import reverse

COMMITTED = "docs/api/openapi.json"


def document() -> dict:
    from .v1 import api

    # The same call the served view makes, with the prefix it would find.
    return api.get_openapi_schema(path_prefix=reverse("api:api-root"))


def dumps(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
