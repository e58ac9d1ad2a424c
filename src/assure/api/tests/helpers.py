"""Calling the API as a person: a token made through the service, sent as a Bearer header."""

from assure.api import services


def token_for(user, **kwargs) -> str:
    _token, secret = services.api_token_create(actor=user, name="BI", **kwargs)
    return secret


def api_get(client, path: str, secret: str | None, **headers):
    if secret is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client.get(path if path.startswith("/") else f"/api/v1/{path}", **headers)
