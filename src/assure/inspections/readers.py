"""Read an inspection report file (.txt, .md, .pdf, .docx or stdin) into plain text.

Reports arrive as whatever the inspectorate or the PCC's office published: a PDF, a
Word document, or text pasted from a web page, sometimes saved by old Windows tools.
Everything that can go wrong is turned into :class:`ReportUnreadable` with a one-line
message naming the file, so the CLI can print it and exit 2 and the web form can show
it next to the upload field.

Reading is bounded (issue 8.3): a few kilobytes of zipped XML or compressed PDF can inflate to
gigabytes or hold a hundred thousand paragraphs. :class:`Limits` caps what is unpacked before
anything is parsed, and a :class:`Budget` (a deadline checked in every loop, never a signal,
so it works in any thread) stops a read that takes too long, so that any accepted upload is
read in seconds and a bounded amount of memory (``benchmarks/bench_hostile_imports.py``).
"""

from __future__ import annotations

import io
import re
import sys
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
STDIN_NAME = "standard input"

#: Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.02


@dataclass(frozen=True)
class Limits:
    """What a report may hold. Real reports are far inside them: a 200-page inspection report
    is some 3 MB of Word XML, 5,000 paragraphs and 600,000 characters."""

    #: The file as uploaded or read from disk.
    file_bytes: int = 20 * 1024 * 1024
    #: Uncompressed size of a Word document's XML parts (declared and actually read).
    docx_xml_bytes: int = 16 * 1024 * 1024
    docx_members: int = 2_000
    docx_paragraphs: int = 20_000
    #: XML tags in document.xml (each run is several): bounds the tree python-docx builds.
    docx_tags: int = 1_000_000
    pdf_pages: int = 1_000
    pdf_page_characters: int = 100_000
    #: A page's drawing instructions, unpacked; a dense page of text is some 50 KB, a detailed
    #: chart a few hundred. Checked before its text is extracted, which cannot be interrupted
    #: once it starts (and takes about a second per megabyte).
    pdf_page_content_bytes: int = 1024 * 1024
    #: Characters of text in the whole report, whatever its format.
    characters: int = 2_000_000
    #: Wall-clock seconds to read one file and extract its findings and recommendations; the
    #: last step after the deadline is short, so a read ends well inside 5 seconds.
    seconds: float = 3.5


LIMITS = Limits()


class ReportUnreadable(Exception):
    """The report cannot be turned into text; ``str(error)`` is a one-line message."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))

    @property
    def message(self) -> str:
        return str(self)


class Budget:
    """A reading deadline, checked in the readers' loops: a hostile file ends with a one-line
    error instead of holding a web worker past its timeout."""

    def __init__(self, name: str, seconds: float = LIMITS.seconds, clock=time.monotonic) -> None:
        self.name, self.seconds, self._clock = name, seconds, clock
        self._deadline = clock() + seconds

    def check(self) -> None:
        if self._clock() > self._deadline:
            raise ReportUnreadable(
                f"{self.name}: took longer than {self.seconds:g} seconds to read, so reading "
                "stopped (is it really a report?) \u2014 paste its text instead"
            )


def read_report(
    path_or_dash: str,
    stdin: IO[Any] | None = None,
    limits: Limits = LIMITS,
    budget: Budget | None = None,
) -> str:
    """The text of the report at ``path_or_dash``, or of ``stdin`` when it is "-"."""
    if path_or_dash == "-":
        stream = stdin if stdin is not None else sys.stdin
        raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        return _within_characters(STDIN_NAME, _text_from_bytes(STDIN_NAME, data), limits)
    path = Path(path_or_dash)
    name = str(path_or_dash)
    if not path.exists():
        raise ReportUnreadable(f"{name}: no such file")
    if path.is_dir():
        raise ReportUnreadable(f"{name}: is a directory, not a report file")
    _check_suffix(name)
    try:
        if path.stat().st_size > limits.file_bytes:
            raise ReportUnreadable(_too_large(name, limits))
        data = path.read_bytes()
    except OSError as error:
        raise ReportUnreadable(f"{name}: cannot be read ({error.strerror or error})") from error
    return read_report_bytes(name, data, limits, budget)


def _too_large(name: str, limits: Limits) -> str:
    return f"{name}: is larger than {limits.file_bytes // (1024 * 1024)} MB, more than a report"


def read_report_bytes(
    name: str, data: bytes, limits: Limits = LIMITS, budget: Budget | None = None
) -> str:
    """The text of an uploaded report; ``name`` (its file name) decides the format.

    ``budget`` is the deadline to read it by; pass the one the extraction will use too.
    """
    suffix = _check_suffix(name)
    if not data:
        raise ReportUnreadable(f"{name}: the file is empty")
    if len(data) > limits.file_bytes:
        raise ReportUnreadable(_too_large(name, limits))
    budget = budget or Budget(name, limits.seconds)
    if suffix == ".pdf":
        text = _pdf_text(name, data, limits, budget)
    elif suffix == ".docx":
        text = _docx_text(name, data, limits, budget)
    else:
        text = _text_from_bytes(name, data)
    return _require_text(name, _within_characters(name, text, limits))


def _within_characters(name: str, text: str, limits: Limits) -> str:
    if len(text) > limits.characters:
        raise ReportUnreadable(_too_much_text(name, limits.characters))
    return text


def _too_much_text(name: str, limit: int) -> str:
    return (
        f"{name}: holds more than {limit:,} characters of text, far more than a report; "
        "import the part with the findings and recommendations"
    )


class _TextCap:
    """Counts characters as pages or paragraphs are read, so an oversized text stops early."""

    def __init__(self, name: str, limit: int) -> None:
        self.name, self.limit, self.count = name, limit, 0

    def add(self, text: str) -> str:
        self.count += len(text) + 1
        if self.count > self.limit:
            raise ReportUnreadable(_too_much_text(self.name, self.limit))
        return text


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


# --- PDF ---------------------------------------------------------------------------


def _pdf_text(name: str, data: bytes, limits: Limits, budget: Budget) -> str:
    """Join the text layer of every page; a scan has none, so say so plainly."""
    if b"%PDF" not in data[:1024]:
        raise ReportUnreadable(f"{name}: is not a PDF file (it may be damaged)")
    cap = _TextCap(name, limits.characters)
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportUnreadable(f"{name}: the PDF is password-protected")
        if len(reader.pages) > limits.pdf_pages:
            raise ReportUnreadable(
                f"{name}: has {len(reader.pages):,} pages; a report is read up to "
                f"{limits.pdf_pages:,} (split it, or paste the text instead)"
            )
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            budget.check()
            contents = page.get_contents()
            if contents is not None and len(contents.get_data()) > limits.pdf_page_content_bytes:
                raise ReportUnreadable(
                    f"{name}: page {number} is more complex than a page of a report can be "
                    "(is it damaged?) \u2014 paste the text instead"
                )
            text = page.extract_text() or ""
            if len(text) > limits.pdf_page_characters:
                raise ReportUnreadable(
                    f"{name}: page {number} holds more than {limits.pdf_page_characters:,} "
                    "characters of text, more than a page can (is it damaged?)"
                )
            pages.append(cap.add(text))
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

#: Parts that are read as XML; anything else (images, embedded files, fonts) holds no text, so
#: it is replaced by an empty part without being unpacked.
_XML_SUFFIXES = (".xml", ".rels")
#: The start of a paragraph element (any namespace prefix): counted before parsing.
_PARAGRAPH_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s>/]")
_DAMAGED_DOCX = "cannot read this Word document (it may be damaged or not a .docx)"


def _docx_text(name: str, data: bytes, limits: Limits, budget: Budget) -> str:
    """Paragraphs and table cells in document order; list paragraphs become "\u2022 " lines."""
    package = _bounded_package(name, data, limits, budget)
    cap = _TextCap(name, limits.characters)
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(package))
        styles = _ParagraphStyles(document)
        lines: list[str] = []
        for item in document.iter_inner_content():
            budget.check()
            if isinstance(item, Table):
                lines.extend(_table_lines(item, styles, budget, cap))
            else:
                lines.append(cap.add(_paragraph_line(item, styles)))
    except ReportUnreadable:
        raise
    except Exception as error:  # python-docx/lxml/zipfile raise many types
        raise ReportUnreadable(f"{name}: {_DAMAGED_DOCX}") from error
    return "\n".join(lines)


def _bounded_package(name: str, data: bytes, limits: Limits, budget: Budget) -> bytes:
    """The .docx rebuilt with only its XML parts unpacked, each read with a cap.

    The zip's declared sizes are checked first (cheap, and what an honest file states), then
    every XML part is streamed with a running total, because declared sizes can lie. The
    paragraphs are counted in the raw XML, before python-docx builds a tree of them.
    """
    too_big = (
        f"{name}: unpacks to more than {limits.docx_xml_bytes // (1024 * 1024)} MB of document "
        "text, far more than a report (is it damaged?)"
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        if len(members) > limits.docx_members:
            raise ReportUnreadable(f"{name}: holds {len(members):,} parts; {_DAMAGED_DOCX}")
        xml = [m for m in members if m.filename.lower().endswith(_XML_SUFFIXES)]
        if sum(m.file_size for m in xml) > limits.docx_xml_bytes:
            raise ReportUnreadable(too_big)
        out = io.BytesIO()
        total = 0
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as rebuilt:
            for member in members:
                if member.is_dir():
                    continue
                if member not in xml:
                    rebuilt.writestr(member.filename, b"")
                    continue
                chunks = []
                with archive.open(member) as stream:
                    while chunk := stream.read(1024 * 1024):
                        total += len(chunk)
                        if total > limits.docx_xml_bytes:
                            raise ReportUnreadable(too_big)
                        chunks.append(chunk)
                        budget.check()
                content = b"".join(chunks)
                if member.filename == "word/document.xml":
                    _check_paragraphs(name, content, limits)
                rebuilt.writestr(member.filename, content)
    except ReportUnreadable:
        raise
    except Exception as error:  # zipfile raises BadZipFile, CRC errors, EOFError ...
        raise ReportUnreadable(f"{name}: {_DAMAGED_DOCX}") from error
    return out.getvalue()


def _check_paragraphs(name: str, document_xml: bytes, limits: Limits) -> None:
    """Count paragraphs and tags in the raw XML, before python-docx builds a tree of them."""
    count = sum(1 for _ in _PARAGRAPH_RE.finditer(document_xml))
    if count > limits.docx_paragraphs:
        raise ReportUnreadable(
            f"{name}: has {count:,} paragraphs; a report is read up to "
            f"{limits.docx_paragraphs:,} (is it damaged? paste the text instead)"
        )
    if document_xml.count(b"<") > limits.docx_tags:
        raise ReportUnreadable(
            f"{name}: is more complex than a report can be (over {limits.docx_tags:,} XML "
            "elements); it may be damaged \u2014 paste the text instead"
        )


class _ParagraphStyles:
    """Style names by style id, read once. python-docx's ``paragraph.style`` searches the
    styles part on every call, which made a long document quadratic."""

    def __init__(self, document: Any) -> None:
        self._names = {
            style.style_id: (style.name or "") for style in document.styles if style.style_id
        }
        default = document.styles.default(_paragraph_type())
        self._default = (default.name or "") if default is not None else ""

    def name(self, paragraph: Any) -> str:
        style_id = paragraph._p.style
        if style_id is None:
            return self._default
        return self._names.get(style_id, self._default)


def _paragraph_type():
    from docx.enum.style import WD_STYLE_TYPE

    return WD_STYLE_TYPE.PARAGRAPH


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: What python-docx's ``paragraph.text`` reads (runs and hyperlinks' runs), in one XPath call
#: per paragraph instead of one per run: a paragraph of 100,000 runs took seconds.
_RUN_CONTENT = "w:r/* | w:hyperlink/w:r/*"
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def _paragraph_text(paragraph: Any) -> str:
    parts = []
    for element in paragraph._p.xpath(_RUN_CONTENT):
        tag = element.tag
        if tag == f"{_W}t":
            parts.append(element.text or "")
        elif tag == f"{_W}br":
            if element.get(f"{_W}type", "textWrapping") == "textWrapping":
                parts.append("\n")
        else:
            parts.append(_RUN_TEXT.get(tag, ""))
    return "".join(parts)


def _paragraph_line(paragraph: Any, styles: _ParagraphStyles) -> str:
    """A paragraph's text, with a bullet when Word shows it as a list item."""
    text = _paragraph_text(paragraph)
    if not text.strip():
        return text
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if numbered or styles.name(paragraph).lower().startswith("list"):
        return f"\u2022 {text.strip()}"
    return text


def _table_lines(table: Any, styles: _ParagraphStyles, budget: Budget, cap: _TextCap) -> list[str]:
    """Each cell's text once (merged cells repeat in python-docx), row by row."""
    lines: list[str] = []
    seen: set[Any] = set()
    for row in table.rows:
        budget.check()
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            lines.extend(cap.add(_paragraph_line(p, styles)) for p in cell.paragraphs)
            for inner in cell.tables:
                lines.extend(_table_lines(inner, styles, budget, cap))
        lines.append("")
    return lines
