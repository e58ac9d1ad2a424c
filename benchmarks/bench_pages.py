"""Every main page at scale: one-request time, SQL queries, HTML size, and requests per second.

Run: uv run python benchmarks/bench_pages.py [--volume big|national|both] [--keep DIR]

For each volume it prepares an installation in a data folder (or reuses one given with
``--data-big DIR`` / ``--data-national DIR``):

- big: ``assure demo`` plus ``assure synth-plans --force west-yorkshire --actions 10000``;
- national: ``assure demo`` plus ``assure synth-plans --forces 43``;

then, in this process against the same database, times each page (median of 5 after one warm-up)
and counts its SQL queries; then serves the installation with the default ``assure serve`` and
drives the plan matrix and My work with ``wrk`` at 10 and 50 connections (10 s each) with a
signed-in session cookie. Last it times the national JSON export written to a file by
``assure export`` and reports its rows per second and peak memory (``/usr/bin/time``-style
``ru_maxrss`` of the child).

With DATABASE_URL set, the same runs on PostgreSQL (the data folder then holds only files).
Figures, not assertions: tests/…/test_query_counts.py holds queries and HTML size flat.
"""

import argparse
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def assure(*args, env, check=True, capture=False):
    return subprocess.run(
        ["uv", "run", "--quiet", "assure", *args],
        env=env,
        cwd=ROOT,
        check=check,
        capture_output=capture,
        text=True,
    )


def prepare(volume: str, data: Path | None) -> tuple[Path, bool]:
    if data and ((data / "assure.sqlite3").exists() or os.environ.get("DATABASE_URL")):
        return data, False
    data = data or Path(tempfile.mkdtemp(prefix=f"assure-bench-{volume}-"))
    env = {**os.environ, "ASSURE_DATA_DIR": str(data)}
    started = time.perf_counter()
    assure("demo", "--no-serve", env=env, capture=True)
    if volume == "big":
        out = assure(
            "synth-plans", "--force", "west-yorkshire", "--actions", "10000", env=env, capture=True
        )
    else:
        out = assure("synth-plans", "--forces", "43", env=env, capture=True)
    print(f"[{volume}] prepared in {time.perf_counter() - started:.0f} s: {out.stdout.strip()}")
    return data, True


def setup_django(data: Path):
    os.environ["ASSURE_DATA_DIR"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.config.settings.local")
    import django

    django.setup()


def pages(volume: str) -> list[tuple[str, str, str]]:
    """(label, role e-mail, url) for each page measured."""
    from assure.accounts.models import Organisation
    from assure.inspections.models import Inspection
    from assure.plans.models import ActionPlan, Assignment, Closure

    if volume == "big":
        force = Organisation.objects.get(slug="west-yorkshire")
        coordinator = "coordinator@demo.assure.example"
        lead = "lead.leeds@demo.assure.example"
        approver = "approver@demo.assure.example"
    else:
        force = (
            Organisation.objects.filter(slug__startswith="synth-force-").order_by("slug").first()
        )
        coordinator = f"coordinator@{force.slug}.assure.example"
        lead = f"lead.nor@{force.slug}.assure.example"
        approver = "approver@demo.assure.example"
    plan = (
        ActionPlan.objects.filter(inspection__force=force)
        .order_by("-inspection__recommendations__id")
        .first()
    )
    inspection = Inspection.objects.get(pk=plan.inspection_id)
    rec = inspection.recommendations.order_by("position").first()
    assignment = Assignment.objects.filter(action__plan=plan).order_by("-update_count").first()
    closure = Closure.objects.filter(
        decision="pending", assignment__action__plan__inspection__force=force
    ).first()
    inspector = "inspector@demo.assure.example"
    result = [
        ("plan matrix", coordinator, f"/plans/{plan.pk}/"),
        ("matrix page 5", coordinator, f"/plans/{plan.pk}/?page=5"),
        ("matrix overdue", coordinator, f"/plans/{plan.pk}/?overdue=on"),
        ("matrix as at", coordinator, f"/plans/{plan.pk}/?as_of=2015-06-30"),
        ("matrix opened", coordinator, f"/plans/{plan.pk}/?open={rec.pk}"),
        ("my work coord.", coordinator, "/my-work/"),
        ("my work lead", lead, "/my-work/"),
        ("inspection", coordinator, f"/inspections/{inspection.pk}/"),
        ("inspections", inspector, "/inspections/"),
        ("assignment", coordinator, f"/assignments/{assignment.pk}/"),
        ("audit trail", coordinator, "/audit/"),
        ("approvals", approver, "/approvals/"),
        ("national", inspector, "/national/"),
        ("national area", inspector, "/national/?area=Missing+children"),
    ]
    if closure and volume == "big":  # the synthetic forces have no approver of their own
        result.append(("closure", approver, f"/closures/{closure.pk}/"))
    return result


def measure_in_process(rows, *, page_cache: bool):
    """Median of 5 after one warm-up. With the page cache off (``cold``) every request works the
    page out, as the first request after any change does; with it on (``warm``), what every other
    request costs."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assure.accounts.models import User

    settings.ASSURE_PAGE_CACHE = page_cache

    clients: dict[str, Client] = {}
    cookies: dict[str, str] = {}
    out = []
    for label, email, url in rows:
        if email not in clients:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(email=email))
            clients[email] = client
            cookies[email] = client.cookies["sessionid"].value
        client = clients[email]
        response = client.get(url)  # warm
        times = []
        for _ in range(5):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        # Counted in a request of its own: recording queries writes out each one's SQL with its
        # parameters, which is not a cost a person waits for (about 1 ms a query on PostgreSQL).
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        out.append(
            (
                label,
                url,
                response.status_code,
                statistics.median(times),
                len(captured),
                len(response.content),
            )
        )
    return out, cookies


def after_a_write_in_one_force(rows):
    """The national view's first request after someone in one force writes (cache on): what an
    inspector waits for while forces work, since every write moves the page's data version. The
    write is an audit event naming one force, which is what a service's write does to the
    versions (median of 5)."""
    from django.conf import settings
    from django.test import Client

    from assure.accounts.models import Organisation, User
    from assure.core import audit
    from assure.core.audit import SystemActor

    settings.ASSURE_PAGE_CACHE = True
    force = Organisation.objects.filter(slug__startswith="synth-force-").order_by("slug").last()
    for label, email, url in rows:
        if not label.startswith("national"):
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(email=email))
        client.get(url)
        times = []
        for _ in range(5):
            audit.record(actor=SystemActor("bench"), event="bench.write", organisation=force)
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
        print(f"  {label} after a write in one force: {statistics.median(times):.1f} ms")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, cookie: str, connections: int, seconds: int = 10) -> tuple[float, str]:
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: sessionid={cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    p99 = re.search(r"^\s+99%\s+(\S+)", result.stdout, re.MULTILINE)  # latency distribution
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    note = f"p99 {p99.group(1) if p99 else '?'}" + (
        f", {non2xx.group(1)} non-2xx" if non2xx else ""
    )
    return rps, note


def simulated_users(port: int, rows, cookies, users: int = 50, seconds: int = 60):
    """``users`` people, each asking for one of the measured pages (at random) about every 5
    seconds (2.5 to 7.5 s of reading between pages), arriving over the first 5 seconds; p50, p95
    and p99 of what each waited. Each person keeps their connection open as a browser does and,
    like a browser, sends the request again on a new one when the server has closed an idle
    connection just as it was reused (RFC 9112 section 9.3.1). wrk's delay() cannot do that, so
    each such race counted as an error or a two-second time-out there."""
    import http.client
    import random
    import threading

    waits: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def person(seed: int):
        rnd = random.Random(seed)
        time.sleep(rnd.uniform(0, 5))
        conn = None
        while time.monotonic() < stop:
            _label, email, url = rnd.choice(rows)
            start = time.perf_counter()
            try:
                for _attempt in (1, 2):
                    reused = conn is not None
                    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    try:
                        conn.request("GET", url, headers={"Cookie": f"sessionid={cookies[email]}"})
                        response = conn.getresponse()
                        response.read()
                        break
                    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                        conn.close()
                        conn = None
                        if not reused:
                            raise
                with lock:
                    waits.append((time.perf_counter() - start) * 1000)
                    failures[0] += response.status != 200
            except OSError:
                with lock:
                    failures[0] += 1
                conn = None
            time.sleep(rnd.uniform(2.5, 7.5))

    threads = [threading.Thread(target=person, args=(i,)) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    waits.sort()

    def q(p):
        return waits[min(len(waits) - 1, int(len(waits) * p))]

    print(
        f"  {users} users, a page each about every 5 s for {seconds} s: {len(waits)} requests, "
        f"p50 {q(0.5):.1f} ms, p95 {q(0.95):.1f} ms, p99 {q(0.99):.1f} ms, max {waits[-1]:.1f} "
        f"ms, {failures[0]} failed"
    )


def run_daily_jobs(data: Path):
    """The day's update cycles and reminder digests, done before serving: `assure serve` would
    start them itself on a new installation's first day, and at national scale they write
    audit events for minutes, so every page would be worked out afresh while they ran."""
    env = {**os.environ, "ASSURE_DATA_DIR": str(data)}
    started = time.perf_counter()
    assure("manage", "daily_schedule", "--once", env=env, capture=True)
    assure("manage", "db_worker", "--batch", "--no-startup-delay", env=env, capture=True)
    print(
        f"  the day's jobs (update cycles, reminders) ran in {time.perf_counter() - started:.0f} s"
    )


def load(data: Path, targets, cookies, seconds: int, rows=None):
    run_daily_jobs(data)
    port = free_port()
    env = {**os.environ, "ASSURE_DATA_DIR": str(data)}
    server = subprocess.Popen(
        ["uv", "run", "--quiet", "assure", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.3)
        # The workers and the task worker are still starting (each imports Django) when the port
        # first answers: let them settle, and ask for every page once on each worker.
        time.sleep(5)
        for _label, email, url in rows or targets:
            wrk(f"http://127.0.0.1:{port}{url}", cookies[email], 4, 1)
        for label, email, url in targets:
            for connections in (10, 50):
                rps, note = wrk(
                    f"http://127.0.0.1:{port}{url}", cookies[email], connections, seconds
                )
                print(f"  wrk {label:<16} {connections:>2} connections: {rps:7.1f} req/s ({note})")
        if rows:
            simulated_users(port, rows, cookies)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def export_figures(data: Path, force_slug: str):
    env = {**os.environ, "ASSURE_DATA_DIR": str(data)}
    out = data / "bench-export.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    assure(
        "export", "--force", force_slug, "--format", "json", "-o", str(out), env=env, capture=True
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    text = out.read_text()
    rows = text.count('"closure_state"')  # one per assignment
    print(
        f"  export json {force_slug}: {rows:,} assignments, {len(text) / 1e6:.1f} MB in "
        f"{seconds:.1f} s = {rows / seconds:,.0f} rows/s; peak child RSS "
        f"{max(peak, before) / 1024:.0f} MB (includes uv's start-up)"
    )
    out.unlink()


def export_national(data: Path):
    """Every synthetic force through the export module in a process of its own
    (benchmarks/bench_export.py): rows per second and peak memory of a national export written
    row by row. (Measured here under tracemalloc, it ran at half speed.)"""
    env = {**os.environ, "ASSURE_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_export.py"), "--data", str(data)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    line = (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]
    print(f"  national {line}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--volume", choices=["big", "national", "both"], default="both")
    parser.add_argument("--data-big", type=Path)
    parser.add_argument("--data-national", type=Path)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per run (10)")
    parser.add_argument("--no-wrk", action="store_true")
    options = parser.parse_args()
    volumes = ["big", "national"] if options.volume == "both" else [options.volume]
    if len(volumes) > 1:
        # Django sets up once per process: one child per volume.
        for volume in volumes:
            args = [sys.executable, __file__, "--volume", volume, "--seconds", str(options.seconds)]
            if options.no_wrk:
                args.append("--no-wrk")
            data = getattr(options, f"data_{volume}")
            if data:
                args += [f"--data-{volume}", str(data)]
            subprocess.run(args, check=True)
        return
    volume = volumes[0]
    data, made = prepare(volume, getattr(options, f"data_{volume}"))
    setup_django(data)
    from django.db import connection

    print(f"[{volume}] database: {connection.vendor}, data {data}")
    rows = pages(volume)
    cold, cookies = measure_in_process(rows, page_cache=False)
    warm, _ = measure_in_process(rows, page_cache=True)
    print(
        f"  {'page':<16} {'status':>6} {'cold ms':>7} {'queries':>7} {'warm ms':>7} "
        f"{'queries':>7} {'KB':>7}  url"
    )
    for (label, url, status, ms, queries, size), w in zip(cold, warm, strict=True):
        flag = " <-- over" if ms > 100 or size > 300_000 else ""
        print(
            f"  {label:<16} {status:>6} {ms:7.1f} {queries:>7} {w[3]:7.1f} {w[4]:>7} "
            f"{size / 1000:7.1f}  {url}{flag}"
        )
    if volume == "national":
        after_a_write_in_one_force(rows)
    if not options.no_wrk and shutil.which("wrk"):
        targets = [r for r in rows if r[0] in ("plan matrix", "my work coord.", "my work lead")]
        load(data, targets, cookies, options.seconds, rows=rows)
    if volume == "national":
        export_national(data)
    if made:
        print(f"  (data kept in {data})")


if __name__ == "__main__":
    main()
