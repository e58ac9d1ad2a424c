"""Two transactions appending to one organisation's audit chain at the same moment never fork it.

``audit_chain.append`` locks the chain's head row, so the second writer waits for the first to
commit and links to its event. This needs row locks across real connections: PostgreSQL.
"""

import threading

import pytest
from django.db import connection, transaction

from assure.core import audit, audit_chain
from assure.core.models import AuditEvent
from assure.core.tests.organisations import OrganisationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL for row locks across connections (set DATABASE_URL)",
    ),
]

WRITERS = 2
EVENTS_EACH = 10


def append_concurrently(organisation_id) -> list[BaseException]:
    barrier = threading.Barrier(WRITERS, timeout=30)
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            for i in range(EVENTS_EACH):
                with transaction.atomic():
                    if i == 0:
                        barrier.wait()
                    audit.record(
                        actor=audit.SystemActor(f"writer {writer}"),
                        event="test.thing.done",
                        organisation_id=organisation_id,
                        changes={"i": i},
                    )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_use", [True, False], ids=["new chain", "existing chain"])
def test_two_writers_on_one_chain_at_once_leave_one_unbroken_chain(first_use):
    organisation = OrganisationFactory()
    if not first_use:
        audit.record(
            actor=audit.SystemActor("setup"), event="test.setup", organisation=organisation
        )
    errors = append_concurrently(organisation.pk)
    assert errors == []
    events = AuditEvent.objects.filter(organisation=organisation)
    expected = WRITERS * EVENTS_EACH + (0 if first_use else 1)
    assert sorted(events.values_list("sequence", flat=True)) == list(range(1, expected + 1))
    result = audit_chain.verify(organisation_ids=[organisation.pk])
    assert result.ok, result.broken
    assert result.events == expected
