"""Loads the demo: every app's declared demo loader, in app order, in one transaction, so a failed
load never leaves half a plan that would stop the next run from finishing it."""

import os
from dataclasses import dataclass

from django.db import transaction

from assure.accounts import demo as accounts_demo
from assure.core import registry
from assure.core.audit import SystemActor
from assure.core.demo import DemoContext

# Printed by `assure demo`; a demo installation holds no real data.
DEFAULT_PASSWORD = "assure-demo-2015"  # noqa: S105


@dataclass(frozen=True)
class DemoResult:
    made: list[str]
    password: str
    people: list[accounts_demo.DemoPerson]


def demo_password() -> str:
    return os.environ.get("ASSURE_DEMO_PASSWORD") or DEFAULT_PASSWORD


def load_demo() -> DemoResult:
    context = DemoContext(actor=SystemActor("demo loader"), password=demo_password())
    made: list[str] = []
    with transaction.atomic():
        for _app, loader in registry.collect("demo_loader"):
            made += registry.resolve(loader)(context=context)
    return DemoResult(made=made, password=context.password, people=accounts_demo.demo_people())
