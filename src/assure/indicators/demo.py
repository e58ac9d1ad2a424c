"""The demo's case data: two years (2014 and 2015) of synthetic West Yorkshire records, so that
the indicators (and the pages and trends on them) show the inspection's findings and the plan's
effect from the first run (docs/synthetic-data.md).

Generating takes seconds, and ``load_demo()`` runs in many tests, so the files are generated once
per set of parameters and generator version into a cache folder (``ASSURE_SYNTH_CACHE``, else
``ASSURE_DATA_DIR/synth-cache``) and reused. They are then imported like any extract, through
the audited import path, by a system actor. Idempotent: a KIND the demo already imported (an
import record in the database and a current version in the store) is left alone, so a second
``assure demo`` writes nothing.
"""

import contextlib
import datetime as dt
import hashlib
import os
import secrets
import shutil
from pathlib import Path

from django.conf import settings

from assure.accounts.demo import FORCE_SLUG
from assure.accounts.models import Organisation
from assure.core import audit
from assure.core.demo import DemoContext

from . import store
from .importer import import_cases
from .models import CaseImport
from .synth import KINDS, UnitSpec, generate

DATE_FROM = dt.date(2014, 1, 1)  # the year of the inspection (August 2014) ...
DATE_TO = dt.date(2015, 12, 31)  # ... and the year the plan was delivered
SCALE = 1.0  # about 65,000 rows a force-year: enough for every district's figures
SEED = 0
FORMAT = "parquet"  # the fastest to import, and typed


def cache_root() -> Path:
    configured = getattr(settings, "ASSURE_SYNTH_CACHE", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "synth-cache"


def _generator_version() -> str:
    """A digest of the generator's code and parameter files: a changed generator never reuses
    files made by an older one."""
    digest = hashlib.sha256()
    package = Path(__file__).parent / "synth"
    for path in sorted(package.iterdir()):
        if path.suffix in (".py", ".csv", ".toml"):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _cache_key(units: list[UnitSpec]) -> str:
    parts = [
        _generator_version(),
        DATE_FROM.isoformat(),
        DATE_TO.isoformat(),
        repr(SCALE),
        str(SEED),
        FORMAT,
        *(f"{u.code}|{u.name}|{u.kind}" for u in units),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def synthetic_files(units: list[UnitSpec]) -> dict[str, Path]:
    """The demo's files for ``units``, generated on first use. A folder under its final name is
    always complete (generated aside, then renamed), so concurrent runs never read half a set."""
    root = cache_root()
    folder = root / _cache_key(units)
    names = {module.KIND: folder / f"{module.KIND}.{FORMAT}" for module in KINDS}
    if not all(path.is_file() for path in names.values()):
        root.mkdir(parents=True, exist_ok=True)
        partial = root / f".partial-{secrets.token_hex(6)}"
        try:
            generate(
                units=units,
                date_from=DATE_FROM,
                date_to=DATE_TO,
                scale=SCALE,
                seed=SEED,
                out_dir=partial,
                fmt=FORMAT,
            )
            with contextlib.suppress(OSError):  # another run got there first: use its files
                os.rename(partial, folder)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    return names


def load_for_demo(*, context: DemoContext) -> list[str]:
    force = Organisation.objects.get(slug=FORCE_SLUG)
    current = store.snapshot(force.slug)
    imported = set(
        CaseImport.objects.filter(
            force=force, actor_label=audit.actor_label(context.actor)
        ).values_list("kind", flat=True)
    )
    todo = [m.KIND for m in KINDS if m.KIND not in imported or m.KIND not in current.kinds]
    if not todo:
        return []
    units = [UnitSpec(u.code, u.name, u.kind) for u in force.units.order_by("kind", "code")]
    files = synthetic_files(units)
    made = []
    for kind in todo:
        record, _prepared = import_cases(
            actor=context.actor, force=force, kind=kind, path=files[kind], replace=True
        )
        made.append(f"case data: {kind} version {record.data_version} ({record.rows:,} rows)")
    return made
