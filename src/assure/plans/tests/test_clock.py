"""The action plan's six-week clock, in words (moved here from the inspection page's tests)."""

import datetime

import pytest

from assure.plans.clock import plan_clock_text

D = datetime.date


@pytest.mark.parametrize(
    ("published", "today", "expected"),
    [
        (D(2015, 1, 13), D(2015, 2, 12), "Due 24 February 2015 — 12 days left"),
        (D(2015, 1, 13), D(2015, 2, 23), "Due 24 February 2015 — 1 day left"),
        (D(2015, 1, 13), D(2015, 2, 24), "Due today, 24 February 2015"),
        (D(2015, 1, 13), D(2015, 2, 27), "Overdue by 3 days (it was due 24 February 2015)"),
        (D(2015, 1, 13), D(2015, 2, 25), "Overdue by 1 day (it was due 24 February 2015)"),
        (None, D(2015, 2, 12), "Due date not known until the report is published"),
    ],
)
def test_plan_clock_counts_six_weeks_from_publication(published, today, expected):
    assert plan_clock_text(published, today) == expected


def test_plan_clock_stops_once_the_plan_is_submitted():
    assert plan_clock_text(D(2015, 1, 13), D(2015, 6, 1), submitted=True) == (
        "Submitted (it was due 24 February 2015)"
    )
