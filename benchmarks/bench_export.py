"""The national JSON export: rows (assignments) per second and peak memory.

Run: uv run python benchmarks/bench_export.py --data DIR [--forces N] [--format json|csv]

DIR is an installation that holds the national data set (``ASSURE_DATA_DIR=DIR assure demo
--no-serve && ASSURE_DATA_DIR=DIR assure synth-plans --forces 43``). A demo installation's clock
is pinned to a day of its story, and the export is as at that day; ``ASSURE_TODAY=YYYY-MM-DD``
in the environment exports as at another (today's, as a production installation would).

The benchmark streams the export of every synthetic force (or the first N) through
``export.stream``, as ``assure export`` and the download buttons do, into a file, and prints
assignments per second, the SQL queries run, the size written, the CPU time it took (the machine
may be shared: rows per CPU-second is what one free core would give) and the process's peak
resident memory (its own high-water mark, VmHWM: ru_maxrss on Linux keeps a parent's resident
size across fork and exec) above what it held before the export started. Figures, not
assertions: tests/…/test_export.py holds the format and the query count.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def high_water_kb() -> int:
    """This process's peak resident memory so far, in KiB."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, type=Path, help="installation data folder")
    parser.add_argument("--forces", type=int, default=None, help="only the first N forces")
    parser.add_argument("--format", default="json", choices=["json", "csv"])
    args = parser.parse_args()
    os.environ["ASSURE_DATA_DIR"] = str(args.data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.config.settings.local")

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assure.accounts.models import Organisation
    from assure.core import clock
    from assure.plans import export

    forces = list(Organisation.objects.filter(slug__startswith="synth-force-").order_by("slug"))
    if args.forces:
        forces = forces[: args.forces]
    if not forces:
        sys.exit(f"no synthetic forces in {args.data}: run assure synth-plans --forces 43 there")
    rows = sum(export.count_rows(force) for force in forces)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    before, cpu_before = high_water_kb(), usage.ru_utime + usage.ru_stime
    with tempfile.TemporaryFile() as handle, CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        for force in forces:
            for chunk in export.stream(force, args.format):
                handle.write(chunk)
        seconds = time.perf_counter() - start
        size = handle.tell()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = high_water_kb(), usage.ru_utime + usage.ru_stime - cpu_before
    print(
        f"{args.format} export of {len(forces)} forces as at {clock.today()}"
        f"{' (a pinned clock)' if clock.pinned() else ''}: "
        f"{rows:,} assignments, {size / 1e6:.0f} MB "
        f"in {seconds:.1f} s = {rows / seconds:,.0f} rows/s ({cpu:.1f} s of CPU = "
        f"{rows / cpu:,.0f} rows per CPU-second, what a core of its own would give); "
        f"{len(captured)} queries "
        f"({len(captured) / len(forces):.0f} per force); peak RSS {peak / 1024:.0f} MB "
        f"({(peak - before) / 1024:.0f} MB above the {before / 1024:.0f} MB before the export)"
    )


if __name__ == "__main__":
    main()
