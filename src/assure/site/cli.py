"""The ``assure`` command: set up and serve the demo, serve an installation, and run Assure's own
management commands (``assure import-report …`` is ``manage.py import_report …``).

Errors are one line on standard error and a non-zero exit, never a traceback.
"""

import argparse
import os
import sys
import uuid

DEFAULT_SETTINGS = "assure.config.settings.local"


def project_commands() -> dict[str, str]:
    """``assure <name>`` -> the app that offers it: every installed app's declared
    ``cli_commands`` (core/registry.py), read without setting Django up so that ``--help`` works
    before anything is installed."""
    import importlib
    import inspect

    from assure.config.settings.base import INSTALLED_APPS
    from assure.core.registry import AssureAppConfig

    found = {}
    for app in INSTALLED_APPS:
        if not app.startswith("assure."):
            continue
        module = importlib.import_module(f"{app}.apps")
        for _name, config in inspect.getmembers(module, inspect.isclass):
            if issubclass(config, AssureAppConfig) and getattr(config, "name", None) == app:
                for command in config.cli_commands:
                    found[command] = config.label
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assure",
        description="Assure: from inspection to delivered, evidenced and measured improvement.",
        epilog="Each command has its own --help, e.g. `assure demo --help`.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser(
        "demo",
        help="set up the demo on the embedded database and serve it",
        description=(
            "Create (or update) the embedded SQLite installation in ASSURE_DATA_DIR "
            "(default ./assure-data), load the West Yorkshire demo idempotently, print the "
            "demo sign-ins and serve on http://127.0.0.1:8000."
        ),
    )
    demo.add_argument("--no-serve", action="store_true", help="prepare the demo and exit")
    _serving_arguments(demo)
    serve = sub.add_parser(
        "serve",
        help="serve an existing installation",
        description="Serve with gunicorn; static files by whitenoise.",
    )
    _serving_arguments(serve)
    sub.add_parser("manage", help="run a Django management command (for operators)", add_help=False)
    for name, app in project_commands().items():
        sub.add_parser(name, help=f"({app}) see `assure {name} --help`", add_help=False)
    return parser


def _serving_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (2)")
    parser.add_argument(
        "--threads", type=int, default=8, help="threads per worker, one request each (8)"
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Set but empty (e.g. ``export DJANGO_SETTINGS_MODULE=``) counts as unset: Django would
    # otherwise stop with "settings are not configured", which does not say what is wrong.
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        os.environ["DJANGO_SETTINGS_MODULE"] = DEFAULT_SETTINGS
    parser = build_parser()
    if not argv or argv[0] in ("-h", "--help"):
        parser.print_help()
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    try:
        if command in ("demo", "serve"):
            options = parser.parse_args(argv)
            return run_demo(options) if command == "demo" else run_serve(options)
        if command == "manage":
            return run_django(["assure manage", *rest])
        if command in project_commands():
            return run_django([f"assure {command}", command.replace("-", "_"), *rest])
        parser.print_usage(sys.stderr)
        print(f"assure: error: unknown command {command!r}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the one place that turns errors into a line
        print(f"assure: error: {one_line(error)}", file=sys.stderr)
        return 1


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text


def run_django(argv: list[str]) -> int:
    import django
    from django.core.management import ManagementUtility

    django.setup()
    program, *args = argv
    # ManagementUtility prints CommandError as one line and exits with its return code.
    utility = ManagementUtility(["manage", *args])
    utility.prog_name = program
    try:
        utility.execute()
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    return 0


def run_demo(options) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from assure.site.demo import load_demo, pin_demo_clock, refuse_under_production

    refuse_under_production()  # before migrate: a production database is left untouched
    if not options.no_serve and not port_free(options.host, options.port):
        raise CommandFailed(
            f"port {options.port} on {options.host} is in use; try --port {options.port + 1}"
        )
    print(f"Assure demo: data in {settings.DATA_DIR}")
    # Pinned before loading, so that the demo's statuses are rolled up on the day it is read on.
    if today := pin_demo_clock():
        print(f"Demo clock: today is {today.day} {today:%B %Y} (ASSURE_TODAY; see the README).")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    result = load_demo()
    if result.made:
        print(f"Loaded the demo: {len(result.made)} records created.")
    else:
        print("The demo is already loaded: nothing changed.")
    print()
    print(f"Demo sign-ins (password for all: {result.password}):")
    width = max(len(p.email) for p in result.people)
    for person in result.people:
        print(f"  {person.email.ljust(width)}  {person.role.label}, {person.job_title}")
    print()
    if options.no_serve:
        return 0
    return run_serve(options, prepared=True)


class CommandFailed(Exception):
    """A problem the person can put right, said in one line."""


def port_free(host: str, port: int) -> bool:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError:
            return False
    return True


def require_migrated() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandFailed(
            "the database is not set up yet: run `assure demo --no-serve` "
            "or `assure manage migrate` first"
        )


def run_serve(options, *, prepared: bool = False) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    if not port_free(options.host, options.port):
        raise CommandFailed(
            f"port {options.port} on {options.host} is in use; try --port {options.port + 1}"
        )
    if not prepared:
        require_migrated()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Serving Assure on http://{options.host}:{options.port}/ (Ctrl-C to stop)", flush=True)
    start_task_worker()
    # How gunicorn runs (docs/deployment.md). Sync workers give each connection a whole process,
    # so two clients sending a header byte every few seconds left nothing for anyone else. gthread
    # workers wait for a connection's first bytes in one poller and only then hand it to one of
    # their threads: a slow client costs one thread at most, an idle kept-alive connection none.
    # A reverse proxy in front (nginx, Caddy) still does the header and body timeouts.
    gunicorn_options = [
        ("--worker-class", "gthread"),
        ("--timeout", "30"),  # a worker silent this long is restarted (longest page: an import)
        ("--graceful-timeout", "20"),
        # No keep-alive: a worker keeps every connection it accepted, so ten long-lived
        # connections could all land on one worker while the other core idled (measured: 71
        # req/s with one worker at 100% and the other at 0%, 150-160 when they shared). A new
        # connection per request is shared out by whichever worker is free to accept it.
        ("--keep-alive", "0"),
        ("--limit-request-line", "4094"),  # bytes in "GET /path?query HTTP/1.1"
        ("--limit-request-fields", "60"),  # headers per request
        ("--limit-request-field_size", "8190"),  # bytes per header
        ("--max-requests", "5000"),  # recycle workers now and then, with jitter so not all at once
        ("--max-requests-jitter", "500"),
    ]
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "assure.config.wsgi:application",
        "--bind",
        f"{options.host}:{options.port}",
        "--workers",
        str(options.workers),
        "--threads",
        str(options.threads),
        *(part for option in gunicorn_options for part in option),
        "--access-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    # One release id for every worker of this server, so they share cached parts of pages; a
    # restart (a new release, changed templates) never reads what the last one cached.
    os.environ.setdefault("ASSURE_RELEASE", uuid.uuid4().hex[:12])
    os.execv(sys.executable, args)  # noqa: S606 - replace this process with the server
    return 0  # pragma: no cover


def start_task_worker() -> None:
    """The background-task worker (django-tasks-db's ``db_worker``) for the embedded default,
    beside the web server: long renders such as meeting packs and the daily reminder digests run
    there (docs/adr/0008), queued once a day by ``daily_schedule``. It asks
    the kernel to stop it when this process (which becomes gunicorn) exits. Deployments with
    their own process manager set ASSURE_TASK_WORKER=0 and run ``assure manage db_worker``."""
    import subprocess

    if os.environ.get("ASSURE_TASK_WORKER", "1") == "0":
        return
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    subprocess.Popen(
        [sys.executable, "-m", "django", "db_worker"], preexec_fn=_die_with_parent, env=env
    )
    # Once a day it queues every app's daily jobs (update cycles, reminder digests) for the
    # worker above (site/management/commands/daily_schedule.py, docs/notifications.md).
    subprocess.Popen(
        [sys.executable, "-m", "django", "daily_schedule"], preexec_fn=_die_with_parent, env=env
    )


def _die_with_parent() -> None:
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main())
