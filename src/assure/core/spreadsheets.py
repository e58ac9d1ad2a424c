"""Text that is safe to open in a spreadsheet (CSV or formula injection).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula; it also
skips a leading tab or carriage return first. A title typed as ``=HYPERLINK(...)`` must arrive
as text, so such a cell is written with a leading apostrophe, which spreadsheets hide.

Checking only the first character is not enough (OWASP, "CSV Injection"): our files are
comma-separated, but Excel in a European locale splits a CSV on ``;``, LibreOffice lets the reader
pick tab, ``;`` or ``|``, and a reader that splits on another separator no longer honours our
quotes, so an embedded line break also starts a new cell. ``a;=cmd|' /C calc'!A0`` is one text in
our file and a formula in the second cell of such a reader. So a formula character that follows
any of those separators (after optional spaces and double quotes, which a reader may strip) gets the
apostrophe too: ``a;=cmd`` becomes ``a;'=cmd``. That is the one place where the text changes
visibly in the file's own dialect, and it only happens where a formula could start.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable

# Characters that begin a formula, and those a spreadsheet skips before looking for one.
FORMULA_CHARS = "=+-@"
FORMULA_STARTS = (*FORMULA_CHARS, "\t", "\r")
_FORMULA_TUPLE = tuple(FORMULA_CHARS)
# Separators some reader may split a line on: comma, semicolon, tab, pipe, and line breaks.
SEPARATORS = ",;\t|\r\n"

_AFTER_SEPARATOR = re.compile(
    rf"(?P<lead>[{re.escape(SEPARATORS)}][ \"\t\r\n]*)(?P<formula>[{re.escape(FORMULA_CHARS)}])"
)


def as_text_cell(text: str) -> str:
    """The text, with an apostrophe wherever a spreadsheet could start a formula in it."""
    text = _AFTER_SEPARATOR.sub(r"\g<lead>'\g<formula>", text)
    if text.startswith(FORMULA_STARTS) or text.lstrip(' "\t\r').startswith(_FORMULA_TUPLE):
        return "'" + text
    return text


def csv_cell(value) -> str:
    """A value as one safe CSV cell: empty for None, ISO 8601 for a date, text otherwise."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return as_text_cell(str(value))


def csv_stream(header: list[str], rows: Iterable[Iterable], *, rows_per_chunk: int = 500):
    """A CSV file as UTF-8 chunks of ``rows_per_chunk`` rows, every cell through ``csv_cell``:
    written as the rows are read, so a download's memory is one chunk however long the file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def flush() -> bytes:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text.encode("utf-8")

    writer.writerow(header)
    for n, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(value) for value in row])
        if n % rows_per_chunk == 0:
            yield flush()
    yield flush()
