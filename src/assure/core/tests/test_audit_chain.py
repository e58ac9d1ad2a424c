"""The audit trail is tamper-evident: a row changed, removed or inserted behind the application's
back (raw SQL, bypassing the append-only manager) is found by ``assure audit verify``."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assure.core import audit, audit_chain
from assure.core.models import AuditChainHead, AuditEvent
from assure.core.tests.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


def trail(organisation=None, n=5):
    return [
        audit.record(
            actor=audit.SystemActor("test"),
            event=f"test.thing.step{i}",
            organisation=organisation,
            changes={"step": [i - 1, i], "note": "café"},
        )
        for i in range(1, n + 1)
    ]


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify_command(*args) -> str:
    out = io.StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def test_each_organisation_has_its_own_chain_and_an_intact_trail_verifies():
    west, north = OrganisationFactory(), OrganisationFactory()
    west_events = trail(west, 3)
    trail(north, 2)
    trail(None, 2)
    assert [e.sequence for e in west_events] == [1, 2, 3]
    assert west_events[0].previous_hash == ""
    assert west_events[1].previous_hash == west_events[0].hash
    result = audit_chain.verify()
    assert (result.ok, result.events, result.chains) == (True, 7, 3)
    assert verify_command().startswith("ok: 7 events in 3 chains")
    assert verify_command("--organisation", north.slug).startswith("ok: 2 events in 1 chain")


def test_the_stored_hash_is_sha256_of_sorted_keys_json_and_reads_back_the_same():
    [event] = trail(OrganisationFactory(), 1)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.hash == event.hash == audit_chain.event_hash(audit_chain.fields_of(stored))
    assert b'"event":"test.thing.step1"' in audit_chain.canonical(audit_chain.fields_of(stored))


def test_a_row_changed_with_raw_sql_is_found():
    events = trail(OrganisationFactory())
    raw(f"UPDATE {TABLE} SET actor_label = %s WHERE id = %s", ["someone else", events[2].pk])  # noqa: S608
    broken = audit_chain.verify().broken
    assert broken.event_id == events[2].pk
    assert "contents do not match its hash" in broken.reason


def test_a_changed_row_whose_hash_was_recomputed_breaks_the_next_link():
    events = trail(OrganisationFactory())
    forged = audit_chain.fields_of(AuditEvent.objects.get(pk=events[1].pk))
    forged["changes"] = {"step": [0, 99]}
    raw(
        f"UPDATE {TABLE} SET changes = %s, hash = %s WHERE id = %s",  # noqa: S608
        [audit.json_dumps(forged["changes"]), audit_chain.event_hash(forged), events[1].pk],
    )
    broken = audit_chain.verify().broken
    assert broken.event_id == events[2].pk
    assert "link to the previous event" in broken.reason


def test_a_deleted_row_is_found():
    events = trail(OrganisationFactory())
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [events[1].pk])  # noqa: S608
    broken = audit_chain.verify().broken
    assert broken.event_id == events[2].pk
    assert "1 event before it is missing" in broken.reason


def test_deleting_the_newest_rows_is_found_by_the_head():
    events = trail(OrganisationFactory())
    raw(f"DELETE FROM {TABLE} WHERE id >= %s", [events[3].pk])  # noqa: S608
    broken = audit_chain.verify().broken
    assert "newest events were removed" in broken.reason


def test_an_inserted_row_is_found():
    organisation = OrganisationFactory()
    events = trail(organisation)
    copy = AuditEvent.objects.get(pk=events[2].pk)
    raw(
        f"INSERT INTO {TABLE} (occurred_at, actor_label, event, organisation_id, target_type, "  # noqa: S608
        "target_id, target_label, changes, request_id, sequence, previous_hash, hash) "
        "VALUES (%s, %s, %s, %s, '', '', '', %s, '', %s, %s, %s)",
        [
            copy.occurred_at,
            copy.actor_label,
            "test.thing.forged",
            organisation.pk,
            "{}",
            copy.sequence,
            copy.previous_hash,
            copy.hash,
        ],
    )
    broken = audit_chain.verify().broken
    assert "inserted" in broken.reason


def test_the_command_names_the_first_break_and_exits_1():
    organisation = OrganisationFactory()
    trail(OrganisationFactory(), 2)
    events = trail(organisation)
    raw(f"UPDATE {TABLE} SET event = 'test.rewritten' WHERE id = %s", [events[3].pk])  # noqa: S608
    with pytest.raises(CommandError) as caught:
        verify_command("--organisation", organisation.slug)
    assert caught.value.returncode == 1
    assert f"event {events[3].pk}" in str(caught.value)
    assert organisation.name in str(caught.value)
    with pytest.raises(CommandError, match="no organisation has the slug"):
        verify_command("--organisation", "nowhere")


def test_events_recorded_by_a_service_still_count_for_it():
    from assure.core.service import service

    @service
    def thing_do(*, actor):
        audit.record(actor=actor, event="test.thing.done")

    thing_do(actor=audit.SystemActor("test"))
    assert AuditChainHead.objects.get(chain="system").length == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_events_written_before_it_in_order():
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0001_initial")])
    organisation = OrganisationFactory()
    for i, org_id in enumerate([organisation.pk, None, organisation.pk, organisation.pk]):
        raw(
            "INSERT INTO core_auditevent (occurred_at, actor_label, event, organisation_id, "
            "target_type, target_id, target_label, changes, request_id) "
            "VALUES (%s, 'system: old', %s, %s, '', '', '', '{}', '')",
            ["2015-01-13 10:00:00", f"old.event.{i}", org_id],
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    result = audit_chain.verify()
    assert (result.ok, result.events, result.chains) == (True, 4, 2)
    ours = AuditEvent.objects.filter(organisation=organisation).order_by("sequence")
    assert [e.event for e in ours] == ["old.event.0", "old.event.2", "old.event.3"]
    trail(organisation, 1)  # new events continue the filled chain
    assert audit_chain.verify().ok
