"""Issue 8.3: hostile Word and PDF files end with a one-line error, never minutes or gigabytes.

The files are built here (see ``hostile.py``); how fast and small the reading stays is measured
by ``benchmarks/bench_hostile_imports.py``, not asserted (no timing in unit tests).
"""

import io
import itertools

import pytest

from assure.inspections.extraction import extract
from assure.inspections.readers import (
    LIMITS,
    Budget,
    Limits,
    ReportUnreadable,
    read_report,
    read_report_bytes,
)
from assure.inspections.tests import hostile


def _error(name, data, **limits):
    with pytest.raises(ReportUnreadable) as error:
        read_report_bytes(name, data, Limits(**limits) if limits else LIMITS)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(name)
    return message


def test_a_hundred_thousand_empty_paragraphs_are_refused_before_parsing():
    data = hostile.empty_paragraphs_docx(100_000)
    assert len(data) < 60_000  # small on the wire: that is the attack
    assert "has 100,000 paragraphs; a report is read up to 20,000" in _error("empty.docx", data)


def test_a_zip_bomb_document_is_refused_by_its_declared_size():
    data = hostile.zip_bomb_docx(64 * 1024 * 1024)
    assert "unpacks to more than 16 MB of document text" in _error("bomb.docx", data)


def test_a_zip_bomb_that_lies_about_its_size_is_refused_as_damaged():
    """Declared sizes rewritten to 1,000 bytes pass the declared-size check; the stream read
    stops at what was declared (and counts what it reads against the cap), so the inflated
    document is never unpacked and the file reads as the damaged file it is."""
    data = hostile.lying_zip_bomb_docx(64 * 1024 * 1024, declared=1000)
    assert "cannot read this Word document (it may be damaged" in _error("liar.docx", data)


def test_too_many_xml_elements_are_refused():
    data = hostile.docx(["word"] * 3000)
    assert "over 10,000 XML elements" in _error("runs.docx", data, docx_tags=10_000)


def test_too_much_text_is_refused(tmp_path):
    data = hostile.docx(["The force should act."] * 200)
    assert "more than 1,000 characters of text" in _error("long.docx", data, characters=1000)
    assert "more than 1,000 characters" in _error("long.txt", b"x" * 2000, characters=1000)


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(ReportUnreadable, match="larger than 0 MB"):
        read_report(str(path), limits=Limits(file_bytes=1024))


def test_too_many_pdf_pages_are_refused():
    data = hostile.many_pages_pdf(30)
    assert "has 30 pages; a report is read up to 20" in _error("long.pdf", data, pdf_pages=20)


def test_a_pdf_page_with_more_text_than_a_page_can_hold_is_refused():
    data = hostile.huge_page_pdf(300_000)
    assert "page 1 holds more than 100,000 characters" in _error("dense.pdf", data)


def _ticking_clock(step=1.0):
    """A clock that moves on by ``step`` seconds each time it is read: a deadline test that
    does not depend on how fast the machine is."""
    counter = itertools.count()
    return lambda: next(counter) * step


def test_the_reading_budget_stops_a_slow_read_with_one_line():
    budget = Budget("slow.docx", seconds=5, clock=_ticking_clock())
    data = hostile.docx(["The force should act."] * 50)
    with pytest.raises(ReportUnreadable) as error:
        read_report_bytes("slow.docx", data, budget=budget)
    assert str(error.value) == (
        "slow.docx: took longer than 5 seconds to read, so reading stopped (is it really a "
        "report?) \u2014 paste its text instead"
    )


def test_the_budget_also_bounds_the_extraction():
    budget = Budget("pasted", seconds=2, clock=_ticking_clock())
    with pytest.raises(ReportUnreadable, match="took longer than 2 seconds"):
        extract("Recommendations\n" + "\u2022 The force should act.\n" * 2000, budget.check)


def test_style_names_and_text_read_as_python_docx_reads_them():
    """The constant-time style lookup and the one-XPath paragraph text give what
    python-docx's own (slow) properties give: bullets from list styles, tabs and breaks."""
    import docx

    document = docx.Document()
    document.add_paragraph("Recommendations", style="Heading 1")
    document.add_paragraph("The force should review CSE cases.", style="List Bullet")
    paragraph = document.add_paragraph("Within three months")
    paragraph.add_run().add_tab()
    paragraph.add_run("the force should act")
    paragraph.add_run().add_break()
    paragraph.add_run("now.")
    document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_report_bytes("styled.docx", buffer.getvalue())
    assert text.split("\n") == [
        "Recommendations",
        "\u2022 The force should review CSE cases.",
        "Within three months\tthe force should act",
        "now.",
        "",
    ]
    expected = [p.text for p in document.paragraphs]
    assert expected[2] == "Within three months\tthe force should act\nnow."


def test_a_pdf_page_with_more_drawing_than_a_page_can_hold_is_refused_before_extracting():
    data = hostile.huge_page_pdf(3_000_000)
    assert "page 1 is more complex than a page of a report can be" in _error("dense.pdf", data)
