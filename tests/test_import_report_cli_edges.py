"""`assure import-report` on hostile files and far-future dates (issues 8.3 and 8.5), run
in-process: the contract's exit statuses and one-line errors, without a subprocess each."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import assure
from assure.inspections.tests import hostile

SEED = Path(assure.__file__).parent / "inspections" / "seed" / "hmic-wyp-2014-child-protection.txt"


def test_a_far_future_publication_date_leaves_relative_due_dates_unresolved():
    out = io.StringIO()
    call_command(
        "import_report",
        str(SEED),
        "--dry-run",
        "--published",
        "9999-12-31",
        "--format",
        "json",
        stdout=out,
        stderr=io.StringIO(),
    )
    recommendations = json.loads(out.getvalue())["recommendations"]
    assert len(recommendations) == 8
    assert [r["due_on"] for r in recommendations] == ["9999-12-31"] * 2 + [None] * 6


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("empty.docx", hostile.empty_paragraphs_docx, "has 100,000 paragraphs"),
        ("bomb.docx", lambda: hostile.zip_bomb_docx(64 * 1024 * 1024), "unpacks to more than"),
    ],
)
def test_a_hostile_word_file_is_one_line_and_exit_2(tmp_path, name, build, message):
    path = tmp_path / name
    path.write_bytes(build())
    with pytest.raises(CommandError) as error:
        call_command("import_report", str(path), "--dry-run", stdout=io.StringIO())
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert "\n" not in str(error.value)
