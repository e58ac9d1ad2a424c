"""Time and peak memory to read (and extract) hostile report files: issue 8.3.

Run with ``uv run python benchmarks/bench_hostile_imports.py``. Each file is read in a fresh
child process so that its peak RSS is its own. The target: any upload is refused or read (and
extracted) in under 5 s and 300 MB. The first rows are attacks, refused; the last are the
largest files the limits accept, read to the end.
"""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import time

CASES = {
    "100,000 empty paragraphs (.docx)": "empty",
    "zip bomb: document.xml inflates to 1 GiB (.docx)": "bomb",
    "zip bomb with lying sizes, 256 MiB (.docx)": "liar",
    "5,000 blank pages (.pdf)": "pages",
    "one page drawing 2 million characters (.pdf)": "dense",
    "one page drawing 900,000 characters, just under 1 MB (.pdf)": "dense_accepted",
    "accepted: 19,000 list paragraphs, 1.9 M characters (.docx)": "long_docx",
    "accepted: 240,000 runs in one paragraph (.docx)": "runs",
    "accepted: 1,000 pages of 1,500 characters (.pdf)": "long_pdf",
}


def build(case: str) -> tuple[str, bytes]:
    from assure.inspections.tests import hostile

    if case == "empty":
        return "empty.docx", hostile.empty_paragraphs_docx(100_000)
    if case == "bomb":
        return "bomb.docx", hostile.zip_bomb_docx(1024**3)
    if case == "liar":
        return "liar.docx", hostile.lying_zip_bomb_docx(256 * 1024**2)
    if case == "pages":
        return "pages.pdf", hostile.many_pages_pdf(5_000)
    if case == "dense":
        return "dense.pdf", hostile.huge_page_pdf(2_000_000)
    if case == "dense_accepted":
        return "dense.pdf", hostile.huge_page_pdf(900_000)
    if case == "long_docx":
        line = "The force should review how it works with partners in every district " + "x" * 30
        return "long.docx", hostile.docx([line] * 19_000, style="ListBullet", styles=200)
    if case == "runs":
        body = "".join("<w:r><w:t>a</w:t></w:r>" for _ in range(240_000))
        xml = hostile._document_head() + f"<w:p>{body}</w:p>".encode() + hostile._DOCUMENT_TAIL
        return "runs.docx", hostile._package(xml)
    if case == "long_pdf":
        from pypdf import PdfReader, PdfWriter

        page = PdfReader(io.BytesIO(hostile.huge_page_pdf(1_500))).pages[0]
        writer = PdfWriter()
        for _ in range(1_000):
            writer.add_page(page)
        buffer = io.BytesIO()
        writer.write(buffer)
        return "long.pdf", buffer.getvalue()
    raise ValueError(case)


def child(case: str) -> None:
    """Build the file, then time reading and extracting it, as the import page does."""
    from assure.inspections.extraction import extract
    from assure.inspections.readers import Budget, ReportUnreadable, read_report_bytes

    name, data = build(case)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    budget = Budget(name)
    try:
        text = read_report_bytes(name, data, budget=budget)
        extraction = extract(text, budget.check)
        outcome = f"read: {len(text):,} characters, {len(extraction.recommendations):,} recs"
    except ReportUnreadable as error:
        outcome = f"refused: {str(error).removeprefix(name + ': ')[:70]}"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(data) / 1024:>8,.0f} KB {seconds:6.2f} s {peak:6.0f} MB peak RSS ", end="")
    print(f"(building it: {baseline / 1024:.0f} MB)  {outcome}")


def main() -> None:
    print(f"{'file':<62}    size     time   memory")
    for label, case in CASES.items():
        print(f"{label:<62}", end="", flush=True)
        result = subprocess.run(
            [sys.executable, __file__, case], capture_output=True, text=True, check=False
        )
        print(result.stdout.strip() or result.stderr.strip().splitlines()[-1])


if __name__ == "__main__":
    if len(sys.argv) > 1:
        child(sys.argv[1])
    else:
        main()
