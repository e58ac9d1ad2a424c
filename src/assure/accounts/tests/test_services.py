import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assure.accounts import services
from assure.accounts.models import Membership, OrganisationKind, Role, UnitKind
from assure.accounts.tests.factories import OrganisationFactory, UnitFactory, person_with_role
from assure.core.audit import SystemActor
from assure.core.models import AuditEvent

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")


def test_creating_an_organisation_records_who_and_what():
    force = OrganisationFactory(kind=OrganisationKind.FORCE)
    pcc = services.organisation_create(
        actor=SYSTEM,
        name="PCC office",
        slug="pcc",
        kind=OrganisationKind.PCC_OFFICE,
        forces=[force],
    )
    assert list(pcc.forces.all()) == [force]
    event = AuditEvent.objects.get(event="accounts.organisation.created")
    assert event.actor_label == "system: test"
    assert event.organisation == force
    assert event.changes["slug"] == [None, "pcc"]


def test_slugs_are_unique():
    OrganisationFactory(slug="taken")
    with pytest.raises(ValidationError, match="already exists"):
        services.organisation_create(
            actor=SYSTEM, name="Again", slug="taken", kind=OrganisationKind.FORCE
        )


def test_people_cannot_create_organisations():
    coordinator = person_with_role(Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=coordinator, name="Mine", slug="mine", kind=OrganisationKind.FORCE
        )
    assert not AuditEvent.objects.filter(event="accounts.organisation.created").exists()


def test_a_coordinator_adds_units_to_their_force_only():
    coordinator = person_with_role(Role.COORDINATOR)
    force = coordinator.memberships.get().organisation
    unit = services.unit_create(
        actor=coordinator, organisation=force, kind=UnitKind.DISTRICT, code="LDS", name="Leeds"
    )
    assert unit.organisation == force
    other_force = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=coordinator, organisation=other_force, kind=UnitKind.DISTRICT, code="X", name="X"
        )


def test_unit_codes_and_names_are_unique_within_an_organisation_ignoring_case():
    unit = UnitFactory(code="LDS", name="Leeds")
    with pytest.raises(ValidationError):
        services.unit_create(
            actor=SYSTEM,
            organisation=unit.organisation,
            kind=UnitKind.DISTRICT,
            code="lds",
            name="Other",
        )
    other = services.unit_create(
        actor=SYSTEM,
        organisation=OrganisationFactory(),
        kind=UnitKind.DISTRICT,
        code="LDS",
        name="Leeds",
    )
    assert other.code == "LDS"


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.PARTNER, OrganisationKind.FORCE),
        (Role.OVERSIGHT, OrganisationKind.FORCE),
        (Role.INSPECTOR, OrganisationKind.PARTNER_AGENCY),
        (Role.COORDINATOR, OrganisationKind.PCC_OFFICE),
    ],
)
def test_a_role_must_fit_the_kind_of_organisation(role, kind):
    user = person_with_role(Role.COORDINATOR)
    organisation = OrganisationFactory(kind=kind)
    with pytest.raises(ValidationError, match="belongs in"):
        services.membership_grant(actor=SYSTEM, user=user, organisation=organisation, role=role)


def test_a_unit_lead_needs_a_unit_of_the_same_organisation():
    user = person_with_role(Role.BOARD_MEMBER)
    force = OrganisationFactory()
    with pytest.raises(ValidationError, match="must be given a unit"):
        services.membership_grant(actor=SYSTEM, user=user, organisation=force, role=Role.UNIT_LEAD)
    with pytest.raises(ValidationError, match="is not a unit of"):
        services.membership_grant(
            actor=SYSTEM, user=user, organisation=force, role=Role.UNIT_LEAD, unit=UnitFactory()
        )


def test_a_person_may_hold_several_memberships_and_lose_one():
    user = person_with_role(Role.APPROVER)
    force = user.memberships.get().organisation
    unit = UnitFactory(organisation=force)
    lead = services.membership_grant(
        actor=SYSTEM, user=user, organisation=force, role=Role.UNIT_LEAD, unit=unit
    )
    assert user.memberships.count() == 2
    services.membership_revoke(actor=SYSTEM, membership=lead)
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == ["approver"]
    assert AuditEvent.objects.filter(event="accounts.membership.revoked").count() == 1


def test_granting_the_same_role_twice_is_refused():
    user = person_with_role(Role.APPROVER)
    force = user.memberships.get().organisation
    with pytest.raises(ValidationError, match="already holds"):
        services.membership_grant(actor=SYSTEM, user=user, organisation=force, role=Role.APPROVER)


def test_user_email_addresses_are_unique_ignoring_case():
    services.user_create(actor=SYSTEM, email="Ada@Example.org", full_name="Ada")
    with pytest.raises(ValidationError, match="already exists"):
        services.user_create(actor=SYSTEM, email="ada@example.ORG", full_name="Ada again")
