"""Links to choose a password: a reset link lasts an hour, an invitation a week, each works once
and only for its own purpose."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assure.accounts import tokens
from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role

pytestmark = pytest.mark.django_db


class Later:
    """A generator whose clock has moved on."""

    def __init__(self, generator, seconds):
        self.generator, self.seconds = generator, seconds

    def __enter__(self):
        real = self.generator._now
        self.generator._now = lambda: real() + datetime.timedelta(seconds=self.seconds)
        self.real = real

    def __exit__(self, *exc):
        self.generator._now = self.real


@pytest.mark.parametrize(
    ("generator", "lifetime"),
    [(tokens.reset_tokens, 60 * 60), (tokens.invitation_tokens, 7 * 24 * 60 * 60)],
)
def test_a_link_works_for_its_lifetime_and_not_after(generator, lifetime):
    person = person_with_role(Role.UNIT_LEAD)
    token = generator.make_token(person)
    with Later(generator, lifetime - 5):
        assert generator.check_token(person, token)
    with Later(generator, lifetime + 5):
        assert not generator.check_token(person, token)


def test_a_link_is_for_one_purpose_and_stops_working_once_the_password_changes():
    person = person_with_role(Role.UNIT_LEAD)
    reset = tokens.reset_tokens.make_token(person)
    assert not tokens.invitation_tokens.check_token(person, reset)
    person.set_password("violet-harbour-lantern")
    assert not tokens.reset_tokens.check_token(person, reset)


@given(st.text(max_size=300))
def test_any_uid_or_token_text_is_refused_without_an_error(text):
    assert tokens.pk_from_uid(text) is None or tokens.pk_from_uid(text) > 0
    assert tokens.reset_tokens.check_token_ignoring_age(None, text) is False
