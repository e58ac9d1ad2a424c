from dataclasses import dataclass


@dataclass(frozen=True)
class TokenRow:
    token: object
    status: str  # "Active", "Expired", "Revoked"
    tag_colour: str
    active: bool


def token_rows(tokens, now) -> list[TokenRow]:
    rows = []
    for token in tokens:
        if token.revoked_at is not None:
            rows.append(TokenRow(token, "Revoked", "grey", False))
        elif token.expires_at <= now:
            rows.append(TokenRow(token, "Expired", "red", False))
        else:
            rows.append(TokenRow(token, "Active", "green", True))
    return rows


def account_links(user) -> list[dict]:
    """The accounts app's ``account_links`` extension point: the tokens page on /account/."""
    from django.urls import reverse

    from .permissions import may_hold_tokens

    if not may_hold_tokens(user):
        return []
    return [{"text": "Your API tokens", "href": reverse("api:tokens")}]
