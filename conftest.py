"""Fixtures shared by every test: the demo data set and signed-in clients for each demo role."""

import pytest

from assure.accounts.demo import demo_people


@pytest.fixture
def demo(db):
    """The full demo (organisations, units, one person per role) as `assure demo` loads it."""
    from assure.site.demo import load_demo

    return load_demo()


@pytest.fixture
def demo_users(demo):
    from assure.accounts.models import User

    people = {p.email: p for p in demo_people()}
    users = {u.email: u for u in User.objects.filter(email__in=people)}
    return {key: users[p.email] for key, p in demo_role_keys().items()}


def demo_role_keys():
    """Short names for the demo people, e.g. 'coordinator', 'lead.leeds', 'inspector'."""
    return {p.email.split("@")[0]: p for p in demo_people()}
