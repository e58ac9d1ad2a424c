"""The main pages' heavy queries are served by indexes on PostgreSQL (EXPLAIN), not by scanning
every update or closure. Sequential scans are switched off so that the planner shows whether an
index *can* serve the query: on a test-sized table it would rightly prefer a scan."""

import datetime

import pytest
from django.db import connection

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.plans import selectors, standing_sql
from assure.plans.models import Assignment
from assure.plans.tests.factories import ClosureFactory, plan_with_assignments

pytestmark = [pytest.mark.django_db]


def explain(sql: str, params) -> str:
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL (set DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_matrix_today_reads_no_update_and_each_pending_closure_through_an_index():
    """Today's standings read the assignment's kept latest RAG: the updates table is not in the
    plan at all."""
    data = plan_with_assignments(n_recommendations=3, n_districts=3, n_updates=3)
    ClosureFactory(assignment=data.assignments[0])
    sql, params = standing_sql.derived(
        Assignment.objects.filter(action__plan=data.plan), datetime.date(2015, 12, 21)
    )
    plan = explain(f"SELECT t.code, COUNT(*) FROM ({sql}) t GROUP BY t.code", params)  # noqa: S608
    assert "plans_update" not in plan, plan
    assert "update_latest" not in plan, plan
    assert "Seq Scan on plans_closure" not in plan, plan


def test_the_matrix_as_at_a_past_day_reads_each_latest_update_through_an_index():
    data = plan_with_assignments(n_recommendations=3, n_districts=3, n_updates=3)
    ClosureFactory(assignment=data.assignments[0])
    sql, params = standing_sql.derived(
        Assignment.objects.filter(action__plan=data.plan),
        datetime.date(2015, 6, 30),
        as_of=datetime.date(2015, 6, 30),
    )
    plan = explain(f"SELECT t.code, COUNT(*) FROM ({sql}) t GROUP BY t.code", params)  # noqa: S608
    assert "using update_latest" in plan or "using plans_updat_assignm" in plan, plan
    assert "Seq Scan on plans_update" not in plan, plan
    assert "Seq Scan on plans_closure" not in plan, plan


def test_closures_to_decide_come_oldest_first_from_the_pending_index():
    data = plan_with_assignments(n_recommendations=2, n_districts=2, n_updates=1)
    ClosureFactory(assignment=data.assignments[0])
    approver = person_with_role(Role.APPROVER, organisation=data.force)
    page = selectors.approvals_for(approver)
    sql, params = page.paginator.object_list.query.sql_with_params()
    plan = explain(sql, params)
    assert "Index" in plan, plan


def test_one_recommendations_actions_are_read_through_their_index():
    data = plan_with_assignments(n_recommendations=2, n_districts=2, n_updates=1)
    from assure.plans.models import Action

    qs = Action.objects.filter(recommendation=data.recommendations[0]).order_by("position", "id")
    sql, params = qs.query.sql_with_params()
    plan = explain(sql, params)
    assert "action_rec_position" in plan or "plans_action_recommendation" in plan, plan


def test_the_national_figures_read_each_tally_by_its_key_and_no_assignment():
    """The national view's grouped figures read one kept tally per recommendation, through its
    primary key: neither assignments nor updates are in the plan."""
    from assure.inspections.models import Recommendation
    from assure.plans import national_sql

    data = plan_with_assignments(n_recommendations=3, n_districts=3, n_updates=2)
    recommendations = Recommendation.objects.filter(inspection__force=data.force)
    sql, params = national_sql.tally_states(recommendations, datetime.date(2015, 12, 21))
    plan = explain(f"SELECT r.state, COUNT(*) FROM ({sql}) r GROUP BY r.state", params)  # noqa: S608
    assert "plans_recommendationtally_pkey" in plan, plan
    assert "plans_assignment" not in plan, plan
    assert "plans_update" not in plan, plan
