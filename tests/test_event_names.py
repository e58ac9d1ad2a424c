"""Every audit event name is declared, once, as a constant in its app's ``events.py`` (the model is
Saleor's and Wagtail's registries of event types): the trail's vocabulary can be read in one place
per app, and a typo in a service cannot invent a new kind of event."""

import ast
import importlib
import re
from pathlib import Path

import pytest

from assure.core import registry

NAME = re.compile(r"^[a-z]+(\.[a-z_]+){2}$")


def declared() -> dict[str, dict[str, str]]:
    """app module -> {CONSTANT: "dotted.event.name"} for every installed app with events."""
    found = {}
    for app in registry.assure_apps():
        try:
            module = importlib.import_module(f"{app.name}.events")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.events":
                raise
            continue
        found[app.name] = {
            key: value
            for key, value in vars(module).items()
            if key.isupper() and isinstance(value, str)
        }
    return found


def record_calls(path: Path):
    """(line, keyword value) of every ``audit.record(..., event=...)`` call in a module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "record"
        ):
            for keyword in node.keywords:
                if keyword.arg == "event":
                    yield node.lineno, keyword.value


def app_modules():
    for app in registry.assure_apps():
        folder = Path(importlib.import_module(app.name).__file__).parent
        for path in sorted(folder.rglob("*.py")):
            if "tests" not in path.relative_to(folder).parts and "migrations" not in path.parts:
                yield app.name, path


def test_names_are_dotted_and_declared_once():
    seen: dict[str, str] = {}
    for app, names in declared().items():
        for constant, name in names.items():
            assert NAME.match(name), f"{app}.events.{constant} = {name!r} is not app.entity.verb"
            assert name not in seen, f"{name} is declared in {seen[name]} and in {app}"
            seen[name] = app
    assert len(seen) >= 30


def test_every_recorded_name_is_one_of_its_apps_declared_constants():
    problems = []
    by_app = declared()
    for app, path in app_modules():
        for line, value in record_calls(path):
            ok = (
                isinstance(value, ast.Attribute)
                and isinstance(value.value, ast.Name)
                and value.attr in by_app.get(app, {})
            )
            if not ok:
                problems.append(f"{path.name}:{line}: {ast.unparse(value)}")
    assert problems == [], f"record an event name declared in the app's events.py: {problems}"


def test_the_check_catches_a_literal_name(tmp_path):
    """The test of the test."""
    module = tmp_path / "services.py"
    module.write_text(
        "audit.record(actor=a, event='plans.thing.done')\n"
        "audit.record(actor=a, event=events.PLAN_CREATED)\n"
    )
    values = [v for _line, v in record_calls(module)]
    assert isinstance(values[0], ast.Constant)
    assert isinstance(values[1], ast.Attribute)


@pytest.mark.django_db
def test_the_demo_records_only_declared_names(demo):
    from assure.core.models import AuditEvent

    names = {name for names in declared().values() for name in names.values()}
    recorded = set(AuditEvent.objects.values_list("event", flat=True))
    assert recorded, "the demo records events"
    assert recorded - names == set()
