"""A straightforward pandas implementation of the contract's 15 indicators (data-contract.md,
part 2), written independently of the DuckDB engine so that each can check the other.

It reads the raw contract files — ``<KIND>.csv`` or ``<KIND>.parquet`` in one folder — and
computes every indicator per unit and for ``ALL`` (from the records, never averaged):

- "child" is age < 18; day counts and "before/after a date" compare Europe/London calendar dates;
  60 minutes and 72 hours compare exact instants;
- "in the period" is the record's own date (reported_at, arrived_at, audited_on, held_on) between
  ``date_from`` and ``date_to`` inclusive; "at AS_OF" is the end of that day;
- percentages 0–100 and offenders per officer are rounded to 1 decimal place, kappa to 2, half
  away from zero (as SQL's ``round`` does); a denominator of 0 gives ``None``.

Choices the contract leaves open, made here and documented in docs/synthetic-data.md:
- kappa: a case audited more than once by the same auditor in the period counts with its latest
  grade; numerator = cases on which both agree, denominator = cases; with one grade only the
  chance agreement is 1, kappa's own denominator 0, so the value is ``None``;
- median wait: numerator ``None``, denominator = the exhibits awaiting;
- a timestamp without an offset that does not exist or is ambiguous in London is refused.

Use: ``compute(data_dir, as_of=..., date_from=..., date_to=..., units=[(code, name), ...])``
returns a list of dicts ``{id, unit, value, numerator, denominator}``.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

LONDON = "Europe/London"
KINDS = {
    "missing_episodes": {
        "ts": ["reported_at", "first_attended_at", "first_reviewed_at", "found_at"],
        "int": ["age"],
        "bool": ["in_care", "cse_risk"],
    },
    "investigations": {"ts": ["opened_at", "closed_at", "last_supervised_at"]},
    "custody_detentions": {
        "ts": ["arrived_at", "released_at", "charged_at", "la_requested_at", "transferred_at"],
        "int": ["age"],
        "bool": ["bail_refused", "certificate_issued"],
    },
    "offenders": {"date": ["registered_from", "registered_until", "next_visit_due"]},
    "forensic_exhibits": {"ts": ["submitted_at", "started_at", "completed_at"], "bool": []},
    "case_audits": {"date": ["audited_on"]},
    "conferences": {
        "date": ["held_on"],
        "bool": ["police_invited", "police_attended", "police_report_submitted"],
    },
}
DEFAULT_FALSE = {"bail_refused", "certificate_issued"}
INDICATORS = [
    "missing.high_risk_attended_1h_pct",
    "missing.lower_risk_not_attended_pct",
    "missing.lower_risk_review_over_72h_pct",
    "investigations.open_over_3_months",
    "investigations.unsupervised_28d_pct",
    "custody.children_held_after_charge",
    "custody.transfer_pct",
    "custody.children_overnight",
    "offenders.per_officer",
    "offenders.visits_overdue",
    "forensics.awaiting",
    "forensics.median_wait_days",
    "audits.inadequate_pct",
    "audits.force_inspectorate_kappa",
    "conferences.police_attendance_pct",
]
CHILD_CASE_CATEGORIES = ["child_abuse", "cse", "online_cse"]
GRADES = ["good", "adequate", "requires_improvement", "inadequate"]
TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}
ALL = "ALL"


# Reading -------------------------------------------------------------------------------------
def read_kind(data_dir: Path, kind: str) -> pd.DataFrame | None:
    for suffix in ("parquet", "csv"):
        path = Path(data_dir) / f"{kind}.{suffix}"
        if path.exists():
            if suffix == "parquet":
                frame = pq.read_table(path).to_pandas(date_as_object=False)
            else:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
            return _typed(frame, KINDS[kind])
    return None


def _typed(frame: pd.DataFrame, types: dict) -> pd.DataFrame:
    for column in types.get("ts", []):
        if column in frame:
            frame[column] = to_utc(frame[column])
    for column in types.get("date", []):
        if column in frame:
            frame[column] = to_day(frame[column])
    for column in types.get("int", []):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    for column in types.get("bool", []):
        if column in frame:
            frame[column] = to_bool(frame[column], default=column in DEFAULT_FALSE)
        elif column in DEFAULT_FALSE:
            frame[column] = False
    return frame


def to_utc(values: pd.Series) -> pd.Series:
    """Instants in UTC. Text with an offset is that instant; text without one is London time."""
    if pd.api.types.is_datetime64_any_dtype(values):
        if getattr(values.dt, "tz", None) is None:
            return values.dt.tz_localize(
                LONDON, ambiguous="raise", nonexistent="raise"
            ).dt.tz_convert("UTC")
        return values.dt.tz_convert("UTC")
    text = values.astype("string")
    offset = text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True, na=False)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us, UTC]")
    if offset.any():
        out[offset] = pd.to_datetime(text[offset], format="ISO8601", utc=True).astype(out.dtype)
    naive = text.notna() & ~offset
    if naive.any():
        local = pd.to_datetime(text[naive], format="ISO8601")
        out[naive] = (
            local.dt.tz_localize(LONDON, ambiguous="raise", nonexistent="raise")
            .dt.tz_convert("UTC")
            .astype(out.dtype)
        )
    return out


def to_day(values: pd.Series) -> pd.Series:
    """Calendar dates as midnight timestamps without a zone (comparable with ``local_day``)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype("datetime64[s]")
    return pd.to_datetime(values.astype("string"), format="%Y-%m-%d").astype("datetime64[s]")


def to_bool(values: pd.Series, *, default: bool) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        return values.fillna(False) if default else values.astype("boolean")
    text = values.astype("string").str.strip().str.lower()
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[text.isin(TRUE)] = True
    out[text.isin(FALSE)] = False
    return out.fillna(False).astype(bool) if default else out


def local_day(instants: pd.Series) -> pd.Series:
    """The London calendar date of each instant (as a midnight timestamp without a zone)."""
    return instants.dt.tz_convert(LONDON).dt.tz_localize(None).dt.floor("D").astype("datetime64[s]")


# Rounding and values -----------------------------------------------------------------------
def round_half_up(value: float, places: int) -> float:
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def pct(numerator: int, denominator: int) -> dict:
    value = None if denominator == 0 else round_half_up(100 * numerator / denominator, 1)
    return {"value": value, "numerator": int(numerator), "denominator": int(denominator)}


def tally(numerator: int) -> dict:
    return {"value": int(numerator), "numerator": int(numerator), "denominator": None}


def kappa(force: pd.Series, inspectorate: pd.Series) -> dict:
    """Cohen's kappa, unweighted, over the four grades."""
    n = len(force)
    agree = int((force.to_numpy() == inspectorate.to_numpy()).sum())
    if n == 0:
        return {"value": None, "numerator": 0, "denominator": 0}
    observed = agree / n
    p_force = force.value_counts(normalize=True).reindex(GRADES, fill_value=0.0)
    p_insp = inspectorate.value_counts(normalize=True).reindex(GRADES, fill_value=0.0)
    expected = float((p_force * p_insp).sum())
    if np.isclose(expected, 1.0):
        value = None
    else:
        value = round_half_up((observed - expected) / (1 - expected), 2)
    return {"value": value, "numerator": agree, "denominator": n}


# The indicators ----------------------------------------------------------------------------
def compute(
    data_dir: Path | str,
    *,
    as_of: dt.date,
    date_from: dt.date,
    date_to: dt.date,
    units: list[tuple[str, str]] | None = None,
) -> list[dict]:
    data = {kind: read_kind(Path(data_dir), kind) for kind in KINDS}
    return compute_frames(data, as_of=as_of, date_from=date_from, date_to=date_to, units=units)


def compute_frames(data, *, as_of, date_from, date_to, units=None) -> list[dict]:
    canonical = {}
    for code, name in units or []:
        canonical[code.lower()] = name
        canonical[name.lower()] = name
    names = [name for _, name in units or []]
    frames = {}
    for kind, frame in data.items():
        if frame is None:
            continue
        frame = frame.copy()
        lowered = frame["unit"].astype("string").str.strip().str.lower()
        frame["unit"] = lowered.map(canonical).fillna(frame["unit"]) if canonical else frame["unit"]
        frames[kind] = frame
        names += [u for u in frame["unit"].dropna().unique() if u not in names]
    as_of_day = pd.Timestamp(as_of)
    first, last = pd.Timestamp(date_from), pd.Timestamp(date_to)

    def in_period(days: pd.Series) -> pd.Series:
        return (days >= first) & (days <= last)

    selections = _selections(frames, as_of_day, in_period)
    results = []
    for unit in [*names, ALL]:
        for indicator in INDICATORS:
            value = selections[indicator](unit)
            results.append({"id": indicator, "unit": unit, **value})
    return results


def _for(frame: pd.DataFrame | None, unit: str) -> pd.DataFrame:
    if frame is None:
        return pd.DataFrame()
    return frame if unit == ALL else frame[frame["unit"] == unit]


def _selections(frames, as_of, in_period):
    """Each indicator as a function of the unit, over pre-selected records."""
    three_months_before = as_of - pd.DateOffset(months=3)
    empty = pd.DataFrame({"unit": pd.Series(dtype="string")})

    missing = frames.get("missing_episodes")
    if missing is not None:
        missing = missing[
            (missing["age"] < 18).fillna(False) & in_period(local_day(missing["reported_at"]))
        ]
        high = missing[missing["risk"] == "high"].copy()
        high["ok"] = (high["first_attended_at"] - high["reported_at"]) <= pd.Timedelta(minutes=60)
        high["ok"] = high["ok"].fillna(False) & high["first_attended_at"].notna()
        lower = missing[missing["risk"].isin(["low", "no_apparent_risk"])].copy()
        lower["not_attended"] = lower["first_attended_at"].isna()
        late = (lower["first_reviewed_at"] - lower["reported_at"]) > pd.Timedelta(hours=72)
        lower["late"] = lower["first_reviewed_at"].isna() | late.fillna(False)
    else:
        high = lower = empty

    inv = frames.get("investigations")
    if inv is not None:
        inv = inv[inv["category"].isin(CHILD_CASE_CATEGORIES)].copy()
        opened = local_day(inv["opened_at"])
        closed = local_day(inv["closed_at"])
        inv = inv[(opened <= as_of) & (inv["closed_at"].isna() | (closed > as_of))].copy()
        inv["old"] = local_day(inv["opened_at"]) < three_months_before
        supervised = local_day(inv["last_supervised_at"])
        inv["unsupervised"] = inv["last_supervised_at"].isna() | (
            (as_of - supervised).dt.days > 28
        ).fillna(False)
    else:
        inv = empty

    cus = frames.get("custody_detentions")
    if cus is not None:
        arrived = local_day(cus["arrived_at"])
        cus = cus[(cus["age"] < 18).fillna(False) & in_period(arrived)].copy()
        arrived = local_day(cus["arrived_at"])
        refused = cus["charged_at"].notna() & cus["bail_refused"].astype(bool)
        cus["refused"] = refused
        cus["held"] = refused & cus["transferred_at"].isna()
        cus["moved"] = refused & cus["transferred_at"].notna()
        released = local_day(cus["released_at"]).fillna(as_of)
        cus["overnight"] = released > arrived
    else:
        cus = empty

    off = frames.get("offenders")
    if off is not None:
        off = off[
            (off["registered_from"] <= as_of)
            & (off["registered_until"].isna() | (off["registered_until"] > as_of))
        ].copy()
        off["overdue"] = (off["next_visit_due"] < as_of).fillna(False)
    else:
        off = empty

    exh = frames.get("forensic_exhibits")
    if exh is not None:
        submitted = local_day(exh["submitted_at"])
        started = local_day(exh["started_at"])
        exh = exh[(submitted <= as_of) & (exh["started_at"].isna() | (started > as_of))].copy()
        exh["wait"] = (as_of - local_day(exh["submitted_at"])).dt.days
    else:
        exh = empty

    aud = frames.get("case_audits")
    if aud is not None:
        aud = aud[in_period(aud["audited_on"])]
        insp = aud[aud["auditor"] == "inspectorate"].copy()
        latest = aud.sort_values(["audited_on", "audit_ref"]).drop_duplicates(
            ["case_ref", "auditor"], keep="last"
        )
        pairs = latest[latest["auditor"] == "force"].merge(
            latest[latest["auditor"] == "inspectorate"],
            on="case_ref",
            suffixes=("_force", "_insp"),
        )
        pairs["unit"] = pairs["unit_insp"]
    else:
        insp = pairs = empty

    conf = frames.get("conferences")
    if conf is not None:
        conf = conf[in_period(conf["held_on"]) & conf["police_invited"].fillna(False).astype(bool)]
        conf = conf.assign(attended=conf["police_attended"].fillna(False).astype(bool))
    else:
        conf = empty

    def officers(unit):
        rows = _for(off, unit)
        count, distinct = len(rows), rows["officer_ref"].nunique() if len(rows) else 0
        value = None if distinct == 0 else round_half_up(count / distinct, 1)
        return {"value": value, "numerator": count, "denominator": int(distinct)}

    def median_wait(unit):
        rows = _for(exh, unit)
        if len(rows) == 0:
            return {"value": None, "numerator": None, "denominator": 0}
        return {"value": float(rows["wait"].median()), "numerator": None, "denominator": len(rows)}

    def share(frame, column):
        def of(unit):
            rows = _for(frame, unit)
            return pct(int(rows[column].sum()) if len(rows) else 0, len(rows))

        return of

    def counted(frame, column):
        def of(unit):
            rows = _for(frame, unit)
            return tally(int(rows[column].sum()) if len(rows) else 0)

        return of

    def inadequate(unit):
        rows = _for(insp, unit)
        return pct(int((rows["grade"] == "inadequate").sum()) if len(rows) else 0, len(rows))

    def agreement(unit):
        rows = _for(pairs, unit)
        if len(rows) == 0:
            return kappa(pd.Series([], dtype=str), pd.Series([], dtype=str))
        return kappa(rows["grade_force"], rows["grade_insp"])

    refused = cus[cus["refused"]] if "refused" in cus else cus
    return {
        "missing.high_risk_attended_1h_pct": share(high, "ok"),
        "missing.lower_risk_not_attended_pct": share(lower, "not_attended"),
        "missing.lower_risk_review_over_72h_pct": share(lower, "late"),
        "investigations.open_over_3_months": counted(inv, "old"),
        "investigations.unsupervised_28d_pct": share(inv, "unsupervised"),
        "custody.children_held_after_charge": counted(cus, "held"),
        "custody.transfer_pct": share(refused, "moved"),
        "custody.children_overnight": counted(cus, "overnight"),
        "offenders.per_officer": officers,
        "offenders.visits_overdue": counted(off, "overdue"),
        "forensics.awaiting": lambda unit: tally(len(_for(exh, unit))),
        "forensics.median_wait_days": median_wait,
        "audits.inadequate_pct": inadequate,
        "audits.force_inspectorate_kappa": agreement,
        "conferences.police_attendance_pct": share(conf, "attended"),
    }


def main() -> None:
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir")
    parser.add_argument("--as-of", required=True, type=dt.date.fromisoformat)
    parser.add_argument("--from", dest="date_from", required=True, type=dt.date.fromisoformat)
    parser.add_argument("--to", dest="date_to", required=True, type=dt.date.fromisoformat)
    options = parser.parse_args()
    rows = compute(
        options.data_dir, as_of=options.as_of, date_from=options.date_from, date_to=options.date_to
    )
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
