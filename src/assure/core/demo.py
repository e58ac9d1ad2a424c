"""Loads the demo: each app contributes its part, in dependency order."""

import os
from dataclasses import dataclass

from django.db import transaction

from assure.accounts import demo as accounts_demo

from .audit import SystemActor

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
    actor = SystemActor("demo loader")
    password = demo_password()
    made = accounts_demo.load(actor=actor, password=password)
    made += _load_inspection_and_plan()
    return DemoResult(made=made, password=password, people=accounts_demo.demo_people())


def _load_inspection_and_plan() -> list[str]:
    """The seed inspection, its action plan and its 2015 history: all or nothing, so a failed
    load never leaves a half-made plan that would stop the next run from finishing it."""
    from assure.inspections import demo as inspections_demo
    from assure.plans import demo as plans_demo

    with transaction.atomic():
        inspection, made = inspections_demo.load()
        if made:
            made += plans_demo.load(inspection=inspection)
    return made
