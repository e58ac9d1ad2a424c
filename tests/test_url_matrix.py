"""Who gets what from every page: a role × URL matrix built by enumerating the URL patterns.

Every named URL must appear in MATRIX, so a new page cannot ship without saying who may see it.
Anything a role may not see answers 404 (no existence leaks); anonymous visitors must sign in.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assure.core.tests.matrix import ROLES

# name -> {role: status}. 302 for "anonymous" means "sent to the sign-in page". Each app keeps
# its own rows in the module its AppConfig names as ``url_matrix`` (core/registry.py).
MATRIX: dict[str, dict[str, int]] = {}
# name -> function(demo users) -> URL kwargs, for patterns that take arguments.
URL_KWARGS: dict = {}


def merge_app_matrices(matrix: dict, url_kwargs: dict) -> None:
    """Every installed app's declared rows: a ``MATRIX`` dict built with ``expect`` and an
    optional ``URL_KWARGS`` dict."""
    import importlib

    from assure.core import registry

    for _app, module_path in registry.collect("url_matrix"):
        module = importlib.import_module(module_path)
        matrix.update(module.MATRIX)
        url_kwargs.update(getattr(module, "URL_KWARGS", {}))


merge_app_matrices(MATRIX, URL_KWARGS)


def url_names(patterns=None, namespace: str = "") -> list[str]:
    """Every named pattern, with its namespace, walking included URLconfs."""
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    missing = sorted(set(url_names()) - set(MATRIX))
    assert missing == [], f"add these URLs to MATRIX with who may see them: {missing}"


def test_the_enumeration_sees_included_and_namespaced_urls():
    """The test of the test: a URL missing from MATRIX would be reported."""
    from django.urls import include, path

    def view(request):
        return None

    patterns = [
        path("a/", view, name="top"),
        path("b/", include(([path("c/", view, name="inner")], "ns"))),
    ]
    assert url_names(patterns) == ["top", "ns:inner"]
    assert set(url_names(patterns)) - set(MATRIX) == {"top", "ns:inner"}


@pytest.fixture(scope="module")
def shared_demo(demo_snapshot, django_db_blocker):
    """The demo, written once for the whole matrix inside a transaction that is rolled back at the
    end; each test runs in a savepoint within it, so what one request writes, the next never sees.
    """
    from django.db import transaction

    snapshot, result = demo_snapshot
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            snapshot.restore()
            yield result
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def matrix_users(shared_demo, db):
    from assure.accounts.models import User
    from assure.core.tests.matrix import ROLES

    emails = {role: f"{role}@demo.assure.example" for role in ROLES if role != "anonymous"}
    users = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    return {role: users[email] for role, email in emails.items()}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_url_matrix(name, client, matrix_users):
    demo_users = matrix_users
    kwargs = URL_KWARGS.get(name, lambda users: {})(demo_users)

    url = reverse(name, kwargs=kwargs)
    outcome = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(demo_users[role])
        response = client.get(url)
        outcome[role] = response.status_code
        if role == "anonymous" and response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:sign_in")), url
    assert outcome == MATRIX[name]
