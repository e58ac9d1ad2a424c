"""Reading reports from text, PDF and Word files, and failing clearly when we cannot."""

import html
import io
from pathlib import Path

import pytest

from assure.inspections.extraction import extract
from assure.inspections.readers import ReportUnreadable, read_report, read_report_bytes

SEED = Path(__file__).resolve().parents[1] / "seed" / "hmic-wyp-2014-child-protection.txt"


@pytest.fixture(scope="module")
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_pdf(seed_text):
    weasyprint = pytest.importorskip("weasyprint")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in seed_text.splitlines())
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def _docx_bytes(paragraphs, table_rows=()):
    import docx

    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _one_line(error):
    message = str(error.value)
    assert message
    assert "\n" not in message
    return message


def test_txt_file(tmp_path, seed_text):
    path = tmp_path / "report.txt"
    path.write_bytes(seed_text.encode("utf-8"))
    assert read_report(str(path)) == seed_text


def test_utf8_bom_and_cp1252_fallback(tmp_path):
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbfRecommendations\n")
    assert read_report(str(bom)) == "Recommendations\n"
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("The PCC gave \u00a3467,000 \u2013 \u201cnew money\u201d.".encode("cp1252"))
    assert read_report(str(legacy)) == "The PCC gave \u00a3467,000 \u2013 \u201cnew money\u201d."


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("Recommendations\n".encode("utf-16"))
    assert read_report(str(path)) == "Recommendations\n"


def test_stdin_bytes_and_text(seed_text):
    class Wrapper:
        buffer = io.BytesIO(seed_text.encode("utf-8"))

    assert read_report("-", stdin=Wrapper()) == seed_text
    assert read_report("-", stdin=io.StringIO(seed_text)) == seed_text


def test_pdf_gives_the_same_extraction_as_text(tmp_path, seed_pdf, seed_text):
    path = tmp_path / "report.pdf"
    path.write_bytes(seed_pdf)
    assert extract(read_report(str(path))) == extract(seed_text)


def test_docx_gives_the_same_extraction_as_text(tmp_path, seed_text):
    path = tmp_path / "report.docx"
    path.write_bytes(_docx_bytes([(line, None) for line in seed_text.splitlines()]))
    assert extract(read_report(str(path))) == extract(seed_text)


def test_docx_list_paragraphs_and_tables():
    data = _docx_bytes(
        [("Recommendations", "Heading 1"), ("The force should review CSE cases.", "List Bullet")],
        table_rows=[("Area", "Recommendation"), ("MASH", "The force should audit referrals.")],
    )
    text = read_report_bytes("upload.docx", data)
    assert "\u2022 The force should review CSE cases." in text.splitlines()
    assert "The force should audit referrals." in text.splitlines()
    assert len(extract(text).recommendations) == 2


def test_upload_bytes_use_the_file_name_for_the_format(seed_pdf, seed_text):
    assert extract(read_report_bytes("Report.PDF", seed_pdf)) == extract(seed_text)


def test_missing_path(tmp_path):
    with pytest.raises(ReportUnreadable) as error:
        read_report(str(tmp_path / "nope.txt"))
    assert "nope.txt" in _one_line(error)
    assert "no such file" in str(error.value)


def test_directory(tmp_path):
    with pytest.raises(ReportUnreadable) as error:
        read_report(str(tmp_path))
    assert "directory" in _one_line(error)


@pytest.mark.parametrize("name", ["report.xlsx", "report.doc", "report"])
def test_unsupported_extension(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"hello")
    with pytest.raises(ReportUnreadable) as error:
        read_report(str(path))
    assert "unsupported file type" in _one_line(error)
    assert name in str(error.value)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(ReportUnreadable) as error:
        read_report(str(path))
    assert "empty.txt" in _one_line(error)


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4, b"\x01\x02\x03\x04" * 100],
)
def test_binary_file(tmp_path, content):
    path = tmp_path / "image.txt"
    path.write_bytes(content)
    with pytest.raises(ReportUnreadable) as error:
        read_report(str(path))
    assert "image.txt" in _one_line(error)


def test_pdf_without_text_layer(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ReportUnreadable) as error:
        read_report(str(path))
    message = _one_line(error)
    assert "PDF has no text layer (is it a scanned image?)" in message
    assert "paste the text instead" in message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.pdf", b"%PDF-1.7\n this is not really a pdf"),
        ("fake.pdf", b"just some text"),
        ("broken.docx", b"PK\x03\x04 not a zip"),
        ("fake.docx", b"plain text pretending"),
    ],
)
def test_corrupt_pdf_and_docx(name, data):
    with pytest.raises(ReportUnreadable) as error:
        read_report_bytes(name, data)
    assert name in _one_line(error)


def test_empty_upload():
    with pytest.raises(ReportUnreadable, match="empty"):
        read_report_bytes("upload.pdf", b"")
