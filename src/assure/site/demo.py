"""Loads the demo: every app's declared demo loader, in app order, in one transaction, so a failed
load never leaves half a plan that would stop the next run from finishing it."""

import datetime
import os
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from assure.accounts import demo as accounts_demo
from assure.core import clock, registry
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


class DemoRefused(Exception):
    """The demo's fictional people and known password must never enter a real installation."""


def refuse_under_production() -> None:
    from django.conf import settings

    if not settings.DEMO_ALLOWED:
        raise DemoRefused(
            f"the demo cannot be loaded under production settings ({settings.SETTINGS_MODULE})"
        )


def load_demo() -> DemoResult:
    refuse_under_production()
    context = DemoContext(actor=SystemActor("demo loader"), password=demo_password())
    made: list[str] = []
    with transaction.atomic():
        for _app, loader in registry.collect("demo_loader"):
            made += registry.resolve(loader)(context=context)
    return DemoResult(made=made, password=context.password, people=accounts_demo.demo_people())


def pin_demo_clock() -> datetime.date | None:
    """Pin the demo installation's clock to its story's day and record the day in the data
    folder, once, so that `assure serve` reads the demo on the same day. A day already in force
    (ASSURE_TODAY, or recorded before) is kept. Settings without a data folder for it
    (production, tests) pin nothing."""
    path = getattr(settings, "ASSURE_TODAY_FILE", None)
    if path is None:
        return None
    from assure.plans.demo_story import read_story

    day = clock.pinned() or read_story().today
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{day.isoformat()}\n")
    clock.pin(day)
    return day
