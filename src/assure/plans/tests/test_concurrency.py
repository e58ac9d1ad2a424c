"""Concurrent updates to one assignment never lose either.

Two people press "Add update" on the same assignment at the same moment. ``update_add`` locks
the assignment row while it numbers the update, so both land, numbered 1 and 2. This needs a
database with row locks and real concurrent connections: PostgreSQL.
"""

import threading

import pytest
from django.db import connection

from assure.accounts.models import User
from assure.inspections.tests.factories import InspectionFactory
from assure.plans import services
from assure.plans.models import Assignment, Rag
from assure.plans.tests.factories import ActionFactory, ActionPlanFactory, force_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL for row locks across connections (set DATABASE_URL)",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_two_people_updating_one_assignment_at_once_both_land_in_order():
    world = force_world(names=("Leeds",))
    plan = ActionPlanFactory(inspection=InspectionFactory(force=world.force))
    action = ActionFactory(plan=plan)
    assignment = services.assignment_create(
        actor=world.coordinator, action=action, unit=world.unit("LEE")
    )
    people = [world.leads["LEE"].pk, world.coordinator.pk]
    barrier = threading.Barrier(len(people), timeout=30)
    errors: list[BaseException] = []

    def add_update(user_id: int, narrative: str) -> None:
        try:
            actor = User.objects.get(pk=user_id)  # each thread its own objects and connection
            mine = Assignment.objects.get(pk=assignment.pk)
            barrier.wait()
            services.update_add(
                actor=actor,
                assignment=mine,
                narrative=narrative,
                rag=Rag.AMBER,
                percent_complete=30,
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=add_update, args=(user_id, f"Update from {user_id}"))
        for user_id in people
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assignment.refresh_from_db()
    assert assignment.update_count == 2
    updates = list(assignment.updates.all())
    assert sorted(u.sequence for u in updates) == [1, 2]
    assert {u.narrative for u in updates} == {f"Update from {user_id}" for user_id in people}
    assert {u.author_id for u in updates} == set(people)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_units_updating_one_recommendation_at_once_leave_its_tally_right(round_):
    """Leeds and Bradford mark their assignments of one recommendation "not adopted" at the same
    moment: both land, and the recommendation's national tally, which each write works out again,
    counts both (neither write computes it from a copy missing the other's)."""
    from assure.plans import national_sql
    from assure.plans.models import RecommendationTally

    world = force_world(names=("Leeds", "Bradford"))
    plan = ActionPlanFactory(inspection=InspectionFactory(force=world.force))
    action = ActionFactory(plan=plan)
    assignments = [
        services.assignment_create(actor=world.coordinator, action=action, unit=world.unit(code))
        for code in ("LEE", "BRA")
    ]
    barrier = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def not_adopted(user_id: int, assignment_id: int) -> None:
        try:
            actor = User.objects.get(pk=user_id)
            mine = Assignment.objects.get(pk=assignment_id)
            barrier.wait()
            services.update_add(
                actor=actor,
                assignment=mine,
                narrative="The regional process covers this.",
                rag=Rag.GREY,
                percent_complete=0,
                not_adopted_reason="The regional process covers this.",
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=not_adopted, args=(world.leads[code].pk, a.pk))
        for code, a in zip(("LEE", "BRA"), assignments, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    tally = RecommendationTally.objects.get(recommendation=action.recommendation)
    assert (tally.assignments, tally.unsettled, tally.live_inheriting) == (2, 0, 0)
    kept = sorted(RecommendationTally.objects.values_list())
    national_sql.refresh_all_tallies()
    assert sorted(RecommendationTally.objects.values_list()) == kept


@pytest.mark.django_db(transaction=True)
def test_a_tally_worked_out_twice_at_once_is_one_row_not_a_duplicate_key():
    """Two transactions refresh one recommendation's tally, the second while the first's new
    row is not yet committed (a writer outside any audit lock): the second waits and updates the
    row, where a delete-then-insert would fail on the duplicate key."""
    import time

    from django.db import transaction

    from assure.plans import national_sql
    from assure.plans.models import RecommendationTally
    from assure.plans.tests.factories import plan_with_assignments
    from assure.plans.tests.test_decision_races import race

    data = plan_with_assignments(n_recommendations=1, n_districts=2, n_updates=0)
    rec = data.recommendations[0].pk
    RecommendationTally.objects.all().delete()
    first_wrote = threading.Event()

    def first() -> None:
        with transaction.atomic():
            national_sql.refresh_tallies([rec])
            first_wrote.set()
            # Hold the uncommitted row until the second is waiting on it (or 10 s).
            with connection.cursor() as cursor:
                for _ in range(200):
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    )
                    if cursor.fetchone()[0]:
                        break
                    time.sleep(0.05)

    def second() -> None:
        first_wrote.wait(timeout=30)
        with transaction.atomic():
            national_sql.refresh_tallies([rec])

    _, errors = race(first, second)
    assert errors == []
    assert RecommendationTally.objects.filter(recommendation_id=rec).count() == 1
    assert RecommendationTally.objects.get(recommendation_id=rec).assignments == 2
