"""How long the indicators page takes on demo-sized case data (2014-2015, scale 1), cold (the
engine computes and fills the cache) and warm (read from the cache).

Run: uv run python benchmarks/bench_indicators_page.py [SCALE]

Generates the synthetic West Yorkshire data into a temporary ASSURE_DATA_DIR, imports it, and
times the page through Django's test client in an in-memory SQLite database. Figures, not
assertions (the fixed query count is a test).
"""

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

setup_test_environment()
call_command("migrate", verbosity=0)

from assure.accounts.models import Membership, OrganisationKind, Role  # noqa: E402
from assure.accounts.tests.factories import OrganisationFactory, UnitFactory, UserFactory  # noqa: E402
from assure.core.audit import SystemActor  # noqa: E402
from assure.indicators import importer  # noqa: E402
from assure.indicators.synth import WEST_YORKSHIRE_UNITS, generate  # noqa: E402

SCALE = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
RUNS = 10

with tempfile.TemporaryDirectory() as tmp:
    settings.DATA_DIR = Path(tmp) / "data"
    force = OrganisationFactory(name="West Yorkshire Police", slug="west-yorkshire",
                                kind=OrganisationKind.FORCE)  # fmt: skip
    for spec in WEST_YORKSHIRE_UNITS:
        UnitFactory(organisation=force, kind=spec.kind, code=spec.code, name=spec.name)
    paths = generate(date_from=dt.date(2014, 1, 1), date_to=dt.date(2015, 12, 31), scale=SCALE,
                     seed=1, out_dir=Path(tmp) / "synth")  # fmt: skip
    rows = 0
    for kind, path in paths.items():
        record, _prepared = importer.import_cases(
            actor=SystemActor("bench"), force=force, kind=kind, path=path, replace=True
        )
        rows += record.rows
    user = UserFactory()
    Membership.objects.create(user=user, organisation=force, role=Role.COORDINATOR)
    client = Client()
    client.force_login(user)
    url = "/forces/west-yorkshire/indicators/?as_of=2015-12-21"
    start = time.perf_counter()
    assert client.get(url).status_code == 200
    cold = (time.perf_counter() - start) * 1000
    warm = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            client.get(url)
            warm.append((time.perf_counter() - start) * 1000)
    print(
        f"indicators page, {rows:,} case rows (scale {SCALE:g}): cold {cold:.0f} ms, "
        f"warm best {min(warm):.1f} ms, median {statistics.median(warm):.1f} ms, "
        f"{len(queries)} SQL queries"
    )
