"""Indicator results cached per force, data version and parameters, so that pages do not
recompute unchanged figures (docs/case-data.md).

The key is a hash of the force, the version of every KIND, the parameters and the engine's
result format; an import therefore never needs to invalidate anything (it clears the cache
folder anyway, to keep it small). Entries are small JSON files written atomically.
"""

import hashlib
import json
import os
import secrets
from datetime import date
from pathlib import Path

from . import engine, store
from .values import IndicatorValue, MonthValues

FORMAT = 1  # bump when the engine's results change for the same data


def _key(snapshot: store.Snapshot, parameters: dict) -> str:
    material = {
        "format": FORMAT,
        "force": snapshot.force,
        "versions": {k: [v.version, v.file] for k, v in sorted(snapshot.kinds.items())},
        **parameters,
    }
    text = json.dumps(material, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write(path: Path, data) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    os.replace(tmp, path)


def _cached(force, data_dir, parameters, compute, use_cache):
    """Run ``compute(snapshot)`` or return its cached result. A reader that loses a race with
    two imports in a row (its files pruned) retries once on the newer version."""
    for attempt in (1, 2):
        snapshot = store.snapshot(force, data_dir)
        path = store.cache_dir(force, data_dir) / f"{_key(snapshot, parameters)}.json"
        if use_cache and (hit := _read(path)) is not None:
            return hit, snapshot
        try:
            result = compute(snapshot)
        except engine.EngineError:
            if attempt == 2 or store.snapshot(force, data_dir).generation == snapshot.generation:
                raise
            continue
        _write(path, result)
        return result, snapshot
    raise AssertionError("unreachable")


def indicators(
    *,
    force: str,
    as_of: date,
    date_from: date,
    date_to: date,
    units=(),
    data_dir: Path | None = None,
    use_cache: bool = True,
) -> tuple[list[IndicatorValue], store.Snapshot]:
    units = sorted(units)
    parameters = {"as_of": as_of, "from": date_from, "to": date_to, "units": units}

    def compute(snapshot):
        values = engine.compute_snapshot(
            snapshot, as_of=as_of, date_from=date_from, date_to=date_to, units=units
        )
        return [v.as_json() for v in values]

    result, snapshot = _cached(force, data_dir, parameters, compute, use_cache)
    return [IndicatorValue.from_json(v) for v in result], snapshot


def monthly(
    *,
    force: str,
    date_from: date,
    date_to: date,
    units=(),
    data_dir: Path | None = None,
    use_cache: bool = True,
) -> tuple[list[MonthValues], store.Snapshot]:
    units = sorted(units)
    parameters = {"monthly": True, "from": date_from, "to": date_to, "units": units}

    def compute(snapshot):
        series = engine.compute_monthly_snapshot(
            snapshot, date_from=date_from, date_to=date_to, units=units
        )
        return [
            {
                "month": m.month,
                "as_of": m.as_of.isoformat(),
                "from": m.date_from.isoformat(),
                "to": m.date_to.isoformat(),
                "indicators": [v.as_json() for v in m.values],
            }
            for m in series
        ]

    result, snapshot = _cached(force, data_dir, parameters, compute, use_cache)
    series = [
        MonthValues(
            m["month"],
            date.fromisoformat(m["as_of"]),
            date.fromisoformat(m["from"]),
            date.fromisoformat(m["to"]),
            tuple(IndicatorValue.from_json(v) for v in m["indicators"]),
        )
        for m in result
    ]
    return series, snapshot
