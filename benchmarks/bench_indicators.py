"""The indicator suite at 1 million and 10 million rows: the DuckDB engine beside the pandas
reference (benchmarks/pandas_indicators.py), in the same process on the same data, checked to
give the same numbers.

For each size it writes a force-year (2015) of synthetic data with ``assure synth``'s
generator (Parquet), imports every KIND into a fresh case-data store with the importer, then
times ``engine.compute`` over the store and the pandas reference over the raw files, and
prints engine time, pandas time, speed-up and the peak resident memory of each phase.
Targets (issue 10): the 10-million-row suite under 1 s of engine time, at least 5× faster than
pandas, peak memory under 1 GB.

    uv run python benchmarks/bench_indicators.py [--sizes 1e6,1e7] [--keep DIR]

When the engine (``assure.indicators.engine``) is not installed yet, only pandas runs and the
script says so plainly.
"""

import argparse
import datetime as dt
import math
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import pandas_indicators  # noqa: E402

YEAR = {"date_from": dt.date(2015, 1, 1), "date_to": dt.date(2015, 12, 31)}
AS_OF = dt.date(2015, 12, 31)
ROWS_PER_SCALE_YEAR = 64_700  # rows a force-year at --scale 1 (docs/synthetic-data.md)
PAGE = os.sysconf("SC_PAGE_SIZE")


class PeakMemory:
    """Samples this process's resident memory every 5 ms while a phase runs (DuckDB's memory is
    not Python's, so tracemalloc would not see it)."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * PAGE

    def __enter__(self):
        self.base = self.rss()
        self.peak = self.base
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self.rss())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def engine_or_none():
    try:
        from assure.indicators import engine  # the only module that imports duckdb
    except ImportError as error:
        return None, str(error)
    return engine, None


def setup_django(data_dir: Path):
    os.environ["ASSURE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.config.settings.test")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from assure.site.demo import load_demo

    load_demo()


def same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), abs_tol=1e-9)


def compare(engine_rows, pandas_rows) -> list[str]:
    theirs = {(r.id, r.unit): r for r in engine_rows}
    ours = {(r["id"], r["unit"]): r for r in pandas_rows}
    problems = []
    for key in sorted(set(theirs) | set(ours)):
        if key not in theirs or key not in ours:
            problems.append(f"{key}: only in {'pandas' if key in ours else 'the engine'}")
            continue
        e, p = theirs[key], ours[key]
        if not same(e.value, p["value"]):
            problems.append(f"{key}: engine {e.value}, pandas {p['value']}")
        for part in ("numerator", "denominator"):
            mine, other = p[part], getattr(e, part)
            if mine is not None and other is not None and not same(mine, other):
                problems.append(f"{key} {part}: engine {other}, pandas {mine}")
    return problems


def run(size: int, work: Path, engine) -> None:
    from assure.indicators.synth import WEST_YORKSHIRE_UNITS, generate

    scale = size / ROWS_PER_SCALE_YEAR
    raw = work / f"raw-{size}"
    started = time.perf_counter()
    rows = {}
    with PeakMemory() as memory:
        generate(
            scale=scale, seed=1, out_dir=raw, fmt="parquet",
            report=lambda kind, n, path: rows.__setitem__(kind, n), **YEAR,
        )  # fmt: skip
    total = sum(rows.values())
    print(
        f"\n== {total:,} rows (--scale {scale:.1f}, one force-year): generated in "
        f"{time.perf_counter() - started:.1f} s, peak {mib(memory.peak)}"
    )
    units = [(u.code, u.name) for u in WEST_YORKSHIRE_UNITS]

    engine_rows = None
    if engine is not None:
        from assure.accounts.models import Organisation
        from assure.indicators import importer

        data_dir = work / f"store-{size}"
        force = Organisation.objects.get(slug="west-yorkshire")
        started = time.perf_counter()
        for kind in rows:
            prepared = importer.prepare(
                force=force, kind=kind, path=raw / f"{kind}.parquet", replace=True,
                data_dir=data_dir,
            )  # fmt: skip
            prepared.publish()
        seconds = time.perf_counter() - started
        print(f"import (Parquet, all KINDs): {seconds:.1f} s, {total / seconds:,.0f} rows/s")
        names = [name for _, name in units]  # every unit of the force, as pandas gives them
        engine.compute(force="west-yorkshire", as_of=AS_OF, data_dir=data_dir, units=names, **YEAR)
        timings = []
        with PeakMemory() as engine_memory:
            for _ in range(3):
                started = time.perf_counter()
                engine_rows = engine.compute(
                    force="west-yorkshire", as_of=AS_OF, data_dir=data_dir, units=names, **YEAR
                )
                timings.append(time.perf_counter() - started)
        engine_time = min(timings)
        print(
            f"engine: best {engine_time:.3f} s of 3 (median {sorted(timings)[1]:.3f} s), "
            f"peak {mib(engine_memory.peak)} (+{mib(engine_memory.peak - engine_memory.base)})"
        )

    started = time.perf_counter()
    with PeakMemory() as pandas_memory:
        pandas_rows = pandas_indicators.compute(raw, as_of=AS_OF, units=units, **YEAR)
    pandas_time = time.perf_counter() - started
    print(
        f"pandas: {pandas_time:.3f} s, peak {mib(pandas_memory.peak)} "
        f"(+{mib(pandas_memory.peak - pandas_memory.base)})"
    )
    if engine_rows is None:
        print("ENGINE MISSING: assure.indicators.engine is not installed; pandas figures only.")
        return
    print(f"speed-up: {pandas_time / engine_time:.1f}× (pandas time / engine time)")
    problems = compare(engine_rows, pandas_rows)
    if problems:
        print(f"DIFFERENT: {len(problems)} values differ, e.g.")
        for line in problems[:15]:
            print("  ", line)
    else:
        print(f"same numbers: all {len(pandas_rows)} values agree (value, numerator, denominator)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1e6,1e7", help="total rows, comma-separated")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated files in DIR")
    options = parser.parse_args()
    sizes = [int(float(s)) for s in options.sizes.split(",")]
    work = Path(options.keep) if options.keep else Path(tempfile.mkdtemp(prefix="assure-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    engine, why = engine_or_none()
    if engine is None:
        print(f"ENGINE MISSING ({why}): running the pandas reference alone.")
    else:
        setup_django(work / "site")
    try:
        for size in sizes:
            run(size, work, engine)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
