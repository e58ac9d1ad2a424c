"""The SQL CASE that pages group by says what ``status.standing`` says, for any assignment."""

import datetime

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from assure.plans import standing_sql, status
from assure.plans.models import Assignment
from assure.plans.selectors import assignment_rows
from assure.plans.tests.factories import ClosureFactory, plan_with_assignments

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2015, 6, 30)
days = st.one_of(st.none(), st.dates(datetime.date(2015, 1, 1), datetime.date(2015, 12, 31)))
facts = st.builds(
    status.AssignmentFacts,
    due_on=days,
    completed_on=days,
    closure_approved_on=days,
    demonstration_until=days,
    closure_proposed=st.booleans(),
    last_rag=st.sampled_from([None, "red", "amber", "green", "grey"]),
    last_percent=st.just(50),
    last_update_on=st.just(None),
)


def sql_code(f: status.AssignmentFacts, today: datetime.date) -> str:
    date = "CAST(%s AS DATE)" if connection.vendor == "postgresql" else "%s"
    boolean = "CAST(%s AS BOOLEAN)" if connection.vendor == "postgresql" else "%s"
    adapt = connection.ops.adapt_datefield_value
    inner = (
        f"SELECT {date} AS due_on, {date} AS completed_on, {date} AS closure_approved_on, "
        f"{date} AS demonstration_until, {boolean} AS closure_pending, "
        "CAST(%s AS VARCHAR(10)) AS last_rag"
    )
    params = [
        adapt(f.due_on),
        adapt(f.completed_on),
        adapt(f.closure_approved_on),
        adapt(f.demonstration_until),
        f.closure_proposed,
        f.last_rag,
    ]
    case = standing_sql.CASE_SQL.replace("%(today)s", "%s")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {case} FROM ({inner}) s",  # noqa: S608
            [adapt(today)] * case.count("%s") + params,
        )
        return cursor.fetchone()[0]


@settings(max_examples=300, deadline=None)
@given(facts)
def test_the_sql_standing_is_the_python_standing(f):
    expected = status.standing(f, TODAY)
    code = standing_sql.CODES[sql_code(f, TODAY)]
    assert (code.rag, code.label, code.complete) == (
        expected.rag,
        expected.label,
        expected.complete,
    )


def test_grouped_rows_agree_with_each_assignment_read_in_python():
    data = plan_with_assignments(n_recommendations=4, n_districts=3, n_updates=2)
    ClosureFactory(assignment=data.assignments[0])
    Assignment.objects.filter(pk=data.assignments[1].pk).update(
        closure_state="complete", completed_on=datetime.date(2015, 5, 1)
    )
    queryset = Assignment.objects.filter(action__plan=data.plan)
    for day in (datetime.date(2015, 3, 20), datetime.date(2015, 12, 21)):
        python = {
            r.assignment.pk: status.standing(r.facts, day)
            for r in assignment_rows(queryset, as_of=day)
        }
        for a_id, code, n, _ in standing_sql.grouped(queryset, day, ("a_id",), as_of=day):
            assert n == 1
            info = standing_sql.CODES[code]
            assert (info.rag, info.label) == (python[a_id].rag, python[a_id].label)
