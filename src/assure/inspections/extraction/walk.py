"""Stage 3: walk the blocks with a little state (which section we are in, the current area, the
current recommendation) and decide what each block is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assure.inspections.deadlines import DeadlineRule, find_deadline, parse_deadline

from .areas import normalise_area
from .blocks import Block
from .classify import Line
from .results import GENERAL_AREA
from .wording import ACTION_VERBS, MODAL_RE, HeadingKind, first_word, keyword_kind

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


def looks_like_recommendation(text: str) -> bool:
    """A modal ("should", "must", "we recommend") or an imperative opening verb."""
    if MODAL_RE.search(text):
        return True
    found = find_deadline(text)
    rest = text[found[1] :] if found and found[0] == 0 else text
    return first_word(rest.lstrip(" ,")) in ACTION_VERBS


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
    return len(words) <= 3 and (not words or words[0].lower() not in ACTION_VERBS)


@dataclass(slots=True)
class Draft:
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
class Walker:
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
    drafts: list[Draft] = field(default_factory=list)
    current: Draft | None = None
    sub_mode: bool = False
    sub_marker: str | None = None
    primary_marker: str | None = None
    lead_in: _LeadIn | None = None
    last_finding_open: bool = False

    # -- headings --

    def heading(self, line: Line) -> None:
        """Switch section according to what the heading announces."""
        self._end_group()
        kind = keyword_kind(line.text)
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

    def _enter(self, mode: Mode, line: Line) -> None:
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

    def _is_inside(self, line: Line) -> bool:
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

    def _is_strictly_inside(self, line: Line) -> bool:
        """A numbered or markdown subsection; an unnumbered heading may be a new topic."""
        if line.number is not None and self.section is not None:
            return self._is_inside(line)
        return line.level is not None and self.section_level is not None and self._is_inside(line)

    def _recommendations_heading(self, line: Line, kind: HeadingKind) -> None:
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

    def _concern_heading(self, line: Line, kind: HeadingKind) -> None:
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

    def _topic_heading(self, line: Line) -> None:
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

    def block(self, block: Block) -> None:
        """Route a bullet or paragraph to the current section's handler."""
        if block.line.marker == "section" and self._leaves_section(block.line):
            self._end_group()
            self.mode = "other" if not self.implicit else self.mode
        if self.mode == "findings":
            self._finding(block)
        elif self.mode == "recommendations" or (self.implicit and self.mode == "none"):
            self._recommendation(block)

    def _leaves_section(self, line: Line) -> bool:
        """A dotted paragraph number outside the current section ends it."""
        if line.number is None or self.section is None or len(line.number) < 2:
            return False
        return line.number[: len(self.section)] != self.section

    def _finding(self, block: Block) -> None:
        text = block.text.strip()
        if block.kind == "text" and text[:1].islower() and self.findings:
            self.findings[-1] = f"{self.findings[-1]} {text}"
        elif block.kind == "item" or not text.endswith(":"):
            self.findings.append(text)

    def _recommendation(self, block: Block) -> None:
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

    def _item(self, block: Block, text: str) -> None:
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
        if (self.list_context and not dotted) or looks_like_recommendation(text):
            self._start(line, text)
        elif text.endswith(":") and _is_bare_lead_in(text):
            self._set_lead_in(text)

    def _is_sub_item(self, line: Line) -> bool:
        """Inside a "As a minimum it should:" list, until the outer bullet style returns."""
        if self.sub_marker is None:
            self.sub_marker = line.marker
            return True
        if line.marker == self.sub_marker:
            return True
        return line.marker != self.primary_marker

    def _is_subordinate(self, line: Line) -> bool:
        """A lettered or more deeply indented item under a recommendation bullet."""
        current = self.current
        if current is None or self.primary_marker is None or line.marker == self.primary_marker:
            return False
        if line.indent > current.indent:
            return True
        lettered = (line.marker or "").endswith(("a)", "a."))
        return lettered and not (self.primary_marker or "").endswith(("a)", "a."))

    def _paragraph(self, block: Block, text: str) -> None:
        self.sub_mode = False
        self.lead_in = None
        if text.endswith(":") and _is_bare_lead_in(text):
            self._set_lead_in(text)
            return
        if looks_like_recommendation(text):
            self._start(block.line, text)

    def _set_lead_in(self, text: str) -> None:
        """Remember a bare lead-in; the bullets that follow are recommendations."""
        joinable = not _FOLLOWING_RE.search(text)
        self.lead_in = _LeadIn(text.rstrip(": "), parse_deadline(text), joinable)
        self.current = None
        self.primary_marker = None

    def _from_lead_in(self, line: Line, text: str) -> None:
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

    def _start(self, line: Line, text: str) -> None:
        """Begin a new recommendation; a text ending in ":" opens a sub-point list."""
        if self.area is None:
            topic = self.topic if self.concern_context else None
            self._set_area(topic or GENERAL_AREA, None)
        ref_base = self._ref_base(line)
        draft = Draft(ref_base, self.area or GENERAL_AREA, self.area_key, text)
        draft.marker, draft.indent = line.marker, line.indent
        self.drafts.append(draft)
        self.current = draft
        if line.kind == "item" and self.primary_marker is None:
            self.primary_marker = line.marker
        if text.endswith(":") and self.lead_in is None:
            self._open_sub_list()

    def _ref_base(self, line: Line) -> str | None:
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
