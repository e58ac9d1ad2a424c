"""A signed-in page's latency while the server is attacked: slow clients, then a sign-in flood.

Run: uv run python benchmarks/bench_attacks.py [--phase-seconds 20]

Sets up the demo in a temporary data folder, starts `assure serve` on a free port of 127.0.0.1 (the
only address it talks to), signs the coordinator in and requests their plan page one request after
another during three phases of fixed length:

- baseline: nothing else happens;
- slow clients: 8 connections each send one byte of a request header every 5 seconds (the attack
  that made /health/ unreachable with sync workers);
- sign-in flood: 8 clients post sign-ins with made-up e-mail addresses as fast as they are answered
  (each let through costs an Argon2 hash; the rate limits answer the rest with 429).

Prints, per phase, the page's requests, median and p99 in milliseconds (goal: p99 under 500 ms),
and for the flood how many attempts were checked and how many refused. Everything stops by itself:
loops are bounded by the phase length, and the server is stopped at the end.
"""

import argparse
import contextlib
import http.cookiejar
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HOST = "127.0.0.1"
COORDINATOR = "coordinator@demo.assure.example"
PASSWORD = "assure-demo-2015"  # noqa: S105 - the demo's published password


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Client:
    """A browser-like client: cookies, and the CSRF token from the sign-in form."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str, timeout: float = 30):
        with self.opener.open(self.base + path, timeout=timeout) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: dict, timeout: float = 30) -> int:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(  # noqa: S310 - our own loopback server
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def csrf(self) -> str:
        _, html = self.get("/sign-in/")
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def sign_in(self, email: str, password: str) -> int:
        return self.post(
            "/sign-in/",
            {"csrfmiddlewaretoken": self.csrf(), "username": email, "password": password},
        )


def measure(client: Client, path: str, seconds: float) -> list[float]:
    times = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        start = time.perf_counter()
        status, _ = client.get(path)
        times.append(time.perf_counter() - start)
        assert status == 200, status
        time.sleep(0.05)
    return times


def slow_clients(port: int, stop: threading.Event, count: int = 8) -> None:
    sockets = [socket.create_connection((HOST, port)) for _ in range(count)]
    request = b"GET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 1000
    try:
        for byte in request:
            for sock in sockets:
                with contextlib.suppress(OSError):  # the server may give up on one: its right
                    sock.send(bytes([byte]))
            if stop.wait(5):
                return
    finally:
        for sock in sockets:
            sock.close()


def flood(base: str, seconds: float, n: int, outcomes) -> None:
    """One flooding client, in a process of its own so that it does not compete with the measuring
    client for this process's interpreter lock."""
    client = Client(base)
    token = client.csrf()
    attempt = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        attempt += 1
        status = client.post(
            "/sign-in/",
            {
                "csrfmiddlewaretoken": token,
                "username": f"nobody-{n}-{attempt}@flood.example",
                "password": "not-the-password",
            },
        )
        outcomes.put(status)


def report(name: str, times: list[float], extra: str = "") -> None:
    ms = sorted(t * 1000 for t in times)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    print(
        f"{name:<14} {len(ms):>5} requests  median {statistics.median(ms):6.0f} ms  "
        f"p99 {p99:6.0f} ms  max {ms[-1]:6.0f} ms  {extra}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase-seconds", type=float, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="assure-bench-") as data_dir:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env["ASSURE_DATA_DIR"] = data_dir
        cli = [sys.executable, "-m", "assure.site.cli"]
        print(f"Setting up the demo in {data_dir} …", flush=True)
        subprocess.run([*cli, "demo", "--no-serve"], env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [*cli, "serve", "--host", HOST, "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://{HOST}:{port}"
        try:
            for _ in range(120):
                try:
                    Client(base).get("/health/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            user = Client(base)
            assert user.sign_in(COORDINATOR, PASSWORD) == 200  # redirected to the home page
            _, home = user.get("/inspections/")
            inspection = re.search(r'href="(/inspections/\d+/)"', home).group(1)
            _, detail = user.get(inspection)
            page = re.search(r'href="(/plans/\d+/)"', detail).group(1)
            print(f"Signed-in page: {page} (the coordinator's action plan)\n", flush=True)
            user.get(page)  # warm up

            report("baseline", measure(user, page, options.phase_seconds))

            stop = threading.Event()
            attacker = threading.Thread(target=slow_clients, args=(port, stop))
            attacker.start()
            time.sleep(1)
            times = measure(user, page, options.phase_seconds)
            health_status, _ = Client(base).get("/health/", timeout=10)
            stop.set()
            attacker.join()
            report("slow clients", times, f"(8 sockets; /health/ answered {health_status})")

            context = multiprocessing.get_context("spawn")
            outcomes = context.SimpleQueue()
            flooders = [
                context.Process(target=flood, args=(base, options.phase_seconds + 3, n, outcomes))
                for n in range(8)
            ]
            for process in flooders:
                process.start()
            time.sleep(2)
            times = measure(user, page, options.phase_seconds)
            for process in flooders:
                process.join(timeout=60)
            statuses = []
            while not outcomes.empty():
                statuses.append(outcomes.get())
            checked, refused = statuses.count(200), statuses.count(429)
            report("sign-in flood", times, f"(8 clients; {checked} checked, {refused} refused 429)")
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
