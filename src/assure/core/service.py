"""The one way to write: a service function.

``@service`` makes a function keyword-only, atomic, and refuses to let it commit without an audit
event. Every public function in an app's ``services.py`` must carry it; a test enumerates them
(core/tests/test_audit_coverage.py), so a new write cannot skip the trail.
"""

import functools
import inspect
from collections.abc import Callable
from typing import Any

from django.db import transaction

from . import audit

REGISTRY: list[Callable[..., Any]] = []


class MissingAuditEvent(RuntimeError):
    """A service returned without writing an audit event; its transaction was rolled back."""


def service[F: Callable[..., Any]](func: F) -> F:
    signature = inspect.signature(func)
    if any(p.kind not in (p.KEYWORD_ONLY, p.VAR_KEYWORD) for p in signature.parameters.values()):
        raise TypeError(f"{func.__qualname__}: service parameters must be keyword-only")
    if "actor" not in signature.parameters:
        raise TypeError(f"{func.__qualname__}: a service must take an actor")

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        with transaction.atomic(), audit.counting() as counter:
            result = func(**kwargs)
            if counter.count == 0:
                raise MissingAuditEvent(
                    f"{func.__module__}.{func.__qualname__} wrote no audit event"
                )
        return result

    wrapper.is_service = True  # type: ignore[attr-defined]
    REGISTRY.append(wrapper)
    return wrapper  # type: ignore[return-value]


def on_commit(callback: Callable[[], object]) -> None:
    """Queue a side effect (an e-mail, a task) to run only if the service's transaction commits."""
    transaction.on_commit(callback)
