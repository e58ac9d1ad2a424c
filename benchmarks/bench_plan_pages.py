"""How long the plan matrix, "my work" and assignment selectors take as a plan grows.

Run: uv run python benchmarks/bench_plan_pages.py

Builds plans of increasing size in an in-memory SQLite database (the test settings) and times the
selectors behind the pages, printing rows, queries and best/median milliseconds. Figures, not
assertions: the query counts staying flat is what the test suite checks.
"""

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.config.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

setup_test_environment()
call_command("migrate", verbosity=0)

from assure.accounts.models import Role  # noqa: E402
from assure.accounts.tests.factories import person_with_role  # noqa: E402
from assure.plans import selectors  # noqa: E402
from assure.plans.models import Assignment  # noqa: E402
from assure.plans.tests.factories import plan_with_assignments  # noqa: E402

SIZES = [(8, 7, 5), (40, 10, 20), (100, 10, 50)]  # recommendations, districts, updates each
RUNS = 5


def timed(fn):
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000, len(captured)


def main():
    print(f"{'plan size':>32} | {'page':>12} | {'queries':>7} | {'best ms':>8} | {'median ms':>9}")
    for recs, districts, updates in SIZES:
        data = plan_with_assignments(recs, districts, updates)
        lead = person_with_role(
            Role.UNIT_LEAD, organisation=data.force, unit=data.force_units.districts[0]
        )
        assignment = data.assignments[0]
        label = f"{recs} recs x {districts} units, {len(data.assignments) * updates} updates"
        plan, published, pk = data.plan, data.inspection.published_on, assignment.pk
        pages = {
            "matrix": lambda plan=plan: selectors.plan_matrix(plan),
            "matrix as-at": lambda plan=plan, day=published: selectors.plan_matrix(plan, as_of=day),
            "my work": lambda lead=lead: selectors.my_work(lead),
            "assignment": lambda pk=pk: selectors.assignment_page(Assignment.objects.get(pk=pk)),
        }
        for name, fn in pages.items():
            best, median, queries = timed(fn)
            print(f"{label:>32} | {name:>12} | {queries:>7} | {best:>8.1f} | {median:>9.1f}")


if __name__ == "__main__":
    main()
