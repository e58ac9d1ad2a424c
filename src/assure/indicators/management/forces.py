"""Finding the force a case-data command acts on."""

from django.core.management.base import CommandError
from django.db import connection

from assure.accounts.models import Organisation, OrganisationKind


def find_force(slug: str | None) -> Organisation:
    """The force named by ``--force``, or the only force when there is just one."""
    if Organisation._meta.db_table not in connection.introspection.table_names():
        raise CommandError(
            "the database is not set up yet: run `assure demo --no-serve` or "
            "`assure manage migrate` first"
        )
    forces = list(Organisation.objects.filter(kind=OrganisationKind.FORCE).order_by("slug"))
    names = ", ".join(f.slug for f in forces) or "none yet"
    if not slug:
        if len(forces) == 1:
            return forces[0]
        raise CommandError(f"name the force with --force SLUG (forces: {names})")
    for force in forces:
        if force.slug == slug:
            return force
    raise CommandError(f"no force has the slug {slug!r} (forces: {names})")
