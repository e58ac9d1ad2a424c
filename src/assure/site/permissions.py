"""The top floor's own predicates; everything about roles lives in the apps' permissions."""


def signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))
