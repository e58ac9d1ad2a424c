"""`assure import-report`, run as a person runs it: in a subprocess, on a data folder of its own.

The dry-run tests need no database; the import tests share one demo installation (module
scope), so each imports a text of its own — the demo may already hold the seed report.
"""

import hashlib
import html
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import assure

SEED = Path(assure.__file__).parent / "inspections/seed/hmic-wyp-2014-child-protection.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")

#: The data contract's expected result for the seed published on 13 January 2015:
#: (area, deadline rule, amount, unit, inherited, due on) for each recommendation in order.
EXPECTED = [
    ("Initial contact", "immediately", None, None, False, "2015-01-13"),
    ("Initial contact", "immediately", None, None, True, "2015-01-13"),
    ("MISPERs", "within", 3, "months", False, "2015-04-13"),
    ("Investigations", "within", 3, "months", False, "2015-04-13"),
    ("Investigations", "within", 3, "months", True, "2015-04-13"),
    ("Investigations", "within", 3, "months", True, "2015-04-13"),
    ("Decision making", "within", 3, "months", False, "2015-04-13"),
    ("Children in detention", "within", 3, "months", False, "2015-04-13"),
]


def assure_cli(*args, data_dir, stdin=None, timeout=180):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["ASSURE_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "assure.site.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def import_report(*args, data_dir, stdin=None):
    return assure_cli("import-report", *args, data_dir=data_dir, stdin=stdin)


def counts(data_dir) -> dict[str, int]:
    with sqlite3.connect(Path(data_dir) / "assure.sqlite3") as connection:
        tables = [
            r[0]
            for r in connection.execute(
                "select name from sqlite_master where type='table' and name not like 'sqlite_%'"
            )
        ]
        return {t: connection.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def query(data_dir, sql, *params):
    with sqlite3.connect(Path(data_dir) / "assure.sqlite3") as connection:
        return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def demo_dir(copy_of_demo_dir):
    """This module's copy of the folder a real `assure demo --no-serve` prepared (conftest.py)."""
    return copy_of_demo_dir


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The seed as PDF and Word, and inputs that cannot be read."""
    import docx
    import weasyprint
    from pypdf import PdfWriter

    folder = tmp_path_factory.mktemp("reports")
    lines = SEED_TEXT.splitlines()
    weasyprint.HTML(string="".join(f"<p>{html.escape(line)}</p>" for line in lines)).write_pdf(
        folder / "seed.pdf"
    )
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(folder / "seed.docx")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with (folder / "scan.pdf").open("wb") as handle:
        writer.write(handle)
    return folder


def own_copy(folder: Path, name: str) -> Path:
    """The seed with a title of its own, so it is not the file the demo may have imported."""
    path = folder / name
    path.write_text(SEED_TEXT.replace("RESULTS OF", f"({name}) RESULTS OF", 1), encoding="utf-8")
    return path


def assert_seed_contract(result):
    assert result.returncode == 0, result.stderr
    contract = json.loads(result.stdout)  # stdout is the JSON and nothing else
    assert list(contract) == ["title", "findings", "recommendations"]
    assert contract["title"] == "RESULTS OF HMIC CHILD PROTECTION INSPECTION"
    assert len(contract["findings"]) == 5
    assert all(set(f) == {"text"} for f in contract["findings"])
    assert contract["findings"][3]["text"] == (
        "Overall HMIC was concerned about the standard of CSE investigations."
    )
    recs = contract["recommendations"]
    assert [
        (
            r["area"],
            r["deadline"]["rule"],
            r["deadline"]["amount"],
            r["deadline"]["unit"],
            r["deadline"]["inherited"],
            r["due_on"],
        )
        for r in recs
    ] == EXPECTED
    assert all(r["deadline"]["date"] is None for r in recs)
    assert [r["ref"] for r in recs] == [
        "3.1",
        "3.1 (2)",
        "3.2",
        "3.3",
        "3.3 (2)",
        "3.3 (3)",
        "3.4",
        "3.5",
    ]
    assert recs[0]["sub_points"] == [
        "This should at least cover attending the initial child protection conference and "
        "recording and communicating decisions reached."
    ]
    assert all(r["sub_points"] == [] for r in recs[1:])
    assert recs[1]["text"] == (
        "Provides information to other agencies before multi-agency risk assessment "
        "conferences take place."
    )
    # The FORCE UPDATE and PCC UPDATE sections are reports of progress, not recommendations.
    everything = json.dumps(recs)
    for phrase in ("action plan", "quality assured", "Strategic Safeguarding Board", "£"):
        assert phrase not in everything


# --- Dry runs: read and show, write nothing ------------------------------------------


def test_the_acceptance_command_gives_the_contracts_result_for_the_seed(tmp_path):
    result = import_report(
        str(SEED), "--published", "2015-01-13", "--dry-run", "--format", "json", data_dir=tmp_path
    )
    assert_seed_contract(result)
    assert result.stderr == ""
    assert not (tmp_path / "assure.sqlite3").exists()  # a dry run never opens the database


@pytest.mark.parametrize("name", ["seed.pdf", "seed.docx"])
def test_a_pdf_or_word_copy_of_the_seed_gives_the_same_result(files, name, tmp_path):
    result = import_report(
        str(files / name),
        "--published",
        "2015-01-13",
        "--dry-run",
        "--format",
        "json",
        data_dir=tmp_path,
    )
    assert_seed_contract(result)


def test_pasted_text_on_standard_input(tmp_path):
    result = import_report(
        "-",
        "--published",
        "2015-01-13",
        "--dry-run",
        "--format",
        "json",
        data_dir=tmp_path,
        stdin=SEED_TEXT,
    )
    assert_seed_contract(result)


def test_text_format_is_a_readable_summary(tmp_path):
    result = import_report(str(SEED), "--published", "2015-01-13", "--dry-run", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("RESULTS OF HMIC CHILD PROTECTION INSPECTION\n")
    assert "Findings (5)" in out
    assert "Recommendations (8 in 5 areas)" in out
    assert "Deadline: immediately (inherited); due 2015-01-13" in out
    assert "Deadline: within 3 months; due 2015-04-13" in out
    assert out.rstrip().endswith("Dry run: nothing was written.")
    assert result.stderr == ""


def test_a_dry_run_of_text_without_recommendations_is_an_empty_list(tmp_path):
    result = import_report(
        "-",
        "--dry-run",
        "--format",
        "json",
        data_dir=tmp_path,
        stdin="Minutes of the meeting\n\nThe board noted the report.\n",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["recommendations"] == []


def test_a_publication_date_that_is_not_a_date_is_one_line_and_exit_2(tmp_path):
    result = import_report(str(SEED), "--published", "2015-02-30", "--dry-run", data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "assure import-report: error: --published must be a real date written YYYY-MM-DD, "
        "for example 2015-01-13 (not '2015-02-30')"
    ]


# --- Unreadable input: one line, exit 2, nothing written -----------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "the file is empty"),
        ("binary.txt", "looks like a binary file, not text"),
        ("scan.pdf", "PDF has no text layer"),
        ("missing.txt", "no such file"),
        ("seed.pdf.odt", "unsupported file type '.odt'"),
    ],
)
def test_unreadable_input_is_one_line_exit_2_and_writes_nothing(demo_dir, files, name, message):
    path = files / name
    if name.endswith(".odt"):
        path.write_bytes(b"not really a document")
    before = counts(demo_dir)
    result = import_report(str(path), "--published", "2015-01-13", data_dir=demo_dir)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"assure import-report: error: {path}: ")
    assert message in lines[0]
    assert result.stdout == ""
    assert counts(demo_dir) == before


# --- Importing ------------------------------------------------------------------------


def test_an_import_creates_the_inspection_with_its_findings_and_recommendations(demo_dir, tmp_path):
    path = own_copy(tmp_path, "import-one.txt")
    before = counts(demo_dir)
    result = import_report(
        str(path),
        "--published",
        "2015-01-13",
        "--force",
        "west-yorkshire",
        "--format",
        "json",
        data_dir=demo_dir,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["recommendations"]) == 8  # stdout stays JSON
    [line] = result.stderr.splitlines()
    assert line.startswith("Created inspection ")
    assert line.endswith(
        "“(import-one.txt) RESULTS OF HMIC CHILD PROTECTION INSPECTION” for West Yorkshire "
        "Police: 5 findings, 8 recommendations."
    )
    [(pk, title, published, sha256, force)] = query(
        demo_dir,
        "select i.id, i.title, i.published_on, i.source_sha256, o.slug"
        " from inspections_inspection i join accounts_organisation o on o.id = i.force_id"
        " where i.source_name = ?",
        "import-one.txt",
    )
    assert f"Created inspection {pk} " in line
    assert title == "(import-one.txt) RESULTS OF HMIC CHILD PROTECTION INSPECTION"
    assert (published, force) == ("2015-01-13", "west-yorkshire")
    assert sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    recs = query(
        demo_dir,
        "select area, deadline_rule, deadline_inherited, due_on from inspections_recommendation"
        " where inspection_id = ? order by position",
        pk,
    )
    assert [(a, r, bool(i), d) for a, r, i, d in recs] == [
        (area, rule, inherited, due) for area, rule, _, _, inherited, due in EXPECTED
    ]
    after = counts(demo_dir)
    assert after["inspections_inspection"] == before["inspections_inspection"] + 1
    assert after["inspections_finding"] == before["inspections_finding"] + 5
    assert after["inspections_recommendation"] == before["inspections_recommendation"] + 8
    assert after["core_auditevent"] == before["core_auditevent"] + 1
    [(actor_label, changes)] = query(
        demo_dir,
        "select actor_label, changes from core_auditevent order by id desc limit 1",
    )
    assert "import-report command" in actor_label
    assert json.loads(changes)["source_sha256"] == [None, sha256]


def test_the_same_file_twice_is_refused_unless_again(demo_dir, tmp_path):
    path = own_copy(tmp_path, "import-twice.txt")
    first = import_report(str(path), "--published", "2015-01-13", data_dir=demo_dir)
    assert first.returncode == 0, first.stderr
    assert "Created inspection " in first.stdout  # text mode: the summary, then what was done
    assert "Recommendations (8 in 5 areas)" in first.stdout
    [(pk, created_at)] = query(
        demo_dir,
        "select id, created_at from inspections_inspection where source_name = ?",
        "import-twice.txt",
    )
    before = counts(demo_dir)

    second = import_report(str(path), "--published", "2015-01-13", data_dir=demo_dir)
    assert second.returncode == 1
    assert second.stdout == ""
    [line] = second.stderr.splitlines()
    year = created_at[:4]
    assert line.startswith("assure import-report: error: This report was imported already on ")
    assert f" {year} as inspection {pk} “(import-twice.txt) RESULTS OF" in line
    assert "nothing was written" in line
    assert "--again" in line
    assert counts(demo_dir) == before

    again = import_report(str(path), "--published", "2015-01-13", "--again", data_dir=demo_dir)
    assert again.returncode == 0, again.stderr
    assert counts(demo_dir)["inspections_inspection"] == before["inspections_inspection"] + 1


def test_an_unknown_force_is_one_line_naming_the_forces(demo_dir, tmp_path):
    path = own_copy(tmp_path, "import-unknown-force.txt")
    before = counts(demo_dir)
    result = import_report(str(path), "--force", "south-yorkshire", data_dir=demo_dir)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "assure import-report: error: no force has the slug 'south-yorkshire' "
        "(forces: west-yorkshire)"
    ]
    assert counts(demo_dir) == before


def test_importing_text_without_recommendations_is_refused(demo_dir):
    before = counts(demo_dir)
    result = import_report(
        "-", data_dir=demo_dir, stdin="Minutes of the meeting\n\nThe board noted the report.\n"
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "assure import-report: error: standard input: no recommendation found in this report; "
        "nothing was written (use --dry-run to see what was read)"
    ]
    assert counts(demo_dir) == before


@pytest.mark.parametrize("name", ["seed.pdf", "seed.docx"])
def test_the_demo_seed_again_as_pdf_or_word_is_refused_as_already_imported(demo_dir, files, name):
    """The demo holds the seed imported from its text file; the same report in another format
    has other bytes but reads the same, so it is not imported a second time silently."""
    before = counts(demo_dir)
    result = import_report(str(files / name), "--published", "2015-01-13", data_dir=demo_dir)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert "This report was imported already on " in line
    assert "West Yorkshire Police: national child protection inspection" in line
    assert counts(demo_dir) == before
