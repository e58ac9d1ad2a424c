"""Deadline phrases as inspectorates write them, and the due dates they resolve to."""

from datetime import date

import pytest

from assure.inspections.deadlines import (
    NO_DEADLINE,
    DeadlineRule,
    add_months,
    from_json,
    parse_deadline,
    resolve_due_on,
    to_json,
    words_to_int,
)

PUBLISHED = date(2015, 1, 13)


@pytest.mark.parametrize(
    "text",
    [
        "Immediately the force should review its policy.",
        "WYP immediately undertakes a review with relevant agencies.",
        "the force should immediately review all open cases",
        "With immediate effect, the force should stop the practice.",
        "The force should, as a matter of urgency, appoint a lead.",
        "The force should forthwith publish its plan.",
    ],
)
def test_immediately(text):
    assert parse_deadline(text) == DeadlineRule("immediately")


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("Within three months WYP should take steps", 3, "months"),
        ("Within six months the force should", 6, "months"),
        ("within 12 weeks the force should", 12, "weeks"),
        ("within twelve weeks", 12, "weeks"),
        ("Within one month, the force should", 1, "months"),
        ("within a month", 1, "months"),
        ("within twenty-four months", 24, "months"),
        ("within twenty four weeks", 24, "weeks"),
        ("within eighteen months", 18, "months"),
        ("within 6 months", 6, "months"),
        ("within six (6) months", 6, "months"),
        ("within 6-months", 6, "months"),
        ("within the next three months", 3, "months"),
        ("in the next six months", 6, "months"),
        (
            "To address this cause of concern the force should, within six months, review",
            6,
            "months",
        ),
        ("within two years", 24, "months"),
        ("within 28 days", 4, "weeks"),
        ("WITHIN THREE MONTHS", 3, "months"),
    ],
)
def test_within(text, amount, unit):
    assert parse_deadline(text) == DeadlineRule("within", amount, unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By 31 March 2015 the force should", date(2015, 3, 31)),
        ("by 31st March 2015", date(2015, 3, 31)),
        ("Not later than 31 March 2015, the force should", date(2015, 3, 31)),
        ("no later than 1st of April 2016", date(2016, 4, 1)),
        ("before 30 Sept 2016", date(2016, 9, 30)),
        ("by March 31, 2015", date(2015, 3, 31)),
        ("by the end of March 2015", date(2015, 3, 31)),
        ("by February 2016", date(2016, 2, 29)),
        ("by 31/03/2015", date(2015, 3, 31)),
        ("by 2015-03-31", date(2015, 3, 31)),
    ],
)
def test_by_date(text, expected):
    assert parse_deadline(text) == DeadlineRule("by_date", date=expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Take steps to reduce delays with regards to the high tech unit.",
        "Identify and review all cases that have taken more than three months to investigate.",
        "submitted to the National Team within the required time frame",
        "Children at immediate risk are seen quickly.",
        "by 31 February 2015",
        "within 10 days",
        "by 31 March",
    ],
)
def test_none(text):
    assert parse_deadline(text) == NO_DEADLINE


def test_earliest_phrase_wins():
    text = "Within three months the force should ensure officers immediately notify partners."
    assert parse_deadline(text) == DeadlineRule("within", 3, "months")


@pytest.mark.parametrize(
    ("word", "value"),
    [("three", 3), ("six", 6), ("12", 12), ("twelve", 12), ("twenty-four", 24), ("an", 1)],
)
def test_words_to_int(word, value):
    assert words_to_int(word) == value


def test_words_to_int_rejects_non_numbers():
    assert words_to_int("several") is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2015, 1, 13), 3, date(2015, 4, 13)),
        (date(2015, 1, 31), 1, date(2015, 2, 28)),
        (date(2016, 1, 31), 1, date(2016, 2, 29)),
        (date(2015, 8, 31), 1, date(2015, 9, 30)),
        (date(2015, 11, 30), 3, date(2016, 2, 29)),
        (date(2015, 12, 15), 1, date(2016, 1, 15)),
        (date(2015, 3, 31), -1, date(2015, 2, 28)),
        (date(2015, 1, 13), 0, date(2015, 1, 13)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (DeadlineRule("immediately"), date(2015, 1, 13)),
        (DeadlineRule("within", 3, "months"), date(2015, 4, 13)),
        (DeadlineRule("within", 12, "weeks"), date(2015, 4, 7)),
        (DeadlineRule("by_date", date=date(2015, 3, 31)), date(2015, 3, 31)),
        (NO_DEADLINE, None),
    ],
)
def test_resolve_with_publication_date(rule, expected):
    assert resolve_due_on(rule, PUBLISHED) == expected


def test_resolve_month_end_clamp():
    assert resolve_due_on(DeadlineRule("within", 1, "months"), date(2015, 1, 31)) == date(
        2015, 2, 28
    )


@pytest.mark.parametrize(
    "rule",
    [DeadlineRule("immediately"), DeadlineRule("within", 3, "months"), NO_DEADLINE],
)
def test_without_publication_date_only_by_date_resolves(rule):
    assert resolve_due_on(rule, None) is None


def test_by_date_resolves_without_publication_date():
    rule = DeadlineRule("by_date", date=date(2015, 3, 31))
    assert resolve_due_on(rule, None) == date(2015, 3, 31)


@pytest.mark.parametrize(
    "rule",
    [
        DeadlineRule("immediately", inherited=True),
        DeadlineRule("within", 6, "weeks"),
        DeadlineRule("by_date", date=date(2015, 3, 31)),
        NO_DEADLINE,
    ],
)
def test_json_round_trip(rule):
    assert from_json(to_json(rule)) == rule
    assert DeadlineRule.from_json(rule.to_json()) == rule


def test_json_shape():
    assert DeadlineRule("within", 3, "months").to_json() == {
        "rule": "within",
        "amount": 3,
        "unit": "months",
        "date": None,
        "inherited": False,
    }


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rule": "soon"},
        {"rule": "within"},
        {"rule": "within", "amount": 3, "unit": "days"},
        {"rule": "immediately", "amount": 3},
        {"rule": "by_date"},
        {"rule": "none", "date": date(2015, 1, 1)},
    ],
)
def test_invalid_rules_are_rejected(kwargs):
    with pytest.raises(ValueError, match="deadline"):
        DeadlineRule(**kwargs)


def test_describe():
    assert DeadlineRule("within", 1, "months").describe() == "within 1 month"
    assert DeadlineRule("immediately", inherited=True).describe() == "immediately (inherited)"
    assert DeadlineRule("by_date", date=date(2015, 3, 1)).describe() == "by 1 March 2015"
    assert NO_DEADLINE.describe() == "no deadline stated"
