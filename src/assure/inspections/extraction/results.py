"""What the extractor returns: plain frozen records, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass

from assure.inspections.deadlines import DeadlineRule

GENERAL_AREA = "General"


@dataclass(frozen=True, slots=True)
class ExtractedFinding:
    """One key finding, of one kind: ``strength``, ``concern`` or ``cause_of_concern`` (the
    extractor's guess from the wording, see :mod:`.findings`; a person checks it)."""

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
