import pytest

from assure.accounts import permissions
from assure.accounts.models import OrganisationKind, Role
from assure.accounts.tests.factories import OrganisationFactory, person_with_role

pytestmark = pytest.mark.django_db


def test_force_roles_read_their_own_force_only():
    for role in (Role.COORDINATOR, Role.UNIT_LEAD, Role.APPROVER, Role.BOARD_MEMBER):
        user = person_with_role(role)
        force = user.memberships.get().organisation
        OrganisationFactory()  # another force
        assert permissions.readable_force_ids(user) == {force.id}


def test_oversight_and_inspectors_read_the_forces_linked_to_their_organisation():
    force_a, force_b, force_c = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    inspectorate = OrganisationFactory(
        kind=OrganisationKind.INSPECTORATE, forces=[force_a, force_b]
    )
    inspector = person_with_role(Role.INSPECTOR, organisation=inspectorate)
    assert permissions.readable_force_ids(inspector) == {force_a.id, force_b.id}
    pcc = OrganisationFactory(kind=OrganisationKind.PCC_OFFICE, forces=[force_c])
    assert permissions.readable_force_ids(person_with_role(Role.OVERSIGHT, organisation=pcc)) == {
        force_c.id
    }


def test_partners_do_not_read_whole_forces():
    force = OrganisationFactory()
    agency = OrganisationFactory(kind=OrganisationKind.PARTNER_AGENCY, forces=[force])
    partner = person_with_role(Role.PARTNER, organisation=agency)
    assert permissions.readable_force_ids(partner) == set()


def test_only_coordinators_view_the_audit_trail():
    assert permissions.can_view_audit(person_with_role(Role.COORDINATOR))
    for role in set(Role) - {Role.COORDINATOR}:
        assert not permissions.can_view_audit(person_with_role(role)), role


def test_memberships_are_loaded_once(django_assert_num_queries):
    user = person_with_role(Role.INSPECTOR)
    with django_assert_num_queries(2):
        permissions.readable_force_ids(user)
        permissions.can_view_audit(user)
        permissions.memberships(user)
