"""Turn the plain text of an inspection report into findings and recommendations.

Inspectorate and PCC documents follow a loose genre rather than a format: numbered
sections ("3.0 KEY RECOMMENDATIONS", "3.2 MISPERS") or unnumbered HMICFRS headings
("Cause of concern", "Area for improvement", "Recommendations"), bullets in any of a
dozen glyphs, section numbers that repeat, and deadlines written anywhere in a
sentence. The extractor therefore works in three small, separately testable steps:

1. :func:`_classify` labels every line (blank, heading, list item, plain text);
2. :func:`_blocks` joins wrapped lines into blocks (one bullet or paragraph each);
3. :class:`_Walker` walks the blocks with a little state (which section we are in,
   the current area, the current recommendation) and decides what each block is.

It is pure and total: any ``str`` gives an :class:`Extraction`, never an exception, so
the web upload and the CLI can show "nothing found" instead of a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from assure.inspections.deadlines import (
    NO_DEADLINE,
    DeadlineRule,
    find_deadline,
    parse_deadline,
    resolve_due_on,
)

__all__ = [
    "AREA_ACRONYMS",
    "ExtractedFinding",
    "ExtractedRecommendation",
    "Extraction",
    "extract",
    "extraction_to_contract",
    "normalise_area",
    "render_text",
]

GENERAL_AREA = "General"


@dataclass(frozen=True, slots=True)
class ExtractedFinding:
    """One key finding (one bullet of a findings section). The extractor cannot tell a strength
    from a concern, so it says concern; a person sets the kind in the import preview."""

    text: str
    kind: str = "concern"


@dataclass(frozen=True, slots=True)
class ExtractedRecommendation:
    """One recommendation, with its list sub-clauses and the deadline it states.

    ``ref`` is the section number of its area ("3.3"); further recommendations in the
    same section get "3.3 (2)", "3.3 (3)" so that refs are unique within a report and
    still point a reader at the right page. Items with their own dotted number
    ("3.5.1") keep it; unnumbered documents use the list number or "R<n>" (its position).
    """

    ref: str
    area: str
    text: str
    sub_points: tuple[str, ...]
    deadline: DeadlineRule


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extractor found in one report."""

    title: str
    findings: tuple[ExtractedFinding, ...]
    recommendations: tuple[ExtractedRecommendation, ...]


# --- Area names ---------------------------------------------------------------------

#: Words kept in this exact spelling when an area heading is put into sentence case.
#: Policing abbreviations are written in capitals (and MISPERs with a lower-case
#: plural), so "MISPERS" becomes "MISPERs" but "DECISION MAKING" "Decision making".
AREA_ACRONYMS: dict[str, str] = {
    word.upper(): word
    for word in (
        "ACC",
        "ACPO",
        "CAIT",
        "CCTV",
        "CID",
        "CPS",
        "CSE",
        "CSA",
        "DASH",
        "DCI",
        "FGM",
        "HMIC",
        "HMICFRS",
        "HTCU",
        "ICPC",
        "IOM",
        "IT",
        "MAPPA",
        "MARAC",
        "MASH",
        "MISPER",
        "MISPERs",
        "NPCC",
        "PACE",
        "PCC",
        "PPU",
        "RCPC",
        "SIO",
        "UK",
        "VAWG",
        "WYP",
    )
}


def normalise_area(heading: str) -> str:
    """Sentence case for an area heading, keeping the acronyms in :data:`AREA_ACRONYMS`.

    Other all-capitals words in a mixed-case heading are also kept (they are almost
    always abbreviations the table does not know); in an all-capitals heading they
    cannot be told apart from ordinary words, so only the table applies.
    """
    text = _clean_inline(heading).strip(" :.-\u2013\u2014")
    if not text:
        return GENERAL_AREA
    all_caps = text.upper() == text
    words = []
    for index, word in enumerate(text.split(" ")):
        core = word.strip("()[],;:'\"")
        known = AREA_ACRONYMS.get(core.upper())
        if known:
            word = word.replace(core, known)
        elif not all_caps and len(core) > 1 and core.isupper():
            pass
        else:
            word = word.lower()
        if index == 0:
            word = word[:1].upper() + word[1:]
        words.append(word)
    return " ".join(words)


# --- Step 1: classify lines ---------------------------------------------------------

LineKind = Literal["blank", "heading", "item", "text"]


@dataclass(frozen=True, slots=True)
class _Line:
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

_MODAL_RE = re.compile(
    r"\b(?:should(?!\s+have\b)|must|needs?\s+to|ought\s+to|(?:is|are)\s+required\s+to"
    r"|recommends?\s+that|recommended\s+that|we\s+recommend)\b",
    re.IGNORECASE,
)
#: Verbs a recommendation in the imperative starts with ("Take steps to ...").
_ACTION_VERBS = frozenset(
    (
        "adopt",
        "agree",
        "appoint",
        "assess",
        "audit",
        "carry",
        "commission",
        "conduct",
        "consider",
        "create",
        "define",
        "develop",
        "embed",
        "engage",
        "ensure",
        "establish",
        "evaluate",
        "identify",
        "implement",
        "improve",
        "increase",
        "introduce",
        "invest",
        "make",
        "monitor",
        "produce",
        "provide",
        "put",
        "publish",
        "reduce",
        "refresh",
        "review",
        "set",
        "share",
        "strengthen",
        "take",
        "train",
        "undertake",
        "update",
        "use",
        "work",
    )
)


def _clean_inline(text: str) -> str:
    """Collapse whitespace and drop markdown emphasis, keeping the words."""
    text = text.replace("**", "").replace("__", "")
    return " ".join(text.split())


def _first_word(text: str) -> str:
    match = re.match(r"[A-Za-z]+", text)
    return match.group(0).lower() if match else ""


def _heading_like(text: str, max_words: int = 10) -> bool:
    """Short, unpunctuated and not phrased as an action: reads as a heading."""
    if not text or len(text) > 90 or text[-1] in ".;,:?!":
        return False
    if len(text.split()) > max_words or _MODAL_RE.search(text):
        return False
    if _first_word(text) in _ACTION_VERBS:
        return False
    return text[0].isupper() or text[0].isdigit()


def _section_number(label: str) -> tuple[int, ...]:
    """ "3.0" → (3,), "3.1" → (3, 1): a trailing ".0" names the section itself."""
    parts = [int(p) for p in label.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _classify_list_item(body: str, indent: int) -> _Line | None:
    """A bulleted or lettered list item, or None if the line is not one."""
    match = _GLYPH_RE.fullmatch(body)
    if match:
        glyph = match.group("glyph")
        marker = "dash" if glyph in _DASHES else glyph
        return _Line("item", _clean_inline(match.group("text")), marker=marker, indent=indent)
    match = _ALPHA_RE.fullmatch(body)
    if match and (len(match.group("tag")) == 1 or match.group("tag") in _ROMAN):
        if match.group("close") == "." and match.group("tag") not in _ROMAN | {"a", "b", "c"}:
            return None
        marker = ("(" if match.group("open") else "") + "a" + match.group("close")
        return _Line("item", _clean_inline(match.group("text")), marker=marker, indent=indent)
    match = _PAREN_NUMBER_RE.fullmatch(body)
    if match:
        text = _clean_inline(match.group("text"))
        return _Line("item", text, (int(match.group("num")),), match.group("num"), "(1)", indent)
    return None


def _classify_numbered(body: str, indent: int) -> _Line | None:
    """A numbered section heading ("3.2 MISPERS") or numbered paragraph/list item."""
    match = _SECTION_RE.fullmatch(body)
    if match:
        label = match.group("num")
        text = _clean_inline(match.group("text") or "")
        number = _section_number(label)
        if not text or _heading_like(text):
            return _Line("heading", text, number, label, indent=indent)
        return _Line("item", text, number, label, marker="section", indent=indent)
    match = _LIST_NUMBER_RE.fullmatch(body)
    if match:
        text = _clean_inline(match.group("text"))
        number = (int(match.group("num")),)
        if _heading_like(text, max_words=8):
            return _Line("heading", text, number, match.group("num"), indent=indent)
        marker = "1" + match.group("close")
        return _Line("item", text, number, match.group("num"), marker, indent)
    return None


def _classify_one(raw: str) -> _Line:
    """Classify a line on its own; unnumbered headings need context (see _classify)."""
    expanded = raw.replace("\t", "    ")
    body = expanded.strip()
    if not body or not any(ch.isalnum() for ch in body):
        return _Line("blank")
    indent = len(expanded) - len(expanded.lstrip())
    match = _MARKDOWN_HEADING_RE.fullmatch(body)
    if match:
        return _Line(
            "heading", _clean_inline(match.group("text")), level=len(match.group("hashes"))
        )
    if body.startswith("**") and body.rstrip(":").endswith("**") and len(body) < 100:
        return _Line("heading", _clean_inline(body).rstrip(":"), level=7)
    return (
        _classify_numbered(body, indent)
        or _classify_list_item(body, indent)
        or _Line("text", _clean_inline(body), indent=indent)
    )


def _promote_headings(lines: list[_Line]) -> list[_Line]:
    """Turn short stand-alone text lines into (unnumbered) headings.

    A line is a heading when it reads like one and does not continue the previous
    line: the previous line is blank, a heading, or ends a sentence. Known section
    names ("Recommendations", "Cause of concern") are headings wherever they stand.
    """
    out: list[_Line] = []
    previous: _Line = _Line("blank")
    for line in lines:
        if line.kind == "text":
            ends_sentence = previous.kind in ("blank", "heading") or previous.text[-1:] in ".:;!?"
            keyword = (
                _keyword_kind(line.text) != "topic"
                and len(line.text.split()) <= 8
                and line.text[-1:] not in ".;,?!"
                and not _MODAL_RE.search(line.text)
            )
            short = _heading_like(line.text, max_words=8)
            if keyword or (short and ends_sentence) or (short and line.text.isupper()):
                line = _Line("heading", line.text.rstrip(":"), indent=line.indent)
        out.append(line)
        if line.kind != "blank" or previous.kind != "blank":
            previous = line
    return out


_INLINE_LABEL_RE = re.compile(
    r"(?P<label>(?:causes?\s+of\s+concern|areas?\s+for\s+improvement|recommendation)"
    r"(?:\s+(?P<num>[0-9]{1,3}))?)\s*[:.\-\u2013\u2014]\s*(?P<rest>\S.*)",
    re.IGNORECASE,
)


def _split_inline_labels(lines: list[_Line]) -> list[_Line]:
    """Split "Area for improvement: The force should ..." into a heading and its text."""
    out: list[_Line] = []
    for line in lines:
        match = _INLINE_LABEL_RE.fullmatch(line.text) if line.kind == "text" else None
        if match and (_MODAL_RE.search(match.group("rest")) or find_deadline(match.group("rest"))):
            out.append(_Line("heading", match.group("label"), indent=line.indent))
            out.append(_Line("text", match.group("rest"), indent=line.indent))
        else:
            out.append(line)
    return out


def _normalise_text(text: str) -> str:
    """Unify newlines and invisible characters that PDFs and Word documents leave behind."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\f", "\n")
    return "".join(ch if ch in "\n\t" or unicodedata.category(ch) != "Cc" else " " for ch in text)


def _merge_bare_numbers(lines: list[_Line]) -> list[_Line]:
    """Join "3.1" on a line of its own with the heading text on the next (PDF layouts)."""
    out: list[_Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == "heading"
            and previous.number is not None
            and not previous.text
            and line.kind == "text"
            and _heading_like(line.text)
        ):
            out[-1] = _Line(
                "heading", line.text, previous.number, previous.label, None, previous.indent
            )
            continue
        out.append(line)
    return out


def _classify(text: str) -> list[_Line]:
    """Label every line of the document (see the module docstring, step 1)."""
    lines = [_classify_one(raw) for raw in _normalise_text(text).split("\n")]
    return _promote_headings(_split_inline_labels(_merge_bare_numbers(lines)))


# --- Heading kinds ------------------------------------------------------------------

HeadingKind = Literal[
    "findings", "recommendations", "recommendation_n", "concern", "improvement", "excluded", "topic"
]

#: Sections that never hold recommendations, however "immediately" their wording.
_EXCLUDED = (
    r"(?:[0-9.]+\s*)?(?:purpose|introduction|background|contents|methodology|method|scope"
    r"|terms\s+of\s+reference|next\s+steps|conclusions?|(?:executive\s+)?summary|foreword"
    r"|preface|overview|context|good\s+practice|notable\s+practice|innovative\s+practice"
    r"|strengths|progress|action\s+plan|contacts?|references|sources|further\s+information"
    r"|(?:useful\s+)?links|(?:and\s+)?(?:purpose|background|scope))"
    r"(?:\s+and\s+(?:purpose|background|scope|methodology|context))?"
    r"|(?:about|glossary|annex|appendix|acknowledge?ments?)\b.*"
    r"|.*\bupdate\b.*"
    r"|(?:(?:the\s+)?(?:force|forces|pcc|pcc's|police|chief\s+constable's|commissioner's)\s+)"
    r"response\b.*|response\s+(?:from|of|by)\b.*"
)

_KEYWORD_PATTERNS: tuple[tuple[HeadingKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "findings",
            r"(?:(?:key|main|principal|our|inspection|summary\s+of(?:\s+the)?(?:\s+key)?)\s+)?findings|what\s+we\s+found",
        ),
        ("recommendation_n", r"recommendation\s+[0-9]{1,3}"),
        (
            "recommendations",
            r"(?:(?:key|main|principal|our|hmic(?:frs)?(?:'?s)?|summary\s+of(?:\s+the)?(?:\s+key)?|list\s+of|findings\s+and)\s+)?recommendations?(?:\s+(?:for|to)\b.*)?",
        ),
        ("concern", r"(?:(?:a|the)\s+)?causes?\s+of\s+concern\b.*"),
        ("improvement", r"(?:(?:an?|the)\s+)?areas?\s+for\s+improvement\b.*"),
        ("excluded", _EXCLUDED),
    )
)


def _keyword_kind(heading: str) -> HeadingKind:
    """What a heading announces, judged by its wording alone."""
    text = _clean_inline(heading).strip(" :.")
    for kind, pattern in _KEYWORD_PATTERNS:
        if pattern.fullmatch(text):
            return kind
    return "topic"


# --- Step 2: blocks -----------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """A bullet with its wrapped continuation lines, a paragraph, or a heading."""

    kind: LineKind
    text: str
    line: _Line


def _join_wrapped(first: str, second: str) -> str:
    """Join a line wrapped by a PDF; "multi-" + "agency" keeps its hyphen, no space."""
    if len(first) > 1 and first.endswith("-") and first[-2].isalpha():
        return first + second
    return f"{first} {second}"


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Join wrapped lines: text directly under an item or paragraph continues it."""
    blocks: list[_Block] = []
    open_block: _Block | None = None
    for line in lines:
        if line.kind == "blank":
            open_block = None
            continue
        if line.kind == "text" and open_block is not None:
            open_block.text = _join_wrapped(open_block.text, line.text)
            continue
        block = _Block(line.kind, line.text, line)
        blocks.append(block)
        open_block = block if line.kind in ("item", "text") else None
    return blocks


# --- Step 3: walking ----------------------------------------------------------------

_SUBPOINT_START_RE = re.compile(
    r"(?:this|these|it|they|which)\s+(?:should|must|will|would|to|is\s+to|needs?\s+to)\b"
    r"|(?:this|these)\s+(?:includes?|covers?|means?)\b"
    r"|including\b|in\s+particular\b|as\s+a\s+minimum\b|at\s+a\s+minimum\b|at\s+least\b"
    r"|for\s+example\b|such\s+as\b",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_FOLLOWING_RE = re.compile(r"\bfollowing\b", re.IGNORECASE)
_LAST_MODAL_RE = re.compile(
    r".*\b(?:should|must|will|needs?\s+to|recommends?\s+that|recommended\s+that|recommends?)\b",
    re.IGNORECASE | re.DOTALL,
)


def _looks_like_recommendation(text: str) -> bool:
    """A modal ("should", "must", "we recommend") or an imperative opening verb."""
    if _MODAL_RE.search(text):
        return True
    found = find_deadline(text)
    rest = text[found[1] :] if found and found[0] == 0 else text
    return _first_word(rest.lstrip(" ,")) in _ACTION_VERBS


def _is_bare_lead_in(text: str) -> bool:
    """A lead-in that names no action, so each following bullet is a recommendation.

    "Within three months, the force should:" and "We recommend that, within six
    months, the force:" are bare; "the force should take steps to ensure that:" is a
    recommendation whose bullets are sub-points.
    """
    stem = _SENTENCE_END_RE.split(text.rstrip(": "))[-1]
    if _SUBPOINT_START_RE.match(stem):
        return False
    if _FOLLOWING_RE.search(stem):
        return True
    match = _LAST_MODAL_RE.match(stem)
    rest = stem[match.end() :] if match else stem
    found = find_deadline(rest)
    if not match and not found:
        return False
    if found:
        rest = rest[: found[0]] + " " + rest[found[1] :]
    words = re.findall(r"[A-Za-z']+", rest)
    return len(words) <= 3 and (not words or words[0].lower() not in _ACTION_VERBS)


@dataclass(slots=True)
class _Draft:
    """A recommendation being assembled, before refs and inheritance are settled."""

    ref_base: str | None
    area: str
    area_key: int
    text: str
    sub_points: list[str] = field(default_factory=list)
    marker: str | None = None
    indent: int = 0
    fallback: DeadlineRule | None = None  # the deadline of a bare lead-in above it


@dataclass(slots=True)
class _LeadIn:
    text: str
    deadline: DeadlineRule
    joinable: bool


Mode = Literal["none", "findings", "recommendations", "other"]


@dataclass(slots=True)
class _Walker:
    """Reads blocks in order, keeping track of the section and the current item."""

    implicit: bool  # the document has no recommendations heading at all
    mode: Mode = "none"
    list_context: bool = False  # under a "Recommendations" heading: bullets count
    concern_context: bool = False
    section: tuple[int, ...] | None = None
    section_level: int | None = None
    area: str | None = None
    area_label: str | None = None
    area_key: int = 0
    topic: str | None = None
    pending_ref: str | None = None
    findings: list[str] = field(default_factory=list)
    drafts: list[_Draft] = field(default_factory=list)
    current: _Draft | None = None
    sub_mode: bool = False
    sub_marker: str | None = None
    primary_marker: str | None = None
    lead_in: _LeadIn | None = None
    last_finding_open: bool = False

    # -- headings --

    def heading(self, line: _Line) -> None:
        """Switch section according to what the heading announces."""
        self._end_group()
        kind = _keyword_kind(line.text)
        if kind == "findings":
            self._enter("findings", line)
        elif kind in ("recommendations", "recommendation_n"):
            self._recommendations_heading(line, kind)
        elif kind in ("concern", "improvement"):
            self._concern_heading(line, kind)
        elif kind == "excluded":
            self._enter("other", line)
        else:
            self._topic_heading(line)

    def _enter(self, mode: Mode, line: _Line) -> None:
        self.mode = mode
        self.section = line.number
        self.section_level = line.level
        self.list_context = False
        self.concern_context = False
        self._set_area(None, None)

    def _set_area(self, name: str | None, label: str | None) -> None:
        self.area = name
        self.area_label = label
        self.area_key += 1

    def _is_inside(self, line: _Line) -> bool:
        """Whether a heading is a subsection of the current section."""
        if line.number is not None and self.section is not None:
            return (
                len(line.number) > len(self.section)
                and line.number[: len(self.section)] == self.section
            )
        if line.level is not None and self.section_level is not None:
            return line.level > self.section_level
        if line.number is not None and self.section is None:
            return len(line.number) > 1 or self.section_level is None
        return line.number is None and self.section is None

    def _is_strictly_inside(self, line: _Line) -> bool:
        """A numbered or markdown subsection; an unnumbered heading may be a new topic."""
        if line.number is not None and self.section is not None:
            return self._is_inside(line)
        return line.level is not None and self.section_level is not None and self._is_inside(line)

    def _recommendations_heading(self, line: _Line, kind: HeadingKind) -> None:
        nested = self.concern_context and self.mode == "recommendations"
        if kind == "recommendation_n":
            self.pending_ref = line.text.split()[-1]
            if self.mode != "recommendations":
                self._enter("recommendations", line)
                self._set_area(self.topic or GENERAL_AREA, None)
                self.concern_context = True
            self.list_context = False
            return
        if nested:
            self.list_context = True
            return
        self._enter("recommendations", line)
        self.list_context = True

    def _concern_heading(self, line: _Line, kind: HeadingKind) -> None:
        match = re.search(
            r"(?:concern|improvement)\s*[0-9]*\s*[:.\-\u2013\u2014]\s*(.+)", line.text
        )
        label = match.group(1) if match else None
        default = "Cause of concern" if kind == "concern" else "Area for improvement"
        inside_list = self.mode == "recommendations" and not self.concern_context
        keep_section = (self.section, self.section_level) if inside_list else None
        self._enter("recommendations", line)
        if keep_section:
            self.section, self.section_level = keep_section
        self.concern_context = True
        name = normalise_area(label) if label else (self.topic or default)
        self._set_area(name, line.label)

    def _topic_heading(self, line: _Line) -> None:
        if self.mode == "recommendations" and not self.concern_context and self._is_inside(line):
            self._set_area(normalise_area(line.text), line.label)
            return
        if self.mode == "findings" and self._is_strictly_inside(line):
            return
        self.topic = normalise_area(line.text) if line.text else None
        if self.implicit:
            self._enter("recommendations", line)
            self._set_area(self.topic or GENERAL_AREA, line.label)
        else:
            self._enter("other", line)

    # -- content --

    def block(self, block: _Block) -> None:
        """Route a bullet or paragraph to the current section's handler."""
        if block.line.marker == "section" and self._leaves_section(block.line):
            self._end_group()
            self.mode = "other" if not self.implicit else self.mode
        if self.mode == "findings":
            self._finding(block)
        elif self.mode == "recommendations" or (self.implicit and self.mode == "none"):
            self._recommendation(block)

    def _leaves_section(self, line: _Line) -> bool:
        """A dotted paragraph number outside the current section ends it."""
        if line.number is None or self.section is None or len(line.number) < 2:
            return False
        return line.number[: len(self.section)] != self.section

    def _finding(self, block: _Block) -> None:
        text = block.text.strip()
        if block.kind == "text" and text[:1].islower() and self.findings:
            self.findings[-1] = f"{self.findings[-1]} {text}"
        elif block.kind == "item" or not text.endswith(":"):
            self.findings.append(text)

    def _recommendation(self, block: _Block) -> None:
        text = block.text.strip()
        if not text:
            return
        if block.kind == "text" and text[0].islower() and self.current:
            self._continue(text)
        elif self.current and _SUBPOINT_START_RE.match(text):
            self._sub_point_phrase(text)
        elif block.kind == "item":
            self._item(block, text)
        else:
            self._paragraph(block, text)

    def _continue(self, text: str) -> None:
        """A paragraph starting in lower case carries on the previous one (PDF wrap)."""
        assert self.current is not None
        if self.current.sub_points:
            self.current.sub_points[-1] = f"{self.current.sub_points[-1]} {text}"
        else:
            self.current.text = f"{self.current.text} {text}"

    def _sub_point_phrase(self, text: str) -> None:
        """ "This should at least cover ..." belongs to the recommendation above it."""
        assert self.current is not None
        if text.endswith(":"):
            self.current.text = f"{self.current.text} {text}"
            self._open_sub_list()
        else:
            self.current.sub_points.append(text)

    def _open_sub_list(self) -> None:
        self.sub_mode = True
        self.sub_marker = None

    def _item(self, block: _Block, text: str) -> None:
        line = block.line
        if self.sub_mode and self.current and self._is_sub_item(line):
            self.current.sub_points.append(text)
            return
        self.sub_mode = False
        if self.lead_in is not None:
            self._from_lead_in(line, text)
            return
        if self._is_subordinate(line):
            assert self.current is not None
            self.current.sub_points.append(text)
            return
        dotted = line.marker == "section"
        if (self.list_context and not dotted) or _looks_like_recommendation(text):
            self._start(line, text)
        elif text.endswith(":") and _is_bare_lead_in(text):
            self._set_lead_in(text)

    def _is_sub_item(self, line: _Line) -> bool:
        """Inside a "As a minimum it should:" list, until the outer bullet style returns."""
        if self.sub_marker is None:
            self.sub_marker = line.marker
            return True
        if line.marker == self.sub_marker:
            return True
        return line.marker != self.primary_marker

    def _is_subordinate(self, line: _Line) -> bool:
        """A lettered or more deeply indented item under a recommendation bullet."""
        current = self.current
        if current is None or self.primary_marker is None or line.marker == self.primary_marker:
            return False
        if line.indent > current.indent:
            return True
        lettered = (line.marker or "").endswith(("a)", "a."))
        return lettered and not (self.primary_marker or "").endswith(("a)", "a."))

    def _paragraph(self, block: _Block, text: str) -> None:
        self.sub_mode = False
        self.lead_in = None
        if text.endswith(":") and _is_bare_lead_in(text):
            self._set_lead_in(text)
            return
        if _looks_like_recommendation(text):
            self._start(block.line, text)

    def _set_lead_in(self, text: str) -> None:
        """Remember a bare lead-in; the bullets that follow are recommendations."""
        joinable = not _FOLLOWING_RE.search(text)
        self.lead_in = _LeadIn(text.rstrip(": "), parse_deadline(text), joinable)
        self.current = None
        self.primary_marker = None

    def _from_lead_in(self, line: _Line, text: str) -> None:
        """One bullet of a bare lead-in's list, read as a sentence with its lead-in."""
        lead_in = self.lead_in
        assert lead_in is not None
        if self.primary_marker is not None and line.marker != self.primary_marker and self.current:
            self.current.sub_points.append(text)
            return
        if lead_in.joinable and text[0].islower():
            self._start(line, f"{lead_in.text} {text}")
        else:
            self._start(line, text)
            assert self.current is not None
            self.current.fallback = lead_in.deadline

    def _start(self, line: _Line, text: str) -> None:
        """Begin a new recommendation; a text ending in ":" opens a sub-point list."""
        if self.area is None:
            topic = self.topic if self.concern_context else None
            self._set_area(topic or GENERAL_AREA, None)
        ref_base = self._ref_base(line)
        draft = _Draft(ref_base, self.area or GENERAL_AREA, self.area_key, text)
        draft.marker, draft.indent = line.marker, line.indent
        self.drafts.append(draft)
        self.current = draft
        if line.kind == "item" and self.primary_marker is None:
            self.primary_marker = line.marker
        if text.endswith(":") and self.lead_in is None:
            self._open_sub_list()

    def _ref_base(self, line: _Line) -> str | None:
        if self.pending_ref:
            ref, self.pending_ref = self.pending_ref, None
            return ref
        if line.number is not None and len(line.number) >= 2:
            return line.label
        if self.area_label:
            return self.area_label
        if line.number is not None and line.marker != "section":
            return line.label
        return None

    def _end_group(self) -> None:
        self.current = None
        self.sub_mode = False
        self.sub_marker = None
        self.primary_marker = None
        self.lead_in = None


# --- Putting it together ------------------------------------------------------------


def _title(lines: list[_Line]) -> tuple[str, int]:
    """The first line, if it reads as a title; and how many lines it used."""
    for index, line in enumerate(lines):
        if line.kind == "blank":
            continue
        text = line.text.strip()
        plain = line.number is None and line.marker is None
        if (
            plain
            and line.kind in ("text", "heading")
            and 0 < len(text) <= 200
            and _keyword_kind(text) == "topic"
            and not _looks_like_recommendation(text)
            and not text.endswith(":")
        ):
            return text, index + 1
        return "", index
    return "", len(lines)


_LIST_PUNCTUATION_RE = re.compile(r"\s*(?:[;,]\s*(?:and|or)?|[;,]?\s+(?:and|or))\s*$")


def _tidy(text: str) -> str:
    """Drop list punctuation ("...; and") that only made sense inside the original list."""
    return _LIST_PUNCTUATION_RE.sub("", text.strip()).strip()


def _settle(drafts: list[_Draft]) -> list[ExtractedRecommendation]:
    """Make refs unique and let deadline-less recommendations inherit within an area."""
    seen: dict[str, int] = {}
    previous: dict[int, DeadlineRule] = {}
    out: list[ExtractedRecommendation] = []
    for position, draft in enumerate(drafts, start=1):
        text = _tidy(draft.text)
        if not text:
            continue
        base = draft.ref_base or f"R{position}"
        seen[base] = seen.get(base, 0) + 1
        ref = base if seen[base] == 1 else f"{base} ({seen[base]})"
        deadline = parse_deadline(text)
        if deadline.rule == "none" and draft.fallback and draft.fallback.rule != "none":
            deadline = draft.fallback.as_inherited()
        elif deadline.rule == "none" and previous.get(draft.area_key, NO_DEADLINE).rule != "none":
            deadline = previous[draft.area_key].as_inherited()
        previous[draft.area_key] = deadline
        subs = tuple(_tidy(s) for s in draft.sub_points if _tidy(s))
        out.append(ExtractedRecommendation(ref, draft.area or GENERAL_AREA, text, subs, deadline))
    return out


def extract(text: str) -> Extraction:
    """Find the title, key findings and recommendations in a report's plain text.

    Never raises: an input with nothing recognisable gives an empty extraction.
    """
    if not isinstance(text, str) or not text.strip():
        return Extraction("", (), ())
    lines = _classify(text)
    title, start = _title(lines)
    body = lines[start:]
    has_sections = any(
        line.kind == "heading" and _keyword_kind(line.text) not in ("topic", "excluded", "findings")
        for line in body
    )
    walker = _Walker(implicit=not has_sections)
    for block in _blocks(body):
        if block.kind == "heading":
            walker.heading(block.line)
        else:
            walker.block(block)
    findings = tuple(ExtractedFinding(t.strip()) for t in walker.findings if t.strip())
    return Extraction(title, findings, tuple(_settle(walker.drafts)))


# --- Output -------------------------------------------------------------------------


def extraction_to_contract(extraction: Extraction, published: date | None) -> dict[str, Any]:
    """The data-contract JSON shape (keys in contract order), with due dates resolved."""
    return {
        "title": extraction.title,
        "findings": [{"text": f.text} for f in extraction.findings],
        "recommendations": [
            {
                "ref": rec.ref,
                "area": rec.area,
                "text": rec.text,
                "sub_points": list(rec.sub_points),
                "deadline": rec.deadline.to_json(),
                "due_on": _iso(resolve_due_on(rec.deadline, published)),
            }
            for rec in extraction.recommendations
        ],
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _due_phrase(rule: DeadlineRule, published: date | None) -> str:
    due = resolve_due_on(rule, published)
    if due is not None:
        return f"due {due.isoformat()}"
    if rule.rule == "none":
        return "no due date"
    return "due date needs the publication date (--published)"


def render_text(extraction: Extraction, published: date | None) -> str:
    """A human-readable summary for ``--format text``: findings, then recommendations by area."""
    out: list[str] = [extraction.title or "(untitled report)", ""]
    out.append(f"Findings ({len(extraction.findings)})")
    out.extend(f"  {n}. {f.text}" for n, f in enumerate(extraction.findings, start=1))
    areas: dict[str, list[ExtractedRecommendation]] = {}
    for rec in extraction.recommendations:
        areas.setdefault(rec.area, []).append(rec)
    out += ["", f"Recommendations ({len(extraction.recommendations)} in {len(areas)} areas)"]
    for area, recs in areas.items():
        out += ["", f"{area}"]
        for rec in recs:
            out.append(f"  [{rec.ref}] {rec.text}")
            out.extend(f"      - {point}" for point in rec.sub_points)
            out.append(
                f"      Deadline: {rec.deadline.describe()}; {_due_phrase(rec.deadline, published)}"
            )
    return "\n".join(out) + "\n"


def content_fingerprint(extraction: Extraction) -> str:
    """SHA-256 of what was read (title, findings, recommendations), with white space folded.

    The same report as a text file, a PDF or a Word document reads the same, so this recognises
    a second import that the file's own SHA-256 cannot.
    """
    import hashlib
    import json

    def fold(text: str) -> str:
        return " ".join(text.split())

    content = {
        "title": fold(extraction.title or ""),
        "findings": [fold(f.text) for f in extraction.findings],
        "recommendations": [
            [r.ref, fold(r.area), fold(r.text), [fold(p) for p in r.sub_points]]
            for r in extraction.recommendations
        ],
    }
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
