"""Setting a paper's blocks as PDF (WeasyPrint: tagged PDF/UA-1, with the title and language in
its metadata, bookmarks from its headings and page numbers from CSS counters) or as Word
(python-docx, with real heading styles so Word's navigation pane and contents work)."""

import base64
import io
from html import escape

from .documents import LANG, Document

CSS = """
@page {
  size: A4;
  margin: 2cm 2cm 2.5cm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; }
}
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 0.3em; }
h2 { font-size: 15pt; margin: 1.2em 0 0.4em; }
h3 { font-size: 12pt; margin: 1em 0 0.3em; }
p.subtitle { color: #505a5f; font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 9pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 0.5pt solid #b1b4b6; padding: 3pt 4pt; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
.pagebreak { break-before: page; }
img.chart { width: 100%; }
"""


def render(document: Document, format: str) -> bytes:
    if format == "pdf":
        return to_pdf(document)
    if format == "docx":
        return to_docx(document)
    raise ValueError(format)


def to_html(document: Document) -> str:
    out = [
        f'<!DOCTYPE html><html lang="{LANG}"><head><meta charset="utf-8">',
        f"<title>{escape(document.title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{escape(document.title)}</h1>",
    ]
    if document.subtitle:
        out.append(f'<p class="subtitle">{escape(document.subtitle)}</p>')
    for block in document.blocks:
        kind = block["type"]
        if kind == "heading":
            level = block["level"]
            out.append(f"<h{level}>{escape(block['text'])}</h{level}>")
        elif kind == "para":
            out.append(f"<p>{escape(block['text'])}</p>")
        elif kind == "bullets":
            out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block["items"]) + "</ul>")
        elif kind in ("table", "chart"):
            if kind == "chart":
                data = base64.b64encode(block["svg"].encode()).decode()
                out.append(
                    f'<img class="chart" src="data:image/svg+xml;base64,{data}" '
                    f'alt="{escape(block["caption"])}; the figures are in the table below">'
                )
            out.append(_table(block))
        elif kind == "pagebreak":
            out.append('<div class="pagebreak"></div>')
    out.append("</body></html>")
    return "".join(out)


def _table(block) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block["header"])
    body = "".join(
        "<tr>"
        + "".join(
            (f'<th scope="row">{escape(c)}</th>' if i == 0 else f"<td>{escape(c)}</td>")
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in block["rows"]
    )
    return (
        f"<table><caption>{escape(block['caption'])}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def to_pdf(document: Document) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=to_html(document)).write_pdf(pdf_variant="pdf/ua-1")


def to_docx(document: Document) -> bytes:
    import docx

    word = docx.Document()
    word.core_properties.title = document.title
    word.core_properties.language = LANG
    word.add_heading(document.title, level=0)
    if document.subtitle:
        word.add_paragraph(document.subtitle)
    for block in document.blocks:
        kind = block["type"]
        if kind == "heading":
            word.add_heading(block["text"], level=min(block["level"], 9))
        elif kind == "para":
            word.add_paragraph(block["text"])
        elif kind == "bullets":
            for item in block["items"]:
                word.add_paragraph(item, style="List Bullet")
        elif kind in ("table", "chart"):
            word.add_paragraph(block["caption"], style="Caption")
            table = word.add_table(rows=1, cols=len(block["header"]))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block["header"], strict=True):
                cell.text = text
            for row in block["rows"]:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=False):
                    cell.text = text
        elif kind == "pagebreak":
            word.add_page_break()
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
