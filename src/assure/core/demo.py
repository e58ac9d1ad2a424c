"""Loads the demo: each app contributes its part, in dependency order."""

import os
from dataclasses import dataclass

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
    return DemoResult(made=made, password=password, people=accounts_demo.demo_people())
