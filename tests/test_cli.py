"""The `assure` command, run as a person runs it: in a subprocess, on a fresh data folder."""

import os
import sqlite3
import subprocess
import sys

import pytest


def assure(*args, data_dir, timeout=180, env_extra=None):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["ASSURE_DATA_DIR"] = str(data_dir)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "assure.site.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def counts(db_path) -> dict[str, int]:
    with sqlite3.connect(db_path) as connection:
        tables = [
            r[0]
            for r in connection.execute(
                "select name from sqlite_master where type='table' and name not like 'sqlite_%'"
            )
        ]
        return {t: connection.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}  # noqa: S608


@pytest.fixture(scope="module")
def demo_dir(prepared_demo_dir, copy_of_demo_dir):
    """A folder the first `assure demo --no-serve` of this run prepared (conftest.py: one run for
    the whole suite), copied for this module, and what that first run printed."""
    _, first = prepared_demo_dir
    return copy_of_demo_dir, first


def test_demo_prepares_the_embedded_installation_and_prints_sign_ins(demo_dir):
    data_dir, first = demo_dir
    assert (data_dir / "assure.sqlite3").exists()
    assert "coordinator@demo.assure.example" in first.stdout
    assert "password for all: assure-demo-2015" in first.stdout
    assert "records created" in first.stdout


def case_files(data_dir) -> dict[str, bytes]:
    """Every file of the case-data store but its lock and cached results, with its content."""
    root = data_dir / "cases"
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock" and "cache" not in p.parts
    }


def test_running_the_demo_twice_changes_nothing(demo_dir):
    data_dir, _ = demo_dir
    before = counts(data_dir / "assure.sqlite3")
    cases_before = case_files(data_dir)
    second = assure("demo", "--no-serve", data_dir=data_dir)
    assert second.returncode == 0, second.stderr
    assert "nothing changed" in second.stdout
    assert counts(data_dir / "assure.sqlite3") == before
    assert case_files(data_dir) == cases_before


def test_the_demo_loads_case_data_that_the_indicators_command_prints(demo_dir):
    data_dir, _ = demo_dir
    assert any(name.endswith("current.json") for name in case_files(data_dir))
    result = assure(
        "indicators", "--force", "west-yorkshire", "--as-of", "2015-12-31", "--format", "table",
        data_dir=data_dir,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for unit in ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield", "ALL"):
        assert result.stdout.count(f"  {unit} ") == 15, unit  # one line per indicator
    assert "no data" not in "".join(
        line for line in result.stdout.splitlines() if line.strip().startswith("ALL ")
    )


@pytest.mark.parametrize("command", [[], ["demo"], ["serve"], ["manage"]])
def test_every_command_has_help(command, tmp_path):
    result = assure(*command, "--help", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout.lower() or "available subcommands" in result.stdout.lower()


def test_an_unknown_command_is_one_line_and_exit_2(tmp_path):
    result = assure("frobnicate", data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == "assure: error: unknown command 'frobnicate'"


def test_errors_are_one_line_without_a_traceback(tmp_path):
    result = assure("demo", "--no-serve", data_dir="/proc/no-such-place/assure")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("assure: error:")


def test_manage_runs_django_commands(demo_dir):
    data_dir, _ = demo_dir
    result = assure("manage", "showmigrations", "accounts", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "[X] 0001_initial" in result.stdout


def test_an_empty_settings_variable_counts_as_unset(demo_dir):
    """``export DJANGO_SETTINGS_MODULE=`` left over in a shell: the command still runs."""
    data_dir, _ = demo_dir
    result = assure(
        "manage",
        "showmigrations",
        "accounts",
        data_dir=data_dir,
        env_extra={"DJANGO_SETTINGS_MODULE": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "[X] 0001_initial" in result.stdout


def test_serving_on_a_port_in_use_is_one_line(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = assure("demo", "--port", str(port), data_dir=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"assure: error: port {port} on 127.0.0.1 is in use; try --port {port + 1}"
    )


def test_serving_an_installation_that_was_never_set_up_says_what_to_do(tmp_path):
    result = assure("serve", "--port", "0", data_dir=tmp_path)
    assert result.returncode == 1
    assert "the database is not set up yet: run `assure demo --no-serve`" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_data_folder_and_its_files_are_for_their_owner_only(demo_dir):
    data_dir, _ = demo_dir
    assert data_dir.stat().st_mode & 0o777 == 0o700
    names = {"secret_key", "assure.sqlite3", "assure.sqlite3-wal", "files"}
    found = {p.name for p in data_dir.iterdir()}
    assert names - {"assure.sqlite3-wal"} <= found
    for path in data_dir.rglob("*"):
        assert path.stat().st_mode & 0o077 == 0, path
    uploads = [p for p in (data_dir / "files").rglob("*") if p.is_file()]
    assert uploads, "the demo's evidence uploads are checked too"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(demo_dir):
    """The demo installation under the default `assure serve` (two workers): its port."""
    import time
    import urllib.request

    data_dir, _ = demo_dir
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["ASSURE_DATA_DIR"] = str(data_dir)
    server = subprocess.Popen(
        [sys.executable, "-m", "assure.site.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):  # up to 60 s to start
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_slow_clients_do_not_make_the_server_unreachable(served):
    """Four connections dribbling one header byte a second (more than there are workers) still
    leave /health/ answering: gthread workers give a slow client one thread, not a process."""
    import socket
    import threading
    import time
    import urllib.request

    stop = threading.Event()
    try:
        slow = [socket.create_connection(("127.0.0.1", served)) for _ in range(4)]

        def dribble():
            for _ in range(60):
                for sock in slow:
                    sock.send(b"G")
                if stop.wait(1):
                    return

        threading.Thread(target=dribble, daemon=True).start()
        time.sleep(2)  # every slow connection has been handed its first byte
        with urllib.request.urlopen(f"http://127.0.0.1:{served}/health/", timeout=10) as response:
            assert response.status == 200
    finally:
        stop.set()


def test_each_response_closes_its_connection_so_the_workers_share_the_requests(served):
    """A worker keeps the connections it accepts: kept alive, a client's few connections could
    all stay on one worker while the other core idled (docs/deployment.md, --keep-alive)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    try:
        connection.request("GET", "/health/")
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        assert response.getheader("Connection", "").lower() == "close"
        assert response.will_close
    finally:
        connection.close()
