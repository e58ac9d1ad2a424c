"""Stage 1: label every line of the document (blank, heading, list item, plain text)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from assure.inspections.deadlines import find_deadline

from .wording import MODAL_RE, clean_inline, heading_like, keyword_kind

LineKind = Literal["blank", "heading", "item", "text"]


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line, stripped of its bullet or section number."""

    kind: LineKind
    text: str = ""
    number: tuple[int, ...] | None = None  # section / paragraph number, trailing .0 dropped
    label: str | None = None  # the number as written ("3.1"), for refs
    marker: str | None = None  # bullet class, so nested lists can be told apart
    indent: int = 0
    level: int | None = None  # markdown heading level


#: Bullet glyphs seen in reports: Word's symbol-font bullets (U+F0B7, U+F0A7) survive
#: copy-paste, and hyphens come in five widths.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_BULLET_GLYPHS = (
    "\u2022\u00b7\u25aa\u25ab\u25e6\u25cf\u25cb\u25a0\u25a1\u27a2\u27a4\u25ba"
    "\u2713\u2714\u2192\uf0b7\uf0a7*+" + _DASHES
)
_GLYPH_RE = re.compile(rf"(?P<glyph>[{re.escape(_BULLET_GLYPHS)}])\s+(?P<text>\S.*)")
_ALPHA_RE = re.compile(r"(?P<open>\()?(?P<tag>[a-z]{1,4})(?P<close>[).])\s+(?P<text>\S.*)")
_LIST_NUMBER_RE = re.compile(r"(?P<num>[0-9]{1,2})(?P<close>[.)])\s+(?P<text>\S.*)")
_PAREN_NUMBER_RE = re.compile(r"\((?P<num>[0-9]{1,2})\)\s+(?P<text>\S.*)")
_SECTION_RE = re.compile(r"(?P<num>[0-9]{1,3}(?:\.[0-9]{1,3}){1,4})\.?(?:\s+(?P<text>.*))?")
_MARKDOWN_HEADING_RE = re.compile(r"(?P<hashes>#{1,6})\s*(?P<text>.*)")
_ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"}


def _section_number(label: str) -> tuple[int, ...]:
    """ "3.0" → (3,), "3.1" → (3, 1): a trailing ".0" names the section itself."""
    parts = [int(p) for p in label.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _classify_list_item(body: str, indent: int) -> Line | None:
    """A bulleted or lettered list item, or None if the line is not one."""
    match = _GLYPH_RE.fullmatch(body)
    if match:
        glyph = match.group("glyph")
        marker = "dash" if glyph in _DASHES else glyph
        return Line("item", clean_inline(match.group("text")), marker=marker, indent=indent)
    match = _ALPHA_RE.fullmatch(body)
    if match and (len(match.group("tag")) == 1 or match.group("tag") in _ROMAN):
        if match.group("close") == "." and match.group("tag") not in _ROMAN | {"a", "b", "c"}:
            return None
        marker = ("(" if match.group("open") else "") + "a" + match.group("close")
        return Line("item", clean_inline(match.group("text")), marker=marker, indent=indent)
    match = _PAREN_NUMBER_RE.fullmatch(body)
    if match:
        text = clean_inline(match.group("text"))
        return Line("item", text, (int(match.group("num")),), match.group("num"), "(1)", indent)
    return None


def _classify_numbered(body: str, indent: int) -> Line | None:
    """A numbered section heading ("3.2 MISPERS") or numbered paragraph/list item."""
    match = _SECTION_RE.fullmatch(body)
    if match:
        label = match.group("num")
        text = clean_inline(match.group("text") or "")
        number = _section_number(label)
        if not text or heading_like(text):
            return Line("heading", text, number, label, indent=indent)
        return Line("item", text, number, label, marker="section", indent=indent)
    match = _LIST_NUMBER_RE.fullmatch(body)
    if match:
        text = clean_inline(match.group("text"))
        number = (int(match.group("num")),)
        if heading_like(text, max_words=8):
            return Line("heading", text, number, match.group("num"), indent=indent)
        marker = "1" + match.group("close")
        return Line("item", text, number, match.group("num"), marker, indent)
    return None


def _classify_one(raw: str) -> Line:
    """Classify a line on its own; unnumbered headings need context (see classify)."""
    expanded = raw.replace("\t", "    ")
    body = expanded.strip()
    if not body or not any(ch.isalnum() for ch in body):
        return Line("blank")
    indent = len(expanded) - len(expanded.lstrip())
    match = _MARKDOWN_HEADING_RE.fullmatch(body)
    if match:
        return Line("heading", clean_inline(match.group("text")), level=len(match.group("hashes")))
    if body.startswith("**") and body.rstrip(":").endswith("**") and len(body) < 100:
        return Line("heading", clean_inline(body).rstrip(":"), level=7)
    return (
        _classify_numbered(body, indent)
        or _classify_list_item(body, indent)
        or Line("text", clean_inline(body), indent=indent)
    )


def _promote_headings(lines: list[Line]) -> list[Line]:
    """Turn short stand-alone text lines into (unnumbered) headings.

    A line is a heading when it reads like one and does not continue the previous
    line: the previous line is blank, a heading, or ends a sentence. Known section
    names ("Recommendations", "Cause of concern") are headings wherever they stand.
    """
    out: list[Line] = []
    previous: Line = Line("blank")
    for line in lines:
        if line.kind == "text":
            ends_sentence = previous.kind in ("blank", "heading") or previous.text[-1:] in ".:;!?"
            keyword = (
                keyword_kind(line.text) != "topic"
                and len(line.text.split()) <= 8
                and line.text[-1:] not in ".;,?!"
                and not MODAL_RE.search(line.text)
            )
            short = heading_like(line.text, max_words=8)
            if keyword or (short and ends_sentence) or (short and line.text.isupper()):
                line = Line("heading", line.text.rstrip(":"), indent=line.indent)
        out.append(line)
        if line.kind != "blank" or previous.kind != "blank":
            previous = line
    return out


_INLINE_LABEL_RE = re.compile(
    r"(?P<label>(?:causes?\s+of\s+concern|areas?\s+for\s+improvement|recommendation)"
    r"(?:\s+(?P<num>[0-9]{1,3}))?)\s*[:.\-\u2013\u2014]\s*(?P<rest>\S.*)",
    re.IGNORECASE,
)


def _split_inline_labels(lines: list[Line]) -> list[Line]:
    """Split "Area for improvement: The force should ..." into a heading and its text."""
    out: list[Line] = []
    for line in lines:
        match = _INLINE_LABEL_RE.fullmatch(line.text) if line.kind == "text" else None
        if match and (MODAL_RE.search(match.group("rest")) or find_deadline(match.group("rest"))):
            out.append(Line("heading", match.group("label"), indent=line.indent))
            out.append(Line("text", match.group("rest"), indent=line.indent))
        else:
            out.append(line)
    return out


def _normalise_text(text: str) -> str:
    """Unify newlines and invisible characters that PDFs and Word documents leave behind."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\f", "\n")
    return "".join(ch if ch in "\n\t" or unicodedata.category(ch) != "Cc" else " " for ch in text)


def _merge_bare_numbers(lines: list[Line]) -> list[Line]:
    """Join "3.1" on a line of its own with the heading text on the next (PDF layouts)."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == "heading"
            and previous.number is not None
            and not previous.text
            and line.kind == "text"
            and heading_like(line.text)
        ):
            out[-1] = Line(
                "heading", line.text, previous.number, previous.label, None, previous.indent
            )
            continue
        out.append(line)
    return out


def classify(text: str) -> list[Line]:
    """Label every line of the document (see the module docstring, step 1)."""
    lines = [_classify_one(raw) for raw in _normalise_text(text).split("\n")]
    return _promote_headings(_split_inline_labels(_merge_bare_numbers(lines)))
