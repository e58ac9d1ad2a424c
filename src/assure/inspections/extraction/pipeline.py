"""Stage 4: put the stages together, then settle refs and inherited deadlines."""

from __future__ import annotations

import re
from collections.abc import Callable

from assure.inspections.deadlines import NO_DEADLINE, DeadlineRule, parse_deadline

from .blocks import join_blocks
from .classify import Line, classify
from .findings import findings_of
from .results import GENERAL_AREA, ExtractedRecommendation, Extraction
from .walk import Draft, Walker, looks_like_recommendation
from .wording import keyword_kind


def find_title(lines: list[Line]) -> tuple[str, int]:
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
            and keyword_kind(text) == "topic"
            and not looks_like_recommendation(text)
            and not text.endswith(":")
        ):
            return text, index + 1
        return "", index
    return "", len(lines)


_LIST_PUNCTUATION_RE = re.compile(r"\s*(?:[;,]\s*(?:and|or)?|[;,]?\s+(?:and|or))\s*$")


def _tidy(text: str) -> str:
    """Drop list punctuation ("...; and") that only made sense inside the original list."""
    return _LIST_PUNCTUATION_RE.sub("", text.strip()).strip()


def settle(
    drafts: list[Draft], check: Callable[[], None] | None = None
) -> list[ExtractedRecommendation]:
    """Make refs unique and let deadline-less recommendations inherit within an area."""
    seen: dict[str, int] = {}
    previous: dict[int, DeadlineRule] = {}
    out: list[ExtractedRecommendation] = []
    for position, draft in enumerate(drafts, start=1):
        if check is not None and position % 256 == 0:
            check()
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


def extract(text: str, check: Callable[[], None] | None = None) -> Extraction:
    """Find the title, key findings and recommendations in a report's plain text.

    Never raises: an input with nothing recognisable gives an empty extraction. ``check``, if
    given, is called as the work goes on (a reading budget's deadline, which may raise).
    """
    if not isinstance(text, str) or not text.strip():
        return Extraction("", (), ())
    lines = classify(text)
    if check is not None:
        check()
    title, start = find_title(lines)
    body = lines[start:]
    has_sections = any(
        line.kind == "heading" and keyword_kind(line.text) not in ("topic", "excluded", "findings")
        for line in body
    )
    walker = Walker(implicit=not has_sections)
    for number, block in enumerate(join_blocks(body)):
        if check is not None and number % 256 == 0:
            check()
        if block.kind == "heading":
            walker.heading(block.line)
        else:
            walker.block(block)
    recommendations = tuple(settle(walker.drafts, check))
    if check is not None:
        check()
    return Extraction(title, findings_of(walker.findings), recommendations)
