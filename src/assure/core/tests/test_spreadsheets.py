"""Exported text is never a formula, whichever separator a spreadsheet splits the file on."""

import csv
import io
import re

from hypothesis import given
from hypothesis import strategies as st

from assure.core.spreadsheets import as_text_cell

FORMULA_CHARS = "=+-@"

# The separators Excel (by locale) and LibreOffice (by choice) split a CSV on.
READER_SEPARATORS = [",", ";", "\t", "|"]


def written(*cells: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([as_text_cell(c) for c in cells])
    return out.getvalue()


def formula_cells(text: str, separator: str) -> list[str]:
    """The cells a lenient reader would run as formulas: it splits on the separator and on line
    breaks without honouring quotes, then skips spaces, double quotes, tabs and carriage returns
    at the start of a cell, as spreadsheets do. An apostrophe first makes a cell text."""
    pieces = re.split(f"[{re.escape(separator)}\r\n]", text)
    return [p for p in pieces if p.lstrip(' "\t\r').startswith(tuple(FORMULA_CHARS))]


def test_a_leading_formula_is_text():
    assert (
        as_text_cell('=HYPERLINK("http://evil.example")') == '\'=HYPERLINK("http://evil.example")'
    )
    assert as_text_cell("@SUM(A1)") == "'@SUM(A1)"
    assert as_text_cell("\t=1+1").startswith("'")
    assert as_text_cell(' "=1+1"').startswith("'")


def test_plain_text_is_unchanged():
    for text in ["Leeds district", "e-mail the unit", "1-3 months", "a = b", "", "it's 50%"]:
        assert as_text_cell(text) == text


def test_a_formula_after_a_semicolon_tab_pipe_or_line_break_is_text():
    assert as_text_cell("a;=cmd|' /C calc'!A0") == "a;'=cmd|' /C calc'!A0"
    assert as_text_cell("a\t=1+1") == "a\t'=1+1"
    assert as_text_cell("done\n=HYPERLINK(1)") == "done\n'=HYPERLINK(1)"
    assert as_text_cell('a; "=1"') == 'a; "\'=1"'
    assert as_text_cell("a|@SUM(A1)") == "a|'@SUM(A1)"


def test_no_reader_separator_finds_a_formula_in_the_examples():
    line = written("a;=cmd|' /C calc'!A0", "x\t+1", "ok\n=2", "b, -3", "=4", 'q";"=5')
    for separator in READER_SEPARATORS:
        assert formula_cells(line, separator) == [], separator
    # The test of the test: without escaping, each separator finds one.
    raw = io.StringIO()
    csv.writer(raw).writerow(["a;=cmd", "x\t+1", "ok\n=2", "b|@3"])
    for separator in READER_SEPARATORS:
        assert formula_cells(raw.getvalue(), separator), separator


@given(st.lists(st.text(alphabet=st.sampled_from("ab =+-@;,\t|\r\n\"'"), max_size=12), max_size=4))
def test_no_reader_separator_ever_finds_a_formula(cells):
    line = written(*cells)
    for separator in READER_SEPARATORS:
        assert formula_cells(line, separator) == [], (separator, line)


@given(st.text(max_size=40))
def test_escaping_only_ever_adds_apostrophes(text):
    escaped = as_text_cell(text)
    assert escaped.replace("'", "") == text.replace("'", "")
