"""Writing the audit trail. Only services call ``record``; the ``service`` decorator checks that
each of them did."""

import datetime
import decimal
import json
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from . import audit_chain, request_context
from .models import AuditEvent

_ip_field = AuditEvent._meta.get_field("ip_address")


@dataclass
class _Counter:
    count: int = 0


# A stack, because services call services: an event written by the inner one counts for both.
_counters: ContextVar[tuple[_Counter, ...]] = ContextVar("assure_audit_counters", default=())


class SystemActor:
    """Stands for a job acting with no person behind it (the demo loader, a nightly import)."""

    is_authenticated = False
    pk = None

    def __init__(self, label: str):
        self.label = label

    def __str__(self):
        return f"system: {self.label}"


def json_safe(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    return value


def json_dumps(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def changes_between(old: dict, new: dict) -> dict:
    """``{field: [old, new]}`` for every field whose value differs."""
    return {
        key: [json_safe(old.get(key)), json_safe(new.get(key))]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def created(instance: models.Model, fields: list[str]) -> dict:
    return {f: [None, json_safe(getattr(instance, f))] for f in fields}


def record(
    *, actor, event: str, target=None, changes=None, organisation=None, organisation_id=None
) -> AuditEvent:
    context = request_context.current()
    is_person = getattr(actor, "is_authenticated", False)
    ip_address = context.ip_address if context else None
    audit_event = AuditEvent(
        actor=actor if is_person else None,
        actor_label=actor_label(actor),
        event=event,
        organisation_id=organisation.pk if organisation is not None else organisation_id,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        # Stored as they will read back, so that the hash computed now verifies later.
        changes=json.loads(json_dumps(json_safe(changes or {}))),
        request_id=context.request_id if context else "",
        ip_address=_ip_field.get_prep_value(ip_address) if ip_address else None,
    )
    # No savepoint inside a service's transaction; its own transaction when called outside one,
    # because the chain head must stay locked until the event commits.
    with transaction.atomic(savepoint=False):
        audit_chain.append(audit_event, now=timezone.now)
    for counter in _counters.get():
        counter.count += 1
    return audit_event


def actor_label(actor) -> str:
    if actor is None:
        return "system"
    if getattr(actor, "is_authenticated", False):
        return f"{actor.display_name} <{actor.email}>"
    return str(actor)


class counting:
    """Context manager counting the events recorded inside it."""

    def __enter__(self) -> _Counter:
        self.counter = _Counter()
        self.token = _counters.set((*_counters.get(), self.counter))
        return self.counter

    def __exit__(self, *exc):
        _counters.reset(self.token)
        return False
