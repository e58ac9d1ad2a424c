"""``generate``: write the seven KINDs of synthetic case data for a force and a period."""

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from . import audits, conferences, custody, forensics, investigations, missing, offenders
from .core import Context
from .profiles import WEST_YORKSHIRE_UNITS, UnitSpec, read_force_profile, unit_profiles
from .writer import KindWriter

KINDS = [missing, investigations, custody, offenders, forensics, audits, conferences]
FORMATS = ("csv", "parquet")


def generate(
    *,
    units: Iterable[UnitSpec] = WEST_YORKSHIRE_UNITS,
    date_from: dt.date,
    date_to: dt.date,
    scale: float = 1.0,
    seed: int = 0,
    out_dir: Path | str,
    fmt: str = "csv",
    report: Callable[[str, int, Path], None] | None = None,
) -> dict[str, Path]:
    """Write ``<KIND>.csv`` (or ``.parquet``) for every KIND into ``out_dir``; return the paths.
    The same arguments always give byte-identical files. ``report(kind, rows, path)`` is called
    as each file is finished."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if date_to < date_from:
        raise ValueError("the period ends before it starts")
    if not scale > 0:
        raise ValueError("scale must be more than 0")
    units = list(units)
    if not units:
        raise ValueError("the force has no units")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = Context(
        units=unit_profiles(units),
        date_from=date_from,
        date_to=date_to,
        scale=scale,
        seed=seed,
        force=read_force_profile(),
        fmt=fmt,
    )
    plain = not any(set(',"\r\n') & set(u.name) for u in units)
    paths = {}
    for module in KINDS:
        path = out / f"{module.KIND}.{fmt}"
        writer = KindWriter(path.with_name(path.name + ".partial"), module.COLUMNS, fmt, plain)
        try:
            for columns in module.rows(ctx):
                writer.write(columns)
        finally:
            writer.close()
        writer.path.replace(path)  # a file under its final name is always complete
        paths[module.KIND] = path
        if report:
            report(module.KIND, writer.rows, path)
    return paths
