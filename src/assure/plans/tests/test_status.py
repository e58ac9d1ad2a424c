"""Where an assignment stands on a day (assure.plans.status): pure rules, no database."""

import datetime

import pytest

from assure.inspections.models import RecommendationStatus
from assure.plans.status import (
    SEVERITY,
    AssignmentFacts,
    Standing,
    rolled_up_status,
    standing,
    worst,
)

D = datetime.date
DUE = D(2015, 3, 31)
BEFORE_DUE = D(2015, 3, 20)
AFTER_DUE = D(2015, 4, 1)


def facts(**changes) -> AssignmentFacts:
    """An open assignment due 31 March 2015 whose last update (10 March) said green, 60%."""
    base = AssignmentFacts(
        due_on=DUE,
        completed_on=None,
        closure_approved_on=None,
        demonstration_until=None,
        closure_proposed=False,
        last_rag="green",
        last_percent=60,
        last_update_on=D(2015, 3, 10),
    )
    return base._replace(**changes)


# Overdue ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("last_rag", ["green", "amber", "red"])
def test_past_its_due_date_and_not_complete_is_overdue_whatever_was_last_said(last_rag):
    result = standing(facts(last_rag=last_rag), AFTER_DUE)
    assert (result.rag, result.label, result.complete) == ("red", "Overdue", False)
    assert "31 March 2015" in result.reason
    assert f"said {last_rag}" in result.reason
    assert "10 March 2015" in result.reason


def test_overdue_with_no_update_says_so():
    result = standing(facts(last_rag=None, last_percent=None, last_update_on=None), AFTER_DUE)
    assert result.label == "Overdue"
    assert "No update has been given" in result.reason


def test_due_today_is_not_yet_overdue():
    assert standing(facts(), DUE).label == "Green"
    assert standing(facts(), DUE + datetime.timedelta(days=1)).label == "Overdue"


def test_a_pending_closure_past_the_due_date_is_still_overdue():
    assert standing(facts(closure_proposed=True), AFTER_DUE).label == "Overdue"


def test_no_due_date_is_never_overdue():
    assert standing(facts(due_on=None), D(2030, 1, 1)).label == "Green"


# Complete and demonstrating --------------------------------------------------------------------


def test_complete_is_green_even_after_the_due_date():
    done = facts(completed_on=D(2015, 4, 10), closure_approved_on=D(2015, 4, 10), last_rag="red")
    result = standing(done, D(2015, 5, 1))
    assert (result.rag, result.label, result.complete) == ("green", "Complete", True)
    assert "10 April 2015" in result.reason


def demonstrating():
    return facts(
        closure_approved_on=D(2015, 3, 15),
        demonstration_until=D(2015, 6, 15),
        completed_on=D(2015, 6, 15),
    )


def test_during_a_demonstration_period_it_is_not_yet_complete():
    result = standing(demonstrating(), BEFORE_DUE)
    assert (result.rag, result.label, result.complete) == ("green", "Demonstrating", False)
    assert "15 June 2015" in result.reason


def test_a_demonstration_running_past_the_due_date_is_amber():
    result = standing(demonstrating(), AFTER_DUE)
    assert (result.rag, result.label, result.complete) == ("amber", "Demonstrating", False)


def test_once_the_demonstration_period_ends_it_is_complete():
    result = standing(demonstrating(), D(2015, 6, 15))
    assert (result.label, result.complete) == ("Complete", True)


def test_as_at_a_day_before_approval_it_was_not_yet_demonstrating():
    result = standing(demonstrating(), D(2015, 3, 14))
    assert result.label == "Green"


# Other standings -------------------------------------------------------------------------------


def test_not_adopted_shows_grey_with_the_reason():
    result = standing(facts(last_rag="grey", not_adopted_reason="Covered by the MASH"), BEFORE_DUE)
    assert (result.rag, result.label, result.reason) == (
        "grey",
        "Not adopted",
        "Covered by the MASH",
    )
    assert result.complete is False


def test_not_adopted_is_not_reported_overdue():
    # A decision not to adopt stands on its own reason; the due date no longer applies.
    result = standing(facts(last_rag="grey", not_adopted_reason="Superseded"), AFTER_DUE)
    assert result.label == "Not adopted"


def test_no_update_yet():
    result = standing(facts(last_rag=None, last_percent=None, last_update_on=None), BEFORE_DUE)
    assert (result.rag, result.label) == ("none", "No update")


def test_closure_proposed_keeps_the_last_rag_while_the_approver_decides():
    result = standing(facts(closure_proposed=True, last_rag="amber"), BEFORE_DUE)
    assert (result.rag, result.label) == ("amber", "Closure proposed")
    assert "approver" in result.reason


@pytest.mark.parametrize(("rag", "label"), [("green", "Green"), ("amber", "Amber"), ("red", "Red")])
def test_otherwise_it_is_what_the_last_update_said(rag, label):
    result = standing(facts(last_rag=rag, last_percent=45), BEFORE_DUE)
    assert (result.rag, result.label) == (rag, label)
    assert result.reason == "Reported 45% complete on 10 March 2015."


# Combining standings ---------------------------------------------------------------------------


def s(rag, complete=False):
    return Standing(rag, rag.title(), "", complete)


def test_worst_picks_red_then_amber_then_no_update_then_grey_then_green():
    assert SEVERITY == ["red", "amber", "none", "grey", "green"]
    assert worst([s("green"), s("amber"), s("red"), s("grey")]).rag == "red"
    assert worst([s("green"), s("none"), s("amber")]).rag == "amber"
    assert worst([s("green"), s("grey"), s("none")]).rag == "none"
    assert worst([s("green"), s("grey")]).rag == "grey"
    assert worst([s("green")]).rag == "green"
    assert worst([]) is None


def test_rolled_up_status():
    done = s("green", complete=True)
    assert rolled_up_status([]) == RecommendationStatus.AWAITING_REVIEW
    assert rolled_up_status([done, done]) == RecommendationStatus.COMPLETE
    assert rolled_up_status([done, s("grey")]) == RecommendationStatus.COMPLETE
    assert rolled_up_status([done, s("green")]) == RecommendationStatus.BEING_PROGRESSED
    assert rolled_up_status([s("none")]) == RecommendationStatus.BEING_PROGRESSED
    # Nothing adopted anywhere is not "complete": a person decides what happens next.
    assert rolled_up_status([s("grey"), s("grey")]) == RecommendationStatus.BEING_PROGRESSED
