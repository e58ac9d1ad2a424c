"""Case-data import (CSV and Parquet) and the indicator suite, at 1 and 10 million rows.

Run: uv run python benchmarks/bench_case_import.py [--rows 1000000,10000000]

Generates missing_episodes files (CSV and typed Parquet) in a temporary folder with DuckDB, then
in a fresh subprocess each imports one into an empty store (the full check, normalise, write and
swap; a test-settings in-memory database for the force and its units) and prints rows per second
and the subprocess's peak RSS, with its CPU seconds and the machine's load average (on a
shared machine the wall time alone misleads). Then the whole fifteen-indicator suite over the
imported store (N missing episodes, plus N/10 records of each of the six other KINDs) in a
fresh subprocess: best engine time of three, and peak RSS. Targets: Parquet >= 1,000,000
rows/s, CSV >= 300,000 rows/s, suite at 10M rows < 1 s and < 1 GB.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

DISTRICTS = ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"]
UNITS_SQL = "[" + ", ".join(f"'{d}'" for d in DISTRICTS) + "]"

MISSING = """
SELECT 'E' || i AS episode_ref, 'P' || (i // 3) AS person_ref,
       {units}[1 + i % 5] AS unit, reported_at, 6 + CAST(hash(i) % 13 AS INTEGER) AS age,
       CASE WHEN hash(i * 3) % 100 < 16 THEN 'high' WHEN hash(i * 3) % 100 < 84 THEN 'medium'
            WHEN hash(i * 3) % 100 < 92 THEN 'low' ELSE 'no_apparent_risk' END AS risk,
       hash(i * 5) % 4 = 0 AS in_care, hash(i * 13) % 6 = 0 AS cse_risk,
       CASE WHEN hash(i * 7) % 10 < 8
            THEN reported_at + to_minutes(CAST(hash(i * 11) % 180 AS BIGINT)) END
         AS first_attended_at,
       CASE WHEN hash(i * 17) % 10 < 9
            THEN reported_at + to_hours(CAST(hash(i * 19) % 120 AS BIGINT)) END
         AS first_reviewed_at,
       reported_at + to_hours(CAST(1 + hash(i * 23) % 72 AS BIGINT)) AS found_at
FROM (SELECT i, TIMESTAMP '2014-01-01' + to_seconds(CAST(i * {step} AS BIGINT)) AS reported_at
      FROM range({rows}) r(i))
"""

OTHERS = {
    "investigations": """SELECT 'I' || i AS investigation_ref, {units}[1 + i % 5] AS unit,
        ['child_abuse', 'cse', 'online_cse', 'other'][1 + i % 4] AS category, t AS opened_at,
        CASE WHEN i % 3 > 0 THEN t + to_days(CAST(hash(i) % 200 AS BIGINT)) END AS closed_at,
        t + to_days(CAST(hash(i * 3) % 60 AS BIGINT)) AS last_supervised_at FROM {base}""",
    "custody_detentions": """SELECT 'D' || i AS detention_ref, {units}[1 + i % 5] AS unit,
        10 + CAST(hash(i) % 10 AS INTEGER) AS age, t AS arrived_at,
        t + to_hours(CAST(hash(i * 3) % 30 AS BIGINT)) AS released_at,
        CASE WHEN i % 2 = 0 THEN t + to_hours(2) END AS charged_at, i % 4 = 0 AS bail_refused,
        CASE WHEN i % 8 = 0 THEN t + to_hours(5) END AS transferred_at FROM {base}""",
    "offenders": """SELECT 'O' || i AS offender_ref, {units}[1 + i % 5] AS unit,
        'OFF' || (i % 997) AS officer_ref,
        ['very_high', 'high', 'medium', 'low'][1 + i % 4] AS risk,
        CAST(t AS DATE) - 900 AS registered_from,
        CASE WHEN i % 5 = 0 THEN CAST(t AS DATE) END AS registered_until,
        CAST(t AS DATE) + 30 AS next_visit_due FROM {base}""",
    "forensic_exhibits": """SELECT 'X' || i AS exhibit_ref, {units}[1 + i % 5] AS unit,
        'K' || (i // 4) AS case_ref, i % 2 = 0 AS child_abuse, t AS submitted_at,
        CASE WHEN i % 3 > 0 THEN t + to_days(CAST(hash(i) % 90 AS BIGINT)) END AS started_at,
        CAST(NULL AS TIMESTAMP) AS completed_at FROM {base}""",
    "case_audits": """SELECT 'A' || i AS audit_ref, 'K' || (i // 2) AS case_ref,
        {units}[1 + (i // 2) % 5] AS unit, CAST(t AS DATE) AS audited_on,
        CASE WHEN i % 2 = 0 THEN 'force' ELSE 'inspectorate' END AS auditor,
        ['good', 'adequate', 'requires_improvement', 'inadequate'][1 + CAST(hash(i) % 4 AS INTEGER)]
          AS grade
        FROM {base}""",
    "conferences": """SELECT 'C' || i AS conference_ref, {units}[1 + i % 5] AS unit,
        CAST(t AS DATE) AS held_on, i % 10 > 0 AS police_invited, i % 3 > 0 AS police_attended,
        CAST(NULL AS BOOLEAN) AS police_report_submitted FROM {base}""",
}

CHILD = r"""
import json, os, resource, sys, time
from datetime import date
from pathlib import Path
os.environ["DJANGO_SETTINGS_MODULE"] = "assure.config.settings.test"
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.DATA_DIR = Path(sys.argv[2])
call_command("migrate", verbosity=0)
from assure.accounts.models import Organisation, Unit
from assure.core.audit import SystemActor
force = Organisation.objects.create(name="Bench", slug="bench", kind="force")
for name in json.loads(sys.argv[3]):
    Unit.objects.create(organisation=force, kind="district", code=name[:3].upper(), name=name)
mode = sys.argv[1]
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
if mode == "import":
    from assure.indicators.importer import import_cases
    for kind, path in json.loads(sys.argv[4]):
        start, cpu_start = time.perf_counter(), cpu()
        record, _ = import_cases(
            actor=SystemActor("bench"), force=force, kind=kind, path=Path(path))
        seconds, cpu_seconds = time.perf_counter() - start, cpu() - cpu_start
    result = {"rows": record.rows_added, "seconds": seconds, "cpu": cpu_seconds}
else:
    from assure.indicators import engine, store
    snapshot = store.snapshot("bench")
    times, cpus = [], []
    for _ in range(3):
        start, cpu_start = time.perf_counter(), cpu()
        values = engine.compute_snapshot(snapshot, as_of=date(2015, 12, 31),
            date_from=date(2015, 1, 1), date_to=date(2015, 12, 31))
        times.append(time.perf_counter() - start)
        cpus.append(cpu() - cpu_start)
    result = {"seconds": min(times), "cpu": min(cpus), "values": len(values)}
# The process's own high-water mark: ru_maxrss on Linux keeps the parent's resident size
# across fork and exec, so it would report the generator's memory, not the import's.
with open("/proc/self/status") as status:
    hwm = next(line for line in status if line.startswith("VmHWM:"))
result["peak_rss_mb"] = int(hwm.split()[1]) / 1024
print(json.dumps(result))
"""


def load() -> str:
    """The machine's load beside each figure: on a shared machine, wall time is only meaningful
    with it. CPU seconds (user + system, all threads) do not depend on it as much."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count() or 1} cores"


def child(*args) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def generate(folder: Path, rows: int) -> dict[str, Path]:
    from assure.indicators import engine

    step = 2 * 365 * 86400 / rows  # spread over 2014 and 2015
    missing = MISSING.format(units=UNITS_SQL, step=step, rows=rows)
    paths = {"parquet": folder / f"missing_{rows}.parquet", "csv": folder / f"missing_{rows}.csv"}
    with engine.Session() as session:
        engine.copy_to_parquet(session, missing, paths["parquet"])
        text = (
            "SELECT * REPLACE ("
            + ", ".join(
                f"strftime({c}, '%Y-%m-%dT%H:%M:%S') AS {c}"
                for c in ("reported_at", "first_attended_at", "first_reviewed_at", "found_at")
            )
            + f") FROM read_parquet('{paths['parquet']}')"
        )
        session.run(f"COPY ({text}) TO '{paths['csv']}' (HEADER)")
        other_rows = rows // 10
        base = (
            f"(SELECT i, TIMESTAMP '2014-01-01' + to_seconds(CAST(i * "
            f"{2 * 365 * 86400 / other_rows} AS BIGINT)) AS t FROM range({other_rows}) r(i))"
        )
        for kind, sql in OTHERS.items():
            paths[kind] = folder / f"{kind}_{rows}.parquet"
            engine.copy_to_parquet(session, sql.format(units=UNITS_SQL, base=base), paths[kind])
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="1000000,10000000")
    parser.add_argument("--formats", default="parquet,csv")
    args = parser.parse_args()
    units = json.dumps(DISTRICTS)
    with tempfile.TemporaryDirectory(prefix="assure-bench-") as tmp:
        folder = Path(tmp)
        for rows in (int(n) for n in args.rows.split(",")):
            start = time.perf_counter()
            paths = generate(folder, rows)
            size = {f: paths[f].stat().st_size / 2**20 for f in ("csv", "parquet")}
            print(
                f"\n{rows:,} missing episodes (generated in {time.perf_counter() - start:.1f} s;"
                f" CSV {size['csv']:.0f} MB, Parquet {size['parquet']:.0f} MB)"
            )
            for fmt in args.formats.split(","):
                store_dir = folder / f"store-{fmt}-{rows}"
                result = child(
                    "import",
                    str(store_dir),
                    units,
                    json.dumps([["missing_episodes", str(paths[fmt])]]),
                )
                rate = result["rows"] / result["seconds"]
                print(
                    f"  import {fmt:8} {result['seconds']:6.2f} s  {rate:12,.0f} rows/s"
                    f"  peak RSS {result['peak_rss_mb']:6.0f} MB  (CPU {result['cpu']:.2f} s;"
                    f" {load()})"
                )
            suite_dir = folder / f"store-suite-{rows}"
            kinds = [["missing_episodes", str(paths["parquet"])]]
            kinds += [[kind, str(paths[kind])] for kind in OTHERS]
            child("import", str(suite_dir), units, json.dumps(kinds))
            result = child("suite", str(suite_dir), units)
            print(
                f"  indicator suite (15 indicators x 5 districts + ALL, {rows:,} episodes + "
                f"{rows // 10:,} of each other KIND): {result['seconds'] * 1000:6.0f} ms engine"
                f" time (CPU {result['cpu'] * 1000:.0f} ms), peak RSS"
                f" {result['peak_rss_mb']:.0f} MB ({load()})"
            )
    _ = date


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.config.settings.test")
    main()
