"""The pandas reference (benchmarks/pandas_indicators.py) on a small data set worked out by
hand, with the contract's boundary cases. Each expected value has its working beside it."""

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("pandas")

BENCHMARKS = Path(__file__).resolve().parents[4] / "benchmarks"
spec = importlib.util.spec_from_file_location(
    "pandas_indicators", BENCHMARKS / "pandas_indicators.py"
)
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)

UNITS = [("BRA", "Bradford"), ("LEE", "Leeds"), ("HTCU", "High Tech Crime Unit")]
AS_OF = dt.date(2015, 5, 31)  # minus three calendar months is 28 February 2015
PERIOD = {"date_from": dt.date(2014, 10, 1), "date_to": dt.date(2015, 5, 31)}

FILES = {
    # Naive times are London local; GMT in winter, BST (+01:00) in summer.
    "missing_episodes": """\
episode_ref,person_ref,unit,reported_at,age,risk,in_care,cse_risk,first_attended_at,first_reviewed_at,found_at
E1,P1,Bradford,2015-01-10T10:00:00,17,high,,,2015-01-10T11:00:00,,
E2,P2,bradford,2015-01-10T10:00:00Z,16,high,,,2015-01-10T11:00:01+00:00,,
E3,P3,BRA,2015-01-10T10:00:00,18,high,,,,,
E4,P4,Leeds,2015-03-29T00:30:00,15,high,true,false,2015-03-29T02:20:00,,
E5,P5,LEEDS,2014-10-26T01:30:00+01:00,17,high,,,2014-10-26T01:20:00+00:00,,
E6,P6,Bradford,2015-02-01T12:00:00,14,low,,,,2015-02-04T12:00:00,
E7,P7,Bradford,2015-02-01T12:00:00,12,no_apparent_risk,,,2015-02-01T13:00:00,2015-02-04T12:00:01,
E8,P8,Bradford,2015-02-01T12:00:00,17,low,,,,,
E9,P9,Leeds,2015-02-01T12:00:00,18,low,,,,,
E10,P10,Bradford,2014-09-30T23:30:00+00:00,13,low,,,,2014-10-01T10:00:00+01:00,
E11,P11,Leeds,2015-02-01T12:00:00,15,medium,,,,,
E12,P12,Bradford,2015-06-01T00:30:00+01:00,13,low,,,,,
E13,P13,Leeds,2015-04-01T09:00:00,17,low,,,2015-04-01T10:00:00,2015-04-02T09:00:00,
""",
    "investigations": """\
investigation_ref,unit,category,opened_at,closed_at,last_supervised_at
I1,Bradford,child_abuse,2015-02-27T10:00:00,,2015-05-03T10:00:00
I2,Bradford,cse,2015-02-28T10:00:00,,2015-05-02T10:00:00
I3,Bradford,online_cse,2015-02-27T23:30:00-01:00,2015-06-01T00:30:00+01:00,
I4,Bradford,other,2014-01-01T10:00:00,,
I5,Leeds,child_abuse,2014-12-01T10:00:00,2015-05-31T23:59:00+01:00,
I6,Leeds,child_abuse,2014-12-01T10:00:00,,
I7,Leeds,cse,2015-06-01T10:00:00,,
""",
    "custody_detentions": """\
detention_ref,unit,age,arrived_at,released_at,charged_at,bail_refused,la_requested_at,transferred_at,certificate_issued
C1,Bradford,15,2014-10-25T22:00:00+01:00,2014-10-26T00:30:00+00:00,,,,,
C2,Bradford,17,2015-03-28T23:00:00,2015-03-29T00:59:00,2015-03-28T23:30:00,true,,,true
C3,Bradford,16,2015-04-10T10:00:00,2015-04-10T15:00:00,2015-04-10T12:00:00,yes,2015-04-10T12:30:00,2015-04-10T15:00:00,
C4,Bradford,18,2015-04-10T10:00:00,2015-04-11T10:00:00,2015-04-10T12:00:00,true,,,
C5,Leeds,14,2015-05-31T20:00:00,,,,,,
C6,Leeds,16,2015-05-30T20:00:00,,,,,,
C7,Bradford,13,2014-09-30T22:00:00+00:00,2014-10-01T08:00:00+01:00,2014-10-01T07:00:00+01:00,FALSE,,,
""",
    "offenders": """\
offender_ref,unit,officer_ref,risk,registered_from,registered_until,next_visit_due
O1,Bradford,OFF-A,high,2010-01-01,,2015-05-30
O2,Bradford,OFF-A,low,2015-05-31,,2015-05-31
O3,Bradford,OFF-B,low,2012-01-01,2015-05-31,
O4,Bradford,OFF-B,medium,2012-01-01,2015-06-01,
O5,Bradford,OFF-C,low,2015-06-01,,
O6,Leeds,OFF-L1,very_high,2011-01-01,,2015-01-01
""",
    "forensic_exhibits": """\
exhibit_ref,unit,case_ref,child_abuse,submitted_at,started_at,completed_at
F1,High Tech Crime Unit,K1,true,2015-05-01T10:00:00,,
F2,htcu,K1,true,2015-05-21T10:00:00,2015-06-01T09:00:00+01:00,
F3,HTCU,K2,false,2015-05-31T23:30:00+01:00,,
F4,HTCU,K3,,2015-06-01T00:30:00+01:00,,
F5,HTCU,K4,,2015-04-01T10:00:00,2015-05-31T23:00:00+01:00,
F6,Bradford,K5,,2015-05-11T10:00:00,,
""",
    "case_audits": """\
audit_ref,case_ref,unit,audited_on,auditor,grade
A1,K1,Bradford,2015-03-02,force,good
A2,K1,Bradford,2015-03-03,inspectorate,good
A3,K2,Bradford,2015-03-02,force,good
A4,K2,Bradford,2015-03-03,inspectorate,adequate
A5,K3,Bradford,2015-03-02,force,adequate
A6,K3,Bradford,2015-03-03,inspectorate,adequate
A7,K4,Bradford,2015-03-02,force,requires_improvement
A8,K4,Bradford,2015-03-03,inspectorate,inadequate
A9,L1,Leeds,2015-03-02,force,good
A10,L1,Leeds,2015-03-03,inspectorate,good
A11,L2,Leeds,2015-03-02,force,good
A12,L2,Leeds,2015-03-03,inspectorate,good
A13,L3,Leeds,2015-03-03,inspectorate,inadequate
A14,B5,Bradford,2014-09-30,force,good
A15,B5,Bradford,2014-10-02,inspectorate,inadequate
A16,L4,Leeds,2015-06-01,inspectorate,inadequate
""",
    "conferences": """\
conference_ref,unit,held_on,police_invited,police_attended,police_report_submitted
CF1,Bradford,2015-01-05,true,true,true
CF2,Bradford,2015-01-06,yes,no,
CF3,Bradford,2015-01-07,false,,
CF4,Bradford,2015-01-08,1,,
CF5,Leeds,2015-01-05,false,,
CF6,Bradford,2015-06-01,true,true,
CF7,Leeds,2015-01-09,true,TRUE,
""",
}

EXPECTED = {
    # Bradford: E1 exactly 60 min (yes), E2 60 min 1 s (no); E3 is 18 → 1/2.
    ("missing.high_risk_attended_1h_pct", "Bradford"): 50.0,
    # Leeds: E4 00:30 GMT → 02:20 BST is 50 min across the March change; E5 01:30 BST → 01:20
    # GMT is 50 min across the October change → 2/2.
    ("missing.high_risk_attended_1h_pct", "Leeds"): 100.0,
    ("missing.high_risk_attended_1h_pct", "ALL"): 75.0,  # 3/4
    # Bradford lower risk in the period: E6, E7, E8 and E10 (23:30 UTC on 30 Sep is 00:30 BST
    # on 1 Oct); E12 (00:30 BST on 1 June) is out. Not attended: E6, E8, E10 → 3/4.
    ("missing.lower_risk_not_attended_pct", "Bradford"): 75.0,
    ("missing.lower_risk_not_attended_pct", "Leeds"): 0.0,  # E13 only (E9 is 18) → 0/1
    ("missing.lower_risk_not_attended_pct", "ALL"): 60.0,  # 3/5
    # E6 exactly 72 h (not over), E7 72 h 1 s (over), E8 never (over), E10 10 h → 2/4.
    ("missing.lower_risk_review_over_72h_pct", "Bradford"): 50.0,
    ("missing.lower_risk_review_over_72h_pct", "Leeds"): 0.0,  # E13 after 24 h
    ("missing.lower_risk_review_over_72h_pct", "ALL"): 40.0,  # 2/5
    # Open at 31 May and opened before 28 Feb: I1 (27 Feb); not I2 (28 Feb) nor I3 (23:30 at
    # -01:00 on 27 Feb is 00:30 on 28 Feb in London). I5 closed on 31 May; I7 opens later.
    ("investigations.open_over_3_months", "Bradford"): 1,
    ("investigations.open_over_3_months", "Leeds"): 1,  # I6
    ("investigations.open_over_3_months", "ALL"): 2,
    # Bradford open: I1 (supervised 28 days before: fine), I2 (29 days), I3 (never; it closes
    # on 1 June local, after AS_OF) → 2/3.
    ("investigations.unsupervised_28d_pct", "Bradford"): 66.7,
    ("investigations.unsupervised_28d_pct", "Leeds"): 100.0,  # I6 never
    ("investigations.unsupervised_28d_pct", "ALL"): 75.0,  # 3/4
    # C2 charged, refused, not moved; C3 moved ("yes"); C4 is 18.
    ("custody.children_held_after_charge", "Bradford"): 1,
    ("custody.children_held_after_charge", "Leeds"): 0,
    ("custody.children_held_after_charge", "ALL"): 1,
    ("custody.transfer_pct", "Bradford"): 50.0,  # C3 of C2, C3
    ("custody.transfer_pct", "Leeds"): None,  # nobody charged and refused bail: 0 denominator
    ("custody.transfer_pct", "ALL"): 50.0,
    # C1 22:00 BST → 00:30 GMT next day; C2 23:00 → 00:59 next day; C7 arrives 23:00 BST on
    # 1 Oct and leaves 08:00 the same local day although the UTC dates differ.
    ("custody.children_overnight", "Bradford"): 2,
    # C5 arrived on AS_OF, not released: same day; C6 arrived the day before: overnight.
    ("custody.children_overnight", "Leeds"): 1,
    ("custody.children_overnight", "ALL"): 3,
    # Registered at 31 May: O1, O2 (from 31 May), O4 (until 1 June); not O3 (until 31 May) nor
    # O5 → 3 offenders / 2 officers.
    ("offenders.per_officer", "Bradford"): 1.5,
    ("offenders.per_officer", "Leeds"): 1.0,
    ("offenders.per_officer", "ALL"): 1.3,  # 4 / 3 = 1.33
    ("offenders.visits_overdue", "Bradford"): 1,  # O1 due 30 May; O2 due on AS_OF is not
    ("offenders.visits_overdue", "Leeds"): 1,
    ("offenders.visits_overdue", "ALL"): 2,
    # F1 (30 days), F2 (starts 1 June: 10 days), F3 (23:30 BST on 31 May: 0 days); not F4
    # (00:30 BST on 1 June) nor F5 (started 23:00 on 31 May). Unit by name, code, any case.
    ("forensics.awaiting", "High Tech Crime Unit"): 3,
    ("forensics.awaiting", "Bradford"): 1,
    ("forensics.awaiting", "Leeds"): 0,
    ("forensics.awaiting", "ALL"): 4,
    ("forensics.median_wait_days", "High Tech Crime Unit"): 10.0,
    ("forensics.median_wait_days", "Bradford"): 20.0,
    ("forensics.median_wait_days", "Leeds"): None,
    ("forensics.median_wait_days", "ALL"): 15.0,  # median of 0, 10, 20, 30
    # Inspectorate audits in the period: Bradford A2, A4, A6, A8, A15 (A8, A15 inadequate).
    ("audits.inadequate_pct", "Bradford"): 40.0,
    ("audits.inadequate_pct", "Leeds"): 33.3,  # A13 of A10, A12, A13 (A16 is in June)
    ("audits.inadequate_pct", "ALL"): 37.5,  # 3/8
    # Bradford pairs K1..K4 (B5's force audit is before the period): agree 2/4 = 0.5; force
    # marginals 2,1,1,0 and inspectorate 1,2,0,1 of 4: chance (2+2)/16 = 0.25;
    # kappa (0.5 - 0.25) / 0.75 = 0.333.
    ("audits.force_inspectorate_kappa", "Bradford"): 0.33,
    # Leeds L1, L2 both good by both: one grade only, chance agreement 1 → undefined.
    ("audits.force_inspectorate_kappa", "Leeds"): None,
    # All six pairs: agree 4/6; force 4,1,1,0 and inspectorate 3,2,0,1: chance 14/36;
    # kappa (24/36 - 14/36) / (22/36) = 10/22 = 0.4545.
    ("audits.force_inspectorate_kappa", "ALL"): 0.45,
    # Invited: CF1 (attended), CF2 ("yes", "no"), CF4 ("1", attendance blank); CF6 is in June.
    ("conferences.police_attendance_pct", "Bradford"): 33.3,
    ("conferences.police_attendance_pct", "Leeds"): 100.0,  # CF7; CF5 not invited
    ("conferences.police_attendance_pct", "ALL"): 50.0,  # 2/4
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("contract")
    for kind, text in FILES.items():
        (folder / f"{kind}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def results(folder):
    rows = reference.compute(folder, as_of=AS_OF, units=UNITS, **PERIOD)
    return {(row["id"], row["unit"]): row for row in rows}


@pytest.mark.parametrize(("key", "value"), EXPECTED.items(), ids=lambda v: str(v))
def test_each_indicator_has_the_value_worked_out_by_hand(results, key, value):
    assert results[key]["value"] == value


def test_every_indicator_is_given_for_every_unit_and_all(results):
    ids = {indicator for indicator, _ in results}
    units = {unit for _, unit in results}
    assert ids == set(reference.INDICATORS)
    assert len(ids) == 15
    assert units == {"Bradford", "Leeds", "High Tech Crime Unit", "ALL"}


def test_numerators_and_denominators_are_reported(results):
    assert results[("missing.lower_risk_not_attended_pct", "ALL")] == {
        "id": "missing.lower_risk_not_attended_pct",
        "unit": "ALL",
        "value": 60.0,
        "numerator": 3,
        "denominator": 5,
    }
    assert results[("custody.transfer_pct", "Leeds")]["denominator"] == 0
    assert results[("offenders.per_officer", "ALL")]["numerator"] == 4
    assert results[("offenders.per_officer", "ALL")]["denominator"] == 3
    assert results[("investigations.open_over_3_months", "ALL")]["denominator"] is None


def test_rounding_is_half_away_from_zero_as_in_sql():
    assert reference.round_half_up(6.25, 1) == 6.3
    assert reference.round_half_up(-0.125, 2) == -0.13
    assert reference.round_half_up(66.66666, 1) == 66.7


def test_the_same_data_as_parquet_gives_the_same_values(folder, results, tmp_path):
    """Parquet with native types: UTC timestamps, dates, booleans."""
    for kind in FILES:
        reference.read_kind(folder, kind).to_parquet(tmp_path / f"{kind}.parquet")
    rows = reference.compute(tmp_path, as_of=AS_OF, units=UNITS, **PERIOD)
    again = {(row["id"], row["unit"]): row["value"] for row in rows}
    assert again == {key: row["value"] for key, row in results.items()}
