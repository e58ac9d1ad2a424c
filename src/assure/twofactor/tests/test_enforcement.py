"""The rule: who must use two-factor sign-in, and what a person part-way through signing in may
reach."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django_otp.plugins.otp_totp.models import TOTPDevice

from assure.accounts.models import OrganisationKind, Role
from assure.accounts.tests.factories import OrganisationFactory, UserFactory, person_with_role
from assure.twofactor.middleware import pending_step
from assure.twofactor.permissions import must_use_two_factor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):
    settings.ASSURE_TWO_FACTOR_OPTIONAL = False


@pytest.mark.parametrize(
    ("role", "must"),
    [
        (Role.COORDINATOR, True),
        (Role.APPROVER, True),
        (Role.INSPECTOR, True),
        (Role.OVERSIGHT, True),
        (Role.UNIT_LEAD, False),
        (Role.BOARD_MEMBER, False),
        (Role.PARTNER, False),
    ],
)
def test_privileged_roles_must_use_two_factor_and_others_may(role, must):
    assert must_use_two_factor(person_with_role(role)) is must


def test_one_privileged_role_among_others_is_enough():
    lead = person_with_role(Role.UNIT_LEAD)
    force = lead.memberships.get().organisation
    lead.memberships.create(organisation=force, role=Role.APPROVER)
    lead.__dict__.pop("_assure_memberships", None)
    assert must_use_two_factor(lead)


def test_oversight_outside_a_pcc_office_is_not_privileged():
    person = UserFactory()
    other = OrganisationFactory(kind=OrganisationKind.PARTNER_AGENCY)
    person.memberships.create(organisation=other, role=Role.OVERSIGHT)
    assert not must_use_two_factor(person)


def test_superusers_must_and_nobody_signed_out_must():
    assert must_use_two_factor(UserFactory(is_superuser=True))
    assert not must_use_two_factor(AnonymousUser())


def test_the_demo_setting_makes_it_a_choice_for_everyone(settings):
    settings.ASSURE_TWO_FACTOR_OPTIONAL = True
    assert not must_use_two_factor(person_with_role(Role.COORDINATOR))


def _unverified(user):
    user.is_verified = lambda: False
    return user


def test_pending_step_asks_a_person_with_an_app_for_a_code_even_where_optional(settings):
    settings.ASSURE_TWO_FACTOR_OPTIONAL = True
    lead = person_with_role(Role.UNIT_LEAD)
    assert pending_step(_unverified(lead)) is None
    TOTPDevice.objects.create(user=lead, name="app", confirmed=True)
    assert pending_step(_unverified(lead)) == "verify"


def test_pending_step_sends_a_coordinator_without_an_app_to_set_one_up():
    coordinator = person_with_role(Role.COORDINATOR)
    assert pending_step(_unverified(coordinator)) == "enrol"
    TOTPDevice.objects.create(user=coordinator, name="half set up", confirmed=False)
    assert pending_step(_unverified(coordinator)) == "enrol"
    verified = coordinator
    verified.is_verified = lambda: True
    assert pending_step(verified) is None
