"""An organisation row for core's tests. Core does not import accounts (the floor above it), so
the model is looked up by name, as core's own AuditEvent refers to it."""

import itertools

from django.apps import apps

_numbers = itertools.count(1)


def OrganisationFactory():
    n = next(_numbers)
    model = apps.get_model("accounts", "Organisation")
    return model.objects.create(name=f"Organisation {n}", slug=f"organisation-{n}", kind="force")
