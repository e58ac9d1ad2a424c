import factory

from assure.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    Unit,
    UnitKind,
    User,
)

TEST_PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Force {n}")
    slug = factory.Sequence(lambda n: f"force-{n}")
    kind = OrganisationKind.FORCE

    @factory.post_generation
    def forces(self, create, extracted, **kwargs):
        if create and extracted:
            self.forces.set(extracted)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    kind = UnitKind.DISTRICT
    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"District {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    unit = None
    role = Role.COORDINATOR


def person_with_role(role: Role, organisation=None, unit=None, **user_fields) -> User:
    """A user holding one role; the organisation is made to fit the role when not given."""
    kind = {
        Role.PARTNER: OrganisationKind.PARTNER_AGENCY,
        Role.OVERSIGHT: OrganisationKind.PCC_OFFICE,
        Role.INSPECTOR: OrganisationKind.INSPECTORATE,
    }.get(role, OrganisationKind.FORCE)
    if organisation is None:
        organisation = unit.organisation if unit else OrganisationFactory(kind=kind)
    if role == Role.UNIT_LEAD and unit is None:
        unit = UnitFactory(organisation=organisation)
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, unit=unit, role=role)
    return user
