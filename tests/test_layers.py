"""The floors are checked, not hoped for: `lint-imports` (import-linter, configured in
pyproject.toml and run by .ci/run) passes on the code, and fails on a copy of it with an import
that points the wrong way."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source: Path) -> subprocess.CompletedProcess:
    """Run lint-imports with the project's contracts over the ``assure`` package in ``source``."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=source,
        env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def copy_of_the_code(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("layers")
    shutil.copytree(
        ROOT / "src" / "assure",
        target / "assure",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "seed"),
    )
    return target


def test_the_code_keeps_every_contract(copy_of_the_code):
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_importing_plans_breaks_the_floors(copy_of_the_code):
    wrong = copy_of_the_code / "assure" / "core" / "wrong_way.py"
    wrong.write_text("from assure.plans import models  # noqa\n")
    try:
        result = lint_imports(copy_of_the_code)
    finally:
        wrong.unlink()
    assert result.returncode == 1
    assert "assure.core is not allowed to import assure.plans" in result.stdout
    assert "assure.core.wrong_way -> assure.plans.models" in result.stdout


def test_duckdb_outside_the_engine_breaks_its_contract(copy_of_the_code):
    wrong = copy_of_the_code / "assure" / "plans" / "quick_sums.py"
    wrong.write_text("import duckdb  # noqa\n")
    try:
        result = lint_imports(copy_of_the_code)
    finally:
        wrong.unlink()
    assert result.returncode == 1
    assert "Only the indicators engine imports duckdb BROKEN" in result.stdout
    assert "assure.plans.quick_sums -> duckdb" in result.stdout
