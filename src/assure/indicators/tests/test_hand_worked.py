"""Every indicator of the data contract on a small data set worked out by hand.

Force units: Leeds (LDS), Kirklees (KIR), Bradford (BRD, no records: every denominator 0).
Period 2014-01-01 to 2014-12-31; AS_OF 2015-05-31, a month end, so "AS_OF minus three months"
is 2015-02-28. Times without an offset are Europe/London; the October 2014 change was on
Sunday 26th (01:00-01:59 happened twice: read as the earlier, BST), the March 2014 one on
Sunday 30th (01:00-01:59 did not exist).
"""

from datetime import date

import pytest

from assure.indicators import engine
from assure.indicators.importer import import_cases

from .conftest import write

MISSING = """
episode_ref,person_ref,unit,reported_at,age,risk,first_attended_at,first_reviewed_at
M1,P1,leeds,2014-06-01T10:00,12,high,2014-06-01T11:00,
M2,P2,LDS,2014-06-01T10:00,17,high,2014-06-01T11:01,
M3,P3,Kirklees,2014-10-26T00:50,15,high,2014-10-26T01:40,
M4,P4,kir,2014-03-30T00:30,16,high,2014-03-30T02:20,
M5,P5,Leeds,2014-06-01T10:00,18,high,,
M6,P6,LEEDS,2014-07-01T10:00+01:00,10,high,2014-07-01T09:30Z,
M7,P7,Leeds,2013-12-31T23:30,14,high,,
M8,P8,Leeds,2015-01-01T00:30+01:00,14,high,,
L1,P1,lEeDs,2014-05-01T10:00,17,low,,2014-05-04T10:00
L2,P9,Leeds,2014-05-01 10:00:00,9,no_apparent_risk,2014-05-01T12:00,2014-05-04T10:01
L3,P10,Kirklees,2014-10-24T12:00,13,Low,,2014-10-27T11:30
L4,P11,Kirklees,2014-10-24T12:00,18,low,,
L5,P12,Kirklees,2014-10-24T12:00,11,medium,,
L6,P13,Kirklees,2014-03-28T12:00,12,low,2014-03-28T13:00,2014-03-31T12:30
L7,P14,Kirklees,2014-08-01T09:00,5,no_apparent_risk,2014-08-01T09:10,
"""
# High risk, children, reported in 2014 (by London date):
#   Leeds:    M1 attended after exactly 60 min (counts), M2 after 61 min (does not), M6 10:00 BST
#             and 09:30Z = 10:30 BST, 30 min (counts), M8 00:30+01:00 = 23:30Z on 31 Dec 2014,
#             so in the period, never attended. M5 is 18 (not a child); M7 is in 2013.
#             2 of 4 = 50.0
#   Kirklees: M3 00:50 BST to 01:40 on 26 Oct, the earlier (BST) 01:40: 50 min (counts);
#             M4 00:30 GMT to 02:20 BST on 30 Mar: 110 min on the clock, 50 min in fact
#             (counts). 2 of 2 = 100.0
#   ALL: 4 of 6 = 66.7
# Lower risk (low, no_apparent_risk), children, in 2014:
#   Leeds:    L1 (never attended; reviewed after exactly 72 h: not over), L2 (attended;
#             reviewed after 72 h 1 min: over). Not attended 1 of 2 = 50.0; over 72 h 1/2 = 50.0
#   Kirklees: L3 ("Low"; never attended; 12:00 BST Fri to 11:30 GMT Mon = 72.5 h, over,
#             though the clock shows 71.5 h), L6 (attended; 12:00 GMT Fri to 12:30 BST Mon =
#             71.5 h, not over, though the clock shows 72.5 h), L7 (attended; never reviewed:
#             over). L4 is 18, L5 medium. Not attended 1 of 3 = 33.3; over 72 h 2 of 3 = 66.7
#   ALL: not attended 2 of 5 = 40.0; over 72 h 3 of 5 = 60.0

INVESTIGATIONS = """
investigation_ref,unit,category,opened_at,closed_at,last_supervised_at
I1,Leeds,child_abuse,2015-02-27T10:00,,2015-05-03T10:00
I2,Leeds,cse,2015-02-28T09:00,,2015-05-02T23:30+00:00
I3,Leeds,online_cse,2014-12-01T10:00,2015-05-31T23:00,
I4,Leeds,child_abuse,2014-11-01T10:00,2015-06-01T00:30,
I5,Kirklees,other,2014-01-01T10:00,,
I6,Kirklees,child_abuse,2015-06-01T10:00,,
I7,Kirklees,cse,2015-01-10T10:00,,2015-05-02T12:00
"""
# Open at the end of 31 May 2015, categories child_abuse/cse/online_cse:
#   Leeds I1, I2, I4 (I3 closed on AS_OF itself; I4 closes 1 June); Kirklees I7 (I5 is
#   "other", I6 opened after AS_OF).
# Opened before 28 Feb 2015 (31 May minus three months, clamped to the month end):
#   Leeds I1 (27 Feb) and I4, not I2 (exactly three months): 2; Kirklees I7: 1; ALL 3.
# Not supervised in 28 days: I1 supervised 3 May, 28 days before: not over; I2 23:30Z on
#   2 May = 00:30 BST on 3 May: 28 days, not over; I4 never: over. Leeds 1 of 3 = 33.3.
#   I7 2 May, 29 days: over. Kirklees 1 of 1 = 100.0. ALL 2 of 4 = 50.0.

CUSTODY = """
detention_ref,unit,age,arrived_at,released_at,charged_at,bail_refused,transferred_at
C1,Leeds,17,2014-04-01T20:00,2014-04-02T08:00,2014-04-01T22:00,yes,
C2,Leeds,16,2014-04-01T20:00,2014-04-01T23:00,2014-04-01T22:00,TRUE,2014-04-01T23:00
C3,Leeds,18,2014-04-01T20:00,2014-04-02T08:00,2014-04-01T22:00,true,
C4,Kirklees,15,2014-06-10T23:30:00+00:00,2014-06-11T09:00,,,
C5,Kirklees,12,2014-12-30T18:00,,2014-12-30T19:00,0,
C6,Kirklees,14,2013-12-31T22:00,2014-01-01T09:00,2013-12-31T23:00,true,
"""
# Children arriving in 2014: Leeds C1, C2 (C3 is 18); Kirklees C4, C5 (C6 arrived in 2013).
# Held after charge (charged, bail refused, not transferred): Leeds C1 = 1; Kirklees 0; ALL 1.
# Transferred, of those charged with bail refused: Leeds C2 of C1, C2 = 50.0; Kirklees none
#   charged with bail refused: null (denominator 0); ALL 1 of 2 = 50.0.
# Overnight: C1 (1 to 2 April) yes; C2 no; C4 arrives 23:30Z = 00:30 BST on 11 June and leaves
#   that morning: no, though the UTC dates differ; C5 never released, so AS_OF: yes.
#   Leeds 1, Kirklees 1, ALL 2.

OFFENDERS = """
offender_ref,unit,officer_ref,risk,registered_from,registered_until,next_visit_due
O1,Leeds,OFF-A,high,2010-01-01,,2015-05-30
O2,Leeds,OFF-A,medium,2015-05-31,,2015-05-31
O3,Leeds,OFF-B,low,2012-01-01,2015-05-31,
O4,Leeds,OFF-B,low,2012-01-01,2015-06-01,
O5,Kirklees,OFF-A,very_high,2011-01-01,,2015-01-01
O6,Kirklees,OFF-C,medium,2015-06-01,,
"""
# Registered at 31 May 2015: O1, O2 (from AS_OF itself), O4 (until 1 June); not O3 (until
#   AS_OF), not O6 (from 1 June). Leeds 3 offenders, officers A and B: 1.5. Kirklees O5, one
#   officer: 1.0. ALL 4 offenders, officers A and B (A works in both): 2.0 -- not the mean of
#   the units (1.25). Visits overdue (due before AS_OF): O1 and O5 (O2 is due on AS_OF):
#   Leeds 1, Kirklees 1, ALL 2.

EXHIBITS = """
exhibit_ref,unit,case_ref,submitted_at,started_at
F1,Leeds,K/1,2015-05-01T10:00,
F2,Leeds,K/2,2015-05-21T10:00,2015-06-01T09:00
F3,Leeds,K/3,2015-04-01T10:00,2015-05-31T18:00
F4,Leeds,K/4,2015-06-01T00:30+01:00,
F5,Kirklees,K/5,2015-05-31T23:59,
F6,Kirklees,K/6,2015-03-02T10:00,
F7,Kirklees,K/7,2015-05-16T10:00,
"""
# Awaiting at the end of 31 May 2015 (submitted by then, not started by then):
#   Leeds F1 (30 days), F2 (started 1 June; 10 days); not F3 (started on AS_OF), not F4
#   (00:30 BST on 1 June, though 23:30Z on 31 May). 2 awaiting, median (10 + 30) / 2 = 20.0
#   Kirklees F5 (0 days), F6 (29 + 30 + 31 = 90), F7 (15). 3 awaiting, median 15.0
#   ALL 0, 10, 15, 30, 90: 5 awaiting, median 15.0 (the mean of the unit medians is 17.5)

AUDITS = """
audit_ref,case_ref,unit,audited_on,auditor,grade
A1,K1,Leeds,2014-08-10,inspectorate,good
A2,K2,Leeds,2014-08-10,inspectorate,inadequate
A3,K3,Leeds,2014-08-10,inspectorate,requires_improvement
A4,K4,Leeds,2015-01-01,inspectorate,inadequate
A11,K1,Leeds,2014-08-20,force,good
A18,K1,Leeds,2014-08-01,force,adequate
A12,K2,Leeds,2014-08-20,force,adequate
A13,K3,Leeds,2014-08-20,force,good
A17,K7,Leeds,2014-08-20,force,good
A5,K5,Kirklees,2014-09-01,inspectorate,adequate
A6,K6,Kirklees,2014-09-01,inspectorate,adequate
A15,K5,Kirklees,2014-09-02,force,adequate
A16,K6,Kirklees,2014-09-02,force,adequate
"""
# Inspectorate audits in 2014: Leeds A1, A2, A3 (A4 is 2015): inadequate 1 of 3 = 33.3;
#   Kirklees A5, A6: 0 of 2 = 0.0; ALL 1 of 5 = 20.0.
# Kappa, cases audited by both in 2014 (a case's latest force audit: K1 is A11 "good", not the
#   earlier A18); K7 has no inspectorate audit.
#   Leeds: (force, inspectorate) K1 good/good, K2 adequate/inadequate, K3 good/RI. n = 3,
#     agree 1, po = 1/3. Force: good 2, adequate 1; inspectorate: good 1, RI 1, inadequate 1.
#     pe = (2*1)/9 = 2/9. kappa = (1/3 - 2/9) / (1 - 2/9) = (1/9) / (7/9) = 1/7 = 0.14
#   Kirklees: K5, K6 adequate/adequate: one grade only, pe = 1, kappa 0/0: null (2 of 2 agree)
#   ALL: n = 5, agree 3, po = 3/5. Force good 2, adequate 3; inspectorate good 1, adequate 2,
#     RI 1, inadequate 1. pe = (2*1 + 3*2)/25 = 8/25. kappa = (15/25 - 8/25) / (17/25) = 7/17
#     = 0.41

CONFERENCES = """
conference_ref,unit,held_on,police_invited,police_attended
CF1,Leeds,2014-02-01,true,true
CF2,Leeds,2014-02-02,yes,no
CF3,Leeds,2014-02-03,1,
CF4,Leeds,2014-02-04,false,true
CF5,Kirklees,2015-01-01,true,true
"""
# Invited, held in 2014: Leeds CF1, CF2, CF3 (CF4 not invited): attended 1 of 3 = 33.3
#   (an empty police_attended is not attendance). Kirklees: CF5 is 2015: null. ALL 33.3.

FILES = {
    "missing_episodes": MISSING,
    "investigations": INVESTIGATIONS,
    "custody_detentions": CUSTODY,
    "offenders": OFFENDERS,
    "forensic_exhibits": EXHIBITS,
    "case_audits": AUDITS,
    "conferences": CONFERENCES,
}

# (indicator, unit) -> (value, numerator, denominator)
EXPECTED = {
    ("missing.high_risk_attended_1h_pct", "Leeds"): (50.0, 2, 4),
    ("missing.high_risk_attended_1h_pct", "Kirklees"): (100.0, 2, 2),
    ("missing.high_risk_attended_1h_pct", "Bradford"): (None, 0, 0),
    ("missing.high_risk_attended_1h_pct", "ALL"): (66.7, 4, 6),
    ("missing.lower_risk_not_attended_pct", "Leeds"): (50.0, 1, 2),
    ("missing.lower_risk_not_attended_pct", "Kirklees"): (33.3, 1, 3),
    ("missing.lower_risk_not_attended_pct", "Bradford"): (None, 0, 0),
    ("missing.lower_risk_not_attended_pct", "ALL"): (40.0, 2, 5),
    ("missing.lower_risk_review_over_72h_pct", "Leeds"): (50.0, 1, 2),
    ("missing.lower_risk_review_over_72h_pct", "Kirklees"): (66.7, 2, 3),
    ("missing.lower_risk_review_over_72h_pct", "Bradford"): (None, 0, 0),
    ("missing.lower_risk_review_over_72h_pct", "ALL"): (60.0, 3, 5),
    ("investigations.open_over_3_months", "Leeds"): (2, 2, None),
    ("investigations.open_over_3_months", "Kirklees"): (1, 1, None),
    ("investigations.open_over_3_months", "Bradford"): (0, 0, None),
    ("investigations.open_over_3_months", "ALL"): (3, 3, None),
    ("investigations.unsupervised_28d_pct", "Leeds"): (33.3, 1, 3),
    ("investigations.unsupervised_28d_pct", "Kirklees"): (100.0, 1, 1),
    ("investigations.unsupervised_28d_pct", "Bradford"): (None, 0, 0),
    ("investigations.unsupervised_28d_pct", "ALL"): (50.0, 2, 4),
    ("custody.children_held_after_charge", "Leeds"): (1, 1, None),
    ("custody.children_held_after_charge", "Kirklees"): (0, 0, None),
    ("custody.children_held_after_charge", "Bradford"): (0, 0, None),
    ("custody.children_held_after_charge", "ALL"): (1, 1, None),
    ("custody.transfer_pct", "Leeds"): (50.0, 1, 2),
    ("custody.transfer_pct", "Kirklees"): (None, 0, 0),
    ("custody.transfer_pct", "Bradford"): (None, 0, 0),
    ("custody.transfer_pct", "ALL"): (50.0, 1, 2),
    ("custody.children_overnight", "Leeds"): (1, 1, None),
    ("custody.children_overnight", "Kirklees"): (1, 1, None),
    ("custody.children_overnight", "Bradford"): (0, 0, None),
    ("custody.children_overnight", "ALL"): (2, 2, None),
    ("offenders.per_officer", "Leeds"): (1.5, 3, 2),
    ("offenders.per_officer", "Kirklees"): (1.0, 1, 1),
    ("offenders.per_officer", "Bradford"): (None, 0, 0),
    ("offenders.per_officer", "ALL"): (2.0, 4, 2),
    ("offenders.visits_overdue", "Leeds"): (1, 1, None),
    ("offenders.visits_overdue", "Kirklees"): (1, 1, None),
    ("offenders.visits_overdue", "Bradford"): (0, 0, None),
    ("offenders.visits_overdue", "ALL"): (2, 2, None),
    ("forensics.awaiting", "Leeds"): (2, 2, None),
    ("forensics.awaiting", "Kirklees"): (3, 3, None),
    ("forensics.awaiting", "Bradford"): (0, 0, None),
    ("forensics.awaiting", "ALL"): (5, 5, None),
    ("forensics.median_wait_days", "Leeds"): (20.0, None, 2),
    ("forensics.median_wait_days", "Kirklees"): (15.0, None, 3),
    ("forensics.median_wait_days", "Bradford"): (None, None, 0),
    ("forensics.median_wait_days", "ALL"): (15.0, None, 5),
    ("audits.inadequate_pct", "Leeds"): (33.3, 1, 3),
    ("audits.inadequate_pct", "Kirklees"): (0.0, 0, 2),
    ("audits.inadequate_pct", "Bradford"): (None, 0, 0),
    ("audits.inadequate_pct", "ALL"): (20.0, 1, 5),
    ("audits.force_inspectorate_kappa", "Leeds"): (0.14, 1, 3),
    ("audits.force_inspectorate_kappa", "Kirklees"): (None, 2, 2),
    ("audits.force_inspectorate_kappa", "Bradford"): (None, 0, 0),
    ("audits.force_inspectorate_kappa", "ALL"): (0.41, 3, 5),
    ("conferences.police_attendance_pct", "Leeds"): (33.3, 1, 3),
    ("conferences.police_attendance_pct", "Kirklees"): (None, 0, 0),
    ("conferences.police_attendance_pct", "Bradford"): (None, 0, 0),
    ("conferences.police_attendance_pct", "ALL"): (33.3, 1, 3),
}


@pytest.fixture
def loaded(force, data_dir, system, tmp_path):
    for kind, text in FILES.items():
        import_cases(
            actor=system, force=force, kind=kind, path=write(tmp_path / f"{kind}.csv", text)
        )
    return force


def test_every_indicator_matches_the_hand_worked_value(loaded):
    values = engine.compute(
        force="west-yorkshire",
        as_of=date(2015, 5, 31),
        date_from=date(2014, 1, 1),
        date_to=date(2014, 12, 31),
        units=["Leeds", "Kirklees", "Bradford"],
    )
    got = {(v.id, v.unit): (v.value, v.numerator, v.denominator) for v in values}
    assert got == EXPECTED


def test_the_contract_lists_fifteen_indicators_and_the_test_covers_each():
    from assure.indicators.definitions import INDICATORS

    assert len(INDICATORS) == 15
    assert {i for i, _ in EXPECTED} == {i.id for i in INDICATORS}


# The worklists are their indicator's numerator, row by row (engine.WORKLISTS), and "left" is
# counted in the engine's SQL against the references a review took off the list.
#   over-3-months (AS_OF 31 May 2015): Leeds I1, I4; Kirklees I7 (open_over_3_months).
#   missing-72h (2014): Leeds L2; Kirklees L3, L7 (lower_risk_review_over_72h_pct's numerator).
#   held-after-charge (2014): Leeds C1; Kirklees none (children_held_after_charge).
WORKLIST_ROWS = {
    ("over-3-months", "Leeds"): ["I4", "I1"],  # ordered by opened_at
    ("over-3-months", "Kirklees"): ["I7"],
    ("over-3-months", "Bradford"): [],
    ("missing-72h", "Leeds"): ["L2"],
    ("missing-72h", "Kirklees"): ["L7", "L3"],  # by reported_at
    ("held-after-charge", "Leeds"): ["C1"],
    ("held-after-charge", "Kirklees"): [],
}


@pytest.mark.parametrize(("name", "unit"), list(WORKLIST_ROWS))
def test_each_worklist_is_its_indicators_numerator_row_by_row(loaded, name, unit):
    from assure.indicators import store

    page = engine.worklist_page(
        store.snapshot("west-yorkshire"), name, unit=unit, as_of=date(2015, 5, 31),
        date_from=date(2014, 1, 1), date_to=date(2014, 12, 31),
    )  # fmt: skip
    spec = engine.WORKLISTS[name]
    assert [r[spec.ref] for r in page.rows] == WORKLIST_ROWS[(name, unit)]
    assert page.total == page.left == len(WORKLIST_ROWS[(name, unit)])


@pytest.mark.parametrize(
    ("name", "unit", "done", "left"),
    [
        ("over-3-months", "Leeds", ["I1"], 1),
        ("over-3-months", "Leeds", ["I1", "I4"], 0),
        ("over-3-months", "Leeds", ["I7", "I2", "X/1"], 2),  # not on Leeds's list: no effect
        ("missing-72h", "Kirklees", ["L3"], 1),
        ("missing-72h", "Kirklees", ["L1", "M3"], 2),
        ("held-after-charge", "Leeds", ["C1"], 0),
        ("held-after-charge", "Leeds", ["C2", "C3"], 1),  # on the indicator's denominator only
    ],
)
def test_left_counts_only_the_listed_cases_not_yet_done(loaded, name, unit, done, left):
    from assure.indicators import store

    page = engine.worklist_page(
        store.snapshot("west-yorkshire"), name, unit=unit, as_of=date(2015, 5, 31),
        date_from=date(2014, 1, 1), date_to=date(2014, 12, 31), done=done,
    )  # fmt: skip
    assert page.total == len(WORKLIST_ROWS[(name, unit)])
    assert page.left == left
    assert len(page.rows) == page.total  # done cases stay on the page, marked by their review
