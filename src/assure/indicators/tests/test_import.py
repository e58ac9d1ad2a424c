"""Importing case files: all or nothing, idempotent by reference, --replace, the clock rule."""

import os
import stat
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assure.core.models import AuditEvent
from assure.indicators import engine, events, store
from assure.indicators.importer import ImportRejected, import_cases
from assure.indicators.models import CaseImport

from .conftest import write

HEADER = "conference_ref,unit,held_on,police_invited,police_attended"


def conferences(tmp_path, rows, name="conferences.csv"):
    return write(tmp_path / name, "\n".join([HEADER, *rows]))


def stored_rows(force, kind="conferences"):
    snapshot = store.snapshot(force.slug)
    path = snapshot.path(kind)
    if path is None:
        return None
    with engine.Session() as session:
        return session.rows(
            f"SELECT * EXCLUDE (_problems) FROM {engine.parquet_relation(path)} ORDER BY 1"
        )


def run(force, system, kind, path, **kwargs):
    return import_cases(actor=system, force=force, kind=kind, path=path, **kwargs)


def test_one_bad_row_imports_nothing_and_names_its_line_and_column(
    force, data_dir, system, tmp_path
):
    path = conferences(
        tmp_path,
        ["CF1,Leeds,2014-02-01,true,true", "CF2,Leeds,2014-02-31,true,false",
         "CF3,Leeds,2014-02-03,true,"],
    )  # fmt: skip
    with pytest.raises(ImportRejected) as rejected:
        run(force, system, "conferences", path)
    assert [str(p) for p in rejected.value.problems] == [
        "line 3, column held_on: not a date in the form YYYY-MM-DD"
    ]
    assert store.snapshot(force.slug).kinds == {}
    assert not CaseImport.objects.exists()
    assert list((data_dir / "cases/west-yorkshire/tmp").iterdir()) == []


def test_the_command_prints_at_most_fifty_problems_then_a_count(force, data_dir, tmp_path, capsys):
    rows = [f"CF{i},Nowhere,2014-02-01,maybe,true" for i in range(40)]  # two problems per row
    path = conferences(tmp_path, rows)
    with pytest.raises(CommandError, match=r"80 problem\(s\); nothing was imported"):
        call_command("import_cases", "conferences", str(path))
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 51
    assert lines[0].startswith("line 2, column unit: not a unit of the force")
    assert lines[1] == "line 2, column police_invited: not a boolean: use true/false, 1/0 or yes/no"
    assert lines[-1] == "… and 30 more problems (80 in all)"


def test_importing_the_same_file_twice_changes_nothing(force, data_dir, system, tmp_path):
    path = conferences(tmp_path, ["CF1,Leeds,2014-02-01,true,true", "CF2,KIR,2014-02-02,1,0"])
    first, _ = run(force, system, "conferences", path)
    before = stored_rows(force)
    second, prepared = run(force, system, "conferences", path)
    assert (first.rows_added, first.data_version) == (2, 1)
    assert (second.rows_added, second.rows_updated, second.rows_removed) == (0, 0, 0)
    assert second.data_version == 1
    assert not prepared.changed
    assert store.snapshot(force.slug).kinds["conferences"].version == 1
    assert stored_rows(force) == before


def test_a_file_merged_into_other_records_and_then_replacing_them_removes_the_rest(
    force, data_dir, system, tmp_path
):
    """The same file again is skipped unread only when the version is exactly that file."""
    run(force, system, "conferences", conferences(tmp_path, ["CF1,Leeds,2014-02-01,true,true"]))
    later = conferences(tmp_path, ["CF2,Leeds,2014-02-02,true,true"], "later.csv")
    run(force, system, "conferences", later)
    again, _ = run(force, system, "conferences", later)
    assert (again.rows_added, again.rows_removed, again.rows) == (0, 0, 2)
    replaced, _ = run(force, system, "conferences", later, replace=True)
    assert (replaced.rows_removed, replaced.rows) == (1, 1)
    assert [r[0] for r in stored_rows(force)] == ["CF2"]


def test_the_same_file_is_read_again_when_the_force_renames_a_unit(
    force, data_dir, system, tmp_path
):
    path = conferences(tmp_path, ["CF1,LDS,2014-02-01,true,true"])
    run(force, system, "conferences", path, replace=True)
    force.units.filter(code="LDS").update(name="Leeds District")
    record, prepared = run(force, system, "conferences", path, replace=True)
    assert prepared.changed
    assert record.rows_updated == 1
    assert stored_rows(force)[0][1] == "Leeds District"


def test_a_later_file_updates_by_reference_and_keeps_the_rest(force, data_dir, system, tmp_path):
    two = ["CF1,Leeds,2014-02-01,true,true", "CF2,Leeds,2014-02-02,true,true"]
    run(force, system, "conferences", conferences(tmp_path, two))
    record, _ = run(
        force, system, "conferences",
        conferences(tmp_path, ["CF2,Leeds,2014-02-02,true,false", "CF3,Leeds,2014-02-03,no,"],
                    "later.csv"),
    )  # fmt: skip
    assert (record.rows_added, record.rows_updated, record.rows_removed, record.rows) == (
        1,
        1,
        0,
        3,
    )
    assert [(r[0], r[4]) for r in stored_rows(force)] == [
        ("CF1", True), ("CF2", False), ("CF3", None)
    ]  # fmt: skip


def test_replace_removes_references_absent_from_the_new_file(force, data_dir, system, tmp_path):
    two = ["CF1,Leeds,2014-02-01,true,true", "CF2,Leeds,2014-02-02,true,true"]
    run(force, system, "conferences", conferences(tmp_path, two))
    record, _ = run(
        force, system, "conferences",
        conferences(tmp_path, ["CF2,Leeds,2014-02-02,true,true", "CF3,Leeds,2014-02-03,true,"],
                    "nightly.csv"),
        replace=True,
    )  # fmt: skip
    assert (record.rows_added, record.rows_updated, record.rows_removed) == (1, 0, 1)
    assert record.replaced
    assert record.data_version == 2
    assert [r[0] for r in stored_rows(force)] == ["CF2", "CF3"]
    event = AuditEvent.objects.get(event=events.CASES_IMPORTED, target_id=str(record.pk))
    assert event.changes["rows_removed"] == [None, 1]


def test_a_name_in_a_reference_column_is_refused(force, data_dir, system, tmp_path):
    path = write(
        tmp_path / "missing.csv",
        "episode_ref,person_ref,unit,reported_at,age,risk\n"
        "E1,Jane Smith,Leeds,2014-06-01T10:00,12,high\n",
    )
    with pytest.raises(ImportRejected) as rejected:
        run(force, system, "missing_episodes", path)
    message = str(rejected.value.problems[0])
    assert (
        message == "line 2, column person_ref: not a pseudonym: use 1-64 letters, digits, -, _ or /"
    )
    assert "Jane" not in message  # a refused value is never echoed: it may be personal data
    assert store.snapshot(force.slug).kinds == {}


def test_duplicate_references_in_one_file_are_refused(force, data_dir, system, tmp_path):
    path = conferences(tmp_path, ["CF1,Leeds,2014-02-01,true,true", "CF1,Leeds,2014-02-02,1,1"])
    with pytest.raises(ImportRejected) as rejected:
        run(force, system, "conferences", path)
    assert [str(p) for p in rejected.value.problems] == [
        "line 3, column conference_ref: the same reference as line 2"
    ]


def test_a_missing_required_column_is_named(force, data_dir, system, tmp_path):
    path = write(tmp_path / "c.csv", "conference_ref,unit,police_invited\nCF1,Leeds,true\n")
    with pytest.raises(ImportRejected) as rejected:
        run(force, system, "conferences", path)
    assert [str(p) for p in rejected.value.problems] == [
        "line 1, column held_on: the required column is missing from the header"
    ]


def test_an_unknown_column_is_ignored_with_a_warning(force, data_dir, tmp_path, capsys):
    path = write(
        tmp_path / "c.csv",
        f"{HEADER},officer_name\nCF1,Leeds,2014-02-01,true,true,Someone\n",
    )
    call_command("import_cases", "conferences", str(path), "--force", "west-yorkshire")
    out = capsys.readouterr()
    assert "warning: column 'officer_name' is not part of conferences and was ignored" in out.err
    assert "1 added, 0 updated, 0 removed" in out.out
    assert "officer_name" not in {c for c, _ in _stored_columns(force)}


def _stored_columns(force):
    with engine.Session() as session:
        return session.columns(
            engine.parquet_relation(store.snapshot(force.slug).path("conferences"))
        )


def test_parquet_files_import_like_csv(force, data_dir, system, tmp_path):
    csv = conferences(tmp_path, ["CF1,lds,2014-02-01,TRUE,", "CF2,Kirklees,2014-02-02,no,yes"])
    parquet = tmp_path / "c.parquet"
    with engine.Session() as session:
        engine.copy_to_parquet(session, f"SELECT * FROM {engine.csv_relation(csv)}", parquet)
    run(force, system, "conferences", parquet)
    assert [r[:5] for r in stored_rows(force)] == [
        ("CF1", "Leeds", datetime(2014, 2, 1).date(), True, None),
        ("CF2", "Kirklees", datetime(2014, 2, 2).date(), False, True),
    ]


def test_store_files_and_folders_are_private(force, data_dir, system, tmp_path):
    run(force, system, "conferences", conferences(tmp_path, ["CF1,Leeds,2014-02-01,true,true"]))
    root = data_dir / "cases" / "west-yorkshire"
    for path in [root, root / "conferences", root / "tmp"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    for path in [root / "current.json", root / "conferences" / "v1.parquet"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_versions_older_than_the_previous_one_are_deleted(force, data_dir, system, tmp_path):
    for day in (1, 2, 3):
        path = conferences(tmp_path, [f"CF1,Leeds,2014-02-0{day},true,true"], f"{day}.csv")
        run(force, system, "conferences", path)
    files = sorted(p.name for p in (data_dir / "cases/west-yorkshire/conferences").iterdir())
    assert files == ["v2.parquet", "v3.parquet"]


# The clock-change rule ---------------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")


def instants(texts):
    with engine.Session() as session:
        rows = session.rows(
            "SELECT CAST(london_wall_to_utc(CAST(t AS TIMESTAMP)) AS VARCHAR) FROM "
            "(SELECT unnest($1) AS t)", [texts]
        )  # fmt: skip
    return [r[0] for r in rows]


def test_a_time_that_does_not_exist_is_read_one_hour_later_on_the_clock():
    # 30 March 2014: clocks went from 01:00 GMT to 02:00 BST; 01:30 never happened. It is read
    # with the winter offset: 01:30 UTC, which the clock showed as 02:30 BST.
    assert instants(["2014-03-30 00:59:00", "2014-03-30 01:30:00", "2014-03-30 02:00:00"]) == [
        "2014-03-30 00:59:00", "2014-03-30 01:30:00", "2014-03-30 01:00:00"
    ]  # fmt: skip


def test_a_time_that_happened_twice_is_the_earlier_summer_time_instant():
    # 26 October 2014: 01:30 happened at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
    assert instants(["2014-10-26 00:59:00", "2014-10-26 01:30:00", "2014-10-26 02:00:00"]) == [
        "2014-10-25 23:59:00", "2014-10-26 00:30:00", "2014-10-26 02:00:00"
    ]  # fmt: skip


def _around_each_clock_change(years=range(1996, 2038)):
    """Every 20 minutes of the three days around each change, 1996-2037 by default."""
    for year in years:
        for month in (3, 10):
            last = datetime(year, month, 31)
            sunday = last - timedelta(days=(last.weekday() + 1) % 7)
            start = sunday - timedelta(days=1)
            yield from (start + timedelta(minutes=20 * i) for i in range(3 * 72))


def _around_each_new_year(years):
    for year in years:
        start = datetime(year, 1, 1) - timedelta(days=2)
        yield from (start + timedelta(hours=i) for i in range(4 * 24))


# The macros look the window up in a table for 1970-2099 and compute it outside: both paths,
# and the New Year edges where the table's year index may be one out. (zoneinfo knows the UK's
# older rules, e.g. British Standard Time in 1968-71, so before 1996 the test compares the
# look-up with the formula itself.)


def test_the_clock_rule_agrees_with_zoneinfo_at_the_table_end_and_every_new_year():
    walls = [
        *_around_each_clock_change(range(2096, 2106)),
        *_around_each_new_year(range(1997, 2106)),
    ]
    expected = [
        w.replace(tzinfo=LONDON, fold=0).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        for w in walls
    ]
    assert instants([w.isoformat(sep=" ") for w in walls]) == expected
    with engine.Session() as session:
        rows = session.rows(
            "SELECT CAST(utc_to_london_wall(CAST(t AS TIMESTAMP)) AS DATE) FROM "
            "(SELECT unnest($1) AS t)", [[u.isoformat(sep=" ") for u in walls]]
        )  # fmt: skip
    assert [r[0] for r in rows] == [u.replace(tzinfo=UTC).astimezone(LONDON).date() for u in walls]


def test_the_clock_look_up_agrees_with_the_formula_at_the_table_start():
    walls = [
        *_around_each_clock_change(range(1965, 1976)),
        *_around_each_new_year(range(1965, 1976)),
    ]
    formula = (
        "CASE WHEN t >= uk_last_sunday(year(t), 3) + INTERVAL 2 HOUR AND t < uk_last_sunday("
        "year(t), 10) + INTERVAL 2 HOUR THEN t - INTERVAL 1 HOUR ELSE t END"
    )
    with engine.Session() as session:
        differ = session.one(
            f"SELECT count(*) FILTER (WHERE london_wall_to_utc(t) <> {formula}), count(*) FROM "
            "(SELECT CAST(unnest($1) AS TIMESTAMP) AS t)", [[w.isoformat(sep=" ") for w in walls]]
        )  # fmt: skip
    assert differ == (0, len(walls))


def test_the_clock_rule_agrees_with_zoneinfo_fold_0_around_every_change():
    walls = list(_around_each_clock_change())
    expected = [
        w.replace(tzinfo=LONDON, fold=0).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        for w in walls
    ]
    assert instants([w.isoformat(sep=" ") for w in walls]) == expected


def test_local_dates_of_utc_instants_agree_with_zoneinfo_around_every_change():
    instants_ = list(_around_each_clock_change())
    expected = [u.replace(tzinfo=UTC).astimezone(LONDON).date() for u in instants_]
    with engine.Session() as session:
        rows = session.rows(
            "SELECT CAST(utc_to_london_wall(CAST(t AS TIMESTAMP)) AS DATE) FROM "
            "(SELECT unnest($1) AS t)", [[u.isoformat(sep=" ") for u in instants_]]
        )  # fmt: skip
    assert [r[0] for r in rows] == expected


# Malformed files never crash the importer nor write anything --------------------------------

CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "Leeds", "LDS", "true", "yes", "2014-02-01", "2014-13-01", "CF1",
                     '"', '""', ",", "\n", "\r\n", "Jane Smith", "x" * 70, "\ufeff", "\x00"]),
)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(CELL, min_size=0, max_size=7), min_size=0, max_size=6))
def test_malformed_rows_give_clean_errors_and_no_partial_write(
    force, data_dir, system, tmp_path, rows
):
    good = conferences(tmp_path, ["CF0,Leeds,2014-02-01,true,true"], "good.csv")
    if store.snapshot(force.slug).path("conferences") is None:
        run(force, system, "conferences", good)
    before = (store.snapshot(force.slug), stored_rows(force), CaseImport.objects.count())
    path = tmp_path / "fuzz.csv"
    path.write_text("\n".join([HEADER, *(",".join(r) for r in rows)]), encoding="utf-8")
    try:
        run(force, system, "conferences", path)
    except ImportRejected as error:
        rejected = error
    else:
        rejected = None
    if rejected is not None:
        assert rejected.lines()
        assert all("\n" not in line for line in rejected.lines())
        assert (
            store.snapshot(force.slug),
            stored_rows(force),
            CaseImport.objects.count(),
        ) == before
    assert os.listdir(data_dir / "cases/west-yorkshire/tmp") == []


def test_offsets_and_fractions_are_read(force, data_dir, system, tmp_path):
    path = write(
        tmp_path / "d.csv",
        "detention_ref,unit,age,arrived_at,released_at\n"
        "D1,Leeds,15,2014-06-10T23:30:00+00:00,2014-06-11T09:00:00.250\n"
        "D2,Leeds,15,2014-06-10T23:30+0100,2014-06-11 09:00Z\n",
    )
    run(force, system, "custody_detentions", path)
    with engine.Session() as session:
        rows = session.rows(
            "SELECT detention_ref, CAST(arrived_at AS VARCHAR), arrived_at_date, "
            "CAST(released_at AS VARCHAR), bail_refused FROM "
            f"{engine.parquet_relation(store.snapshot(force.slug).path('custody_detentions'))} "
            "ORDER BY 1"
        )
    assert rows == [
        ("D1", "2014-06-10 23:30:00+00", datetime(2014, 6, 11).date(),
         "2014-06-11 08:00:00.25+00", False),
        ("D2", "2014-06-10 22:30:00+00", datetime(2014, 6, 10).date(),
         "2014-06-11 09:00:00+00", False),
    ]  # fmt: skip
