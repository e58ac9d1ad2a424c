"""Who gets what from the API's URLs (merged into tests/test_url_matrix.py).

The matrix signs in with a session, which the API does not accept: every data URL answers 401
for every role (anonymous included) until a Bearer token is sent. The OpenAPI document is open
to all. The token page is anyone's own, and 302 to sign-in for the anonymous visitor.
"""

from assure.core.tests.matrix import expect

NO_TOKEN = expect(others=401)


def _first(model_path: str):
    from django.apps import apps

    return apps.get_model(model_path).objects.order_by("pk").first()


_MODELS = {
    "inspection": "inspections.Inspection",
    "finding": "inspections.Finding",
    "recommendation": "inspections.Recommendation",
    "plan": "plans.ActionPlan",
    "action": "plans.Action",
    "assignment": "plans.Assignment",
    "update": "plans.Update",
    "closure": "plans.Closure",
}
_PLURALS = {
    "inspection": "inspections",
    "finding": "findings",
    "recommendation": "recommendations",
    "plan": "plans",
    "action": "actions",
    "assignment": "assignments",
    "update": "updates",
    "closure": "closures",
}

MATRIX = {
    "api:tokens": expect(anonymous=302, others=200),
    "api:token_revoke": expect(anonymous=302, others=405),
    "api:openapi-json": expect(others=200),
    "api:api-root": expect(others=404),
    **{f"api:{plural}": NO_TOKEN for plural in _PLURALS.values()},
    **{f"api:{singular}": NO_TOKEN for singular in _PLURALS},
}


def _kwargs_for(singular):
    return lambda users: {"id": _first(_MODELS[singular]).pk}


URL_KWARGS = {
    "api:token_revoke": lambda users: {"pk": 1},
    **{f"api:{singular}": _kwargs_for(singular) for singular in _MODELS},
}
