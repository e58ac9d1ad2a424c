"""The costly parts of pages, kept until the data changes: no invalidation code anywhere.

Every write is a service, every service records an audit event (``@service`` refuses to commit
without one), and recording one lengthens its chain in the writer's own transaction
(``audit_chain.append`` locks the chain's head and adds one to its length). So the sum of the
heads' lengths changes exactly when committed data does, never runs backwards, and is read in one
query over a table of one row per organisation: it is the installation's *data version*. A part
of a page is cached under the data version, the day the clock says (what is overdue moves with
it) and the running release, and answered from the cache until any of the three moves. A reader
that reads the version and then the data sees at least that version's data, so an entry can be
newer than its key but never older.

What may be cached is what services write and the clock dates: plan data, roles and memberships.
Never something written outside a service (sessions, sign-in counters), nor anything read from
the case-data store unless its key also names the store's generation, which every import moves
(``indicators`` does so for its plan notes and worklist counts), and never HTML holding a
form's CSRF token: the parts are rendered without the request (:func:`fragment`), so a template
that needs it fails loudly in the tests instead of caching one person's token for another.

A part worked out per organisation (the national view's figures for each force) can instead be
kept under that organisation's own version (:func:`cached_per_organisation`): every service
names the organisation whose data it changes as its event's organisation, so a write in one
force leaves the other forces' entries in use. Events naming none (the system chain: daily jobs
such as the roll-up of recommendation statuses, bulk loads) count towards every organisation.

Entries live ``TIMEOUT`` seconds at most, in the ``pages`` cache every worker shares (a folder
of the data folder, or Redis: settings ``CACHES``), apart from the sign-in counters.
``ASSURE_PAGE_CACHE=0`` turns this off (a page is then worked out on every request).
"""

import hashlib
import os
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from . import clock
from .audit_chain import SYSTEM_CHAIN, chain_key
from .models import AuditChainHead

TIMEOUT = 600  # seconds: bounds what a crashed or hand-edited database could leave stale
# Entries written by another release (templates or code changed) are never read: ``assure serve``
# sets ASSURE_RELEASE once for all its workers; elsewhere each process has its own.
RELEASE = os.environ.get("ASSURE_RELEASE") or uuid.uuid4().hex[:12]

# The version read once per GET request (several parts of one page share it), kept in a holder
# the request context middleware sets; a request that may write, or code outside a request,
# reads it afresh each time.
_version: ContextVar[list[int] | None] = ContextVar("assure_data_version", default=None)


def enabled() -> bool:
    return settings.ASSURE_PAGE_CACHE


def data_version() -> int:
    """The sum of every audit chain's length: one more for each audit event committed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(SUM(length), 0) FROM core_auditchainhead")
        return int(cursor.fetchone()[0])


def request_version() -> int:
    holder = _version.get()
    if holder is None:
        return data_version()
    if not holder:
        holder.append(data_version())
    return holder[0]


def start_request(method: str):
    """Read the version at most once in a GET or HEAD request; returns a reset token."""
    return _version.set([] if method in ("GET", "HEAD") else None)


def end_request(token) -> None:
    _version.reset(token)


def _digest(parts: tuple) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def key(name: str, parts: tuple) -> str:
    return f"page:{RELEASE}:{name}:{request_version()}:{clock.today().isoformat()}:{_digest(parts)}"


def cached[T](name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same ``name`` and ``parts`` at this data version
    and day. ``parts`` must name everything the value depends on besides the data and the day:
    the object shown, the filters, and whose view it is when that changes what is seen."""
    if not enabled():
        return compute()
    entry_key = key(name, parts)
    store = caches["pages"]
    value = store.get(entry_key)
    if value is None:
        value = compute()
        store.set(entry_key, value, TIMEOUT)
    return value


def fragment(
    name: str, parts: tuple, template: str, context: Callable[[], dict[str, Any]]
) -> SafeString:
    """A template rendered without the request, cached as :func:`cached` says (a SafeString
    stays one through the cache's pickling). ``context`` is called only when the fragment is not
    in the cache, so the queries behind it are skipped."""
    return cached(name, parts, lambda: render_to_string(template, context()))


def organisation_versions(ids) -> dict[int, int]:
    """Each organisation's version: the length of its own audit chain plus the system chain's,
    in one query over the chain heads."""
    wanted = {chain_key(i): i for i in ids}
    lengths = dict(
        AuditChainHead.objects.filter(chain__in=[*wanted, SYSTEM_CHAIN]).values_list(
            "chain", "length"
        )
    )
    system = lengths.get(SYSTEM_CHAIN, 0)
    return {i: lengths.get(chain, 0) + system for chain, i in wanted.items()}


def cached_per_organisation[T](
    name: str, parts: tuple, ids, compute: Callable[[list[int]], dict[int, T]]
) -> dict[int, T]:
    """A value per organisation in ``ids``, each kept under its organisation's version and the
    day: ``compute(missing)`` is called once with the organisations whose value is not cached
    and must return one for each of them. ``parts`` as :func:`cached` says."""
    ids = list(ids)
    if not enabled():
        return compute(ids)
    digest = _digest(parts)
    today = clock.today().isoformat()
    versions = organisation_versions(ids)
    keys = {i: f"page:{RELEASE}:{name}:org{i}:{versions[i]}:{today}:{digest}" for i in ids}
    store = caches["pages"]
    found = store.get_many(list(keys.values()))
    values = {i: found[k] for i, k in keys.items() if k in found}
    missing = [i for i in ids if i not in values]
    if missing:
        computed = compute(missing)
        store.set_many({keys[i]: computed[i] for i in missing}, TIMEOUT)
        values.update(computed)
    return values
