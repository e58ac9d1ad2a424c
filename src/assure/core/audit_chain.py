"""Tamper evidence for the audit trail: every event is a link in a hash chain.

Each organisation's events form one chain (events with no organisation form their own). An event's
``hash`` is SHA-256 over a canonical serialisation (sorted-keys JSON) of its fields, its position
in the chain and the previous event's hash, so changing, removing or inserting a row anywhere
breaks every link after it; ``AuditChainHead`` records each chain's length and newest hash, so
removing the newest events is noticed too. ``verify`` walks the chains and names the first break
(docs/adr/0004-audit-hash-chain.md).

The hash is not keyed: someone who can write to the database and knows this code can rebuild a
whole chain. What defends against that is a copy of the heads held elsewhere (``assure audit
verify`` prints them; every backup's manifest records them).
"""

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction

from .models import AuditChainHead, AuditEvent

SYSTEM_CHAIN = "system"

# The fields an event's hash covers, as they are read back from the database.
HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_label",
    "event",
    "organisation_id",
    "target_type",
    "target_id",
    "target_label",
    "changes",
    "request_id",
    "ip_address",
    "previous_hash",
)


def chain_key(organisation_id: int | None) -> str:
    return SYSTEM_CHAIN if organisation_id is None else f"organisation:{organisation_id}"


def canonical(fields: dict) -> bytes:
    """The bytes that are hashed: the same for an event in memory and read back from any
    supported database (times in UTC to the microsecond, text as UTF-8, keys sorted)."""
    values = {name: fields[name] for name in HASHED_FIELDS}
    occurred_at = values["occurred_at"]
    if isinstance(occurred_at, datetime.datetime):
        values["occurred_at"] = occurred_at.astimezone(datetime.UTC).isoformat(
            timespec="microseconds"
        )
    if values["ip_address"] is not None:
        values["ip_address"] = str(values["ip_address"])
    return json.dumps(
        values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def event_hash(fields: dict) -> str:
    return hashlib.sha256(canonical(fields)).hexdigest()


def fields_of(event) -> dict:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def append(event: AuditEvent, *, now) -> AuditEvent:
    """Link an unsaved event onto its chain and save it. ``now`` gives its time, taken once the
    chain is locked so that times never run backwards along a chain. Must run in a transaction
    (``audit.record`` opens one if its caller has not)."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        chain=chain_key(event.organisation_id)
    )
    event.occurred_at = now()
    event.sequence = head.length + 1
    event.previous_hash = head.last_hash
    event.hash = event_hash(fields_of(event))
    event.save(force_insert=True)
    head.length = event.sequence
    head.last_hash = event.hash
    head.save(update_fields=["length", "last_hash"])
    return event


@dataclass(frozen=True)
class Break:
    chain: str
    event_id: int | None
    reason: str

    def __str__(self):
        where = f"event {self.event_id}" if self.event_id is not None else "the chain's end"
        return f"chain {self.chain}, {where}: {self.reason}"


@dataclass(frozen=True)
class Verification:
    events: int
    chains: int
    heads: dict[str, tuple[int, str]]
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def heads() -> dict[str, tuple[int, str]]:
    """Each chain's length and newest hash: what to keep elsewhere to notice a rebuilt chain."""
    return {h.chain: (h.length, h.last_hash) for h in AuditChainHead.objects.order_by("chain")}


def verify(*, organisation_ids: Iterable[int | None] | None = None) -> Verification:
    """Walk the chains (all, or those of the given organisations) and stop at the first break."""
    with transaction.atomic():  # one snapshot on PostgreSQL: a write meanwhile is not a break
        known = {h.chain: h for h in AuditChainHead.objects.all()}
        present = set(AuditEvent.objects.values_list("organisation_id", flat=True).distinct())
        if organisation_ids is None:
            wanted = present | {_organisation_of(key) for key in known}
        else:
            wanted = set(organisation_ids)
        events = 0
        chains = 0
        for organisation_id in sorted(wanted, key=lambda o: (o is not None, o or 0)):
            key = chain_key(organisation_id)
            head = known.get(key)
            if head is None and organisation_id not in present:
                continue  # an organisation with no trail yet
            chains += 1
            count, broken = _walk(key, organisation_id, head)
            events += count
            if broken is not None:
                return Verification(events, chains, {}, broken)
        shown = {k: (h.length, h.last_hash) for k, h in sorted(known.items())}
        if organisation_ids is not None:
            shown = {k: v for k, v in shown.items() if _organisation_of(k) in wanted}
        return Verification(events, chains, shown, None)


def _organisation_of(key: str) -> int | None:
    return None if key == SYSTEM_CHAIN else int(key.split(":", 1)[1])


def _walk(key: str, organisation_id: int | None, head) -> tuple[int, Break | None]:
    rows = _chain_rows(organisation_id)
    expected = 1
    previous = ""
    last_id = None
    for row in rows:
        event_id = row["id"]
        if row["sequence"] != expected:
            if row["sequence"] < expected:
                reason = (
                    f"it is numbered {row['sequence']} but {expected - 1} events come before it: "
                    "an event was inserted into the chain"
                )
            else:
                missing = row["sequence"] - expected
                reason = (
                    f"it is numbered {row['sequence']} but {expected} was expected: "
                    f"{missing} event{'s' if missing != 1 else ''} before it "
                    f"{'are' if missing != 1 else 'is'} missing"
                )
            return expected - 1, Break(key, event_id, reason)
        if row["previous_hash"] != previous:
            reason = (
                "its link to the previous event does not match that event's hash: an event "
                f"before it was removed, inserted or changed (after event {last_id})"
                if last_id is not None
                else "it is first in the chain but links to an earlier event"
            )
            return expected - 1, Break(key, event_id, reason)
        if row["hash"] != event_hash(row):
            reason = "its contents do not match its hash: it was changed after it was written"
            return expected - 1, Break(key, event_id, reason)
        previous = row["hash"]
        last_id = event_id
        expected += 1
    count = expected - 1
    if head is None:
        return count, Break(key, None, "the chain has events but no head: it was not written here")
    if head.length != count:
        if head.length > count:
            reason = (
                f"the head records {head.length} events but the chain holds {count}: "
                "its newest events were removed"
            )
        else:
            reason = f"the head records {head.length} events but the chain holds {count}"
        return count, Break(key, None, reason)
    if head.last_hash != previous:
        return count, Break(key, last_id, "the newest event's hash does not match the head's")
    return count, None


def _chain_rows(organisation_id: int | None) -> Iterator[dict]:
    events = (
        AuditEvent.objects.filter(organisation__isnull=True)
        if organisation_id is None
        else AuditEvent.objects.filter(organisation_id=organisation_id)
    )
    rows = events.order_by("sequence", "id").values("id", "hash", *HASHED_FIELDS)
    return rows.iterator(chunk_size=2000)
