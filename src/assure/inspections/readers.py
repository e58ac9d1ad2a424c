"""Read an inspection report file (.txt, .md, .pdf, .docx or stdin) into plain text.

Reports arrive as whatever the inspectorate or the PCC's office published: a PDF, a
Word document, or text pasted from a web page, sometimes saved by old Windows tools.
Everything that can go wrong is turned into :class:`ReportUnreadable` with a one-line
message naming the file, so the CLI can print it and exit 2 and the web form can show
it next to the upload field.
"""

from __future__ import annotations

import io
import sys
import unicodedata
from pathlib import Path
from typing import IO, Any

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
STDIN_NAME = "standard input"

#: Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.02


class ReportUnreadable(Exception):
    """The report cannot be turned into text; ``str(error)`` is a one-line message."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))

    @property
    def message(self) -> str:
        return str(self)


def read_report(path_or_dash: str, stdin: IO[Any] | None = None) -> str:
    """The text of the report at ``path_or_dash``, or of ``stdin`` when it is "-"."""
    if path_or_dash == "-":
        stream = stdin if stdin is not None else sys.stdin
        raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        return _text_from_bytes(STDIN_NAME, data)
    path = Path(path_or_dash)
    name = str(path_or_dash)
    if not path.exists():
        raise ReportUnreadable(f"{name}: no such file")
    if path.is_dir():
        raise ReportUnreadable(f"{name}: is a directory, not a report file")
    _check_suffix(name)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReportUnreadable(f"{name}: cannot be read ({error.strerror or error})") from error
    return read_report_bytes(name, data)


def read_report_bytes(name: str, data: bytes) -> str:
    """The text of an uploaded report; ``name`` (its file name) decides the format."""
    suffix = _check_suffix(name)
    if not data:
        raise ReportUnreadable(f"{name}: the file is empty")
    if suffix == ".pdf":
        text = _pdf_text(name, data)
    elif suffix == ".docx":
        text = _docx_text(name, data)
    else:
        return _text_from_bytes(name, data)
    return _require_text(name, text)


def _check_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "with no extension"
        raise ReportUnreadable(
            f"{name}: unsupported file type {shown} (use .txt, .md, .pdf or .docx)"
        )
    return suffix


def _require_text(name: str, text: str) -> str:
    if not text.strip():
        raise ReportUnreadable(f"{name}: the file has no text (it is empty or only whitespace)")
    return text


# --- Plain text ---------------------------------------------------------------------


def _text_from_bytes(name: str, data: bytes) -> str:
    """Decode text: UTF-16 with a BOM (Windows "Unicode"), UTF-8 (BOM allowed), cp1252."""
    if not data.strip():
        raise ReportUnreadable(f"{name}: the file has no text (it is empty or only whitespace)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ReportUnreadable(f"{name}: is not valid UTF-16 text") from error
    elif b"\x00" in data:
        raise ReportUnreadable(f"{name}: looks like a binary file, not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_legacy(name, data)
    if _mostly_control(text):
        raise ReportUnreadable(f"{name}: looks like a binary file, not text")
    return _require_text(name, text.removeprefix("\ufeff"))


def _decode_legacy(name: str, data: bytes) -> str:
    """Old Windows tools save cp1252 ("smart quotes", £); anything else is not text."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ReportUnreadable(
            f"{name}: is not readable text (not UTF-8 or Windows-1252)"
        ) from error


def _mostly_control(text: str) -> bool:
    sample = text[:20000]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"
    )
    return controls > max(2, len(sample) * _MAX_CONTROL_SHARE)


# --- PDF ----------------------------------------------------------------------------


def _pdf_text(name: str, data: bytes) -> str:
    """Join the text layer of every page; a scan has none, so say so plainly."""
    if b"%PDF" not in data[:1024]:
        raise ReportUnreadable(f"{name}: is not a PDF file (it may be damaged)")
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportUnreadable(f"{name}: the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReportUnreadable:
        raise
    except Exception as error:  # pypdf raises many types for damaged files
        raise ReportUnreadable(f"{name}: cannot read this PDF (it may be damaged)") from error
    text = "\n".join(pages)
    if not text.strip():
        raise ReportUnreadable(
            f"{name}: PDF has no text layer (is it a scanned image?) \u2014 paste the text instead"
        )
    return text


# --- Word ---------------------------------------------------------------------------


def _docx_text(name: str, data: bytes) -> str:
    """Paragraphs and table cells in document order; list paragraphs become "• " lines."""
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                lines.extend(_table_lines(item))
            else:
                lines.append(_paragraph_line(item))
    except Exception as error:  # python-docx/lxml/zipfile raise many types
        raise ReportUnreadable(
            f"{name}: cannot read this Word document (it may be damaged or not a .docx)"
        ) from error
    return "\n".join(lines)


def _paragraph_line(paragraph: Any) -> str:
    """A paragraph's text, with a bullet when Word shows it as a list item."""
    text = paragraph.text
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if text.strip() and (style.lower().startswith("list") or numbered):
        return f"\u2022 {text.strip()}"
    return text


def _table_lines(table: Any) -> list[str]:
    """Each cell's text once (merged cells repeat in python-docx), row by row."""
    lines: list[str] = []
    seen: set[Any] = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            lines.extend(_paragraph_line(p) for p in cell.paragraphs)
            for inner in cell.tables:
                lines.extend(_table_lines(inner))
        lines.append("")
    return lines
