"""Every write is a service, and every service writes an audit event.

The rule has two halves. At run time, ``@service`` rolls back and raises if a call wrote no audit
event (core/tests/test_audit.py shows it). Here, by enumerating every app's ``services`` module, we
check that every public function in one is a ``@service`` — so a new write that skips the
decorator, and with it the audit check, fails this test.
"""

import importlib
import inspect
import types

from assure.core import registry


def services_modules() -> list[types.ModuleType]:
    """The ``services`` module of every installed Assure app that has one."""
    modules = []
    for app in registry.assure_apps():
        try:
            modules.append(importlib.import_module(f"{app.name}.services"))
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.services":
                raise
    return modules


def unaudited_functions(module: types.ModuleType) -> list[str]:
    """Public functions defined in the module that are not services."""
    return [
        f"{module.__name__}.{name}"
        for name, obj in vars(module).items()
        if inspect.isfunction(obj)
        and not name.startswith("_")
        and getattr(obj, "__module__", None) == module.__name__
        and not getattr(obj, "is_service", False)
    ]


def test_the_enumeration_finds_the_apps_services():
    names = {m.__name__ for m in services_modules()}
    assert {
        "assure.accounts.services",
        "assure.core.services",
        "assure.site.services",
        "assure.plans.services",
    } <= names


def test_every_public_function_in_a_services_module_is_an_audited_service():
    offenders = [name for module in services_modules() for name in unaudited_functions(module)]
    assert offenders == [], f"not wrapped in @service (so not audited): {offenders}"


def test_the_check_catches_a_write_without_the_decorator():
    """The test of the test: a services module with a plain function is reported."""
    from assure.core.service import service

    module = types.ModuleType("assure.fake.services")

    def widget_create(*, actor):
        pass

    @service
    def widget_delete(*, actor):
        pass

    def _helper():
        pass

    for fn in (widget_create, widget_delete, _helper):
        fn.__module__ = module.__name__
        setattr(module, fn.__name__, fn)
    assert unaudited_functions(module) == ["assure.fake.services.widget_create"]


def test_service_names_say_entity_then_verb():
    from assure.core.service import REGISTRY

    services_modules()
    for fn in REGISTRY:
        if fn.__module__.startswith("assure.") and ".tests." not in fn.__module__:
            assert "_" in fn.__name__, fn.__qualname__
