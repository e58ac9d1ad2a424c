"""Stage 4: the kind of each finding, splitting a paragraph that holds more than one kind.

A findings paragraph often says what works and what does not in one breath ("Referrals are
handled promptly. Cause of concern: supervision is weak."). Each sentence is given a kind, by
its label ("Cause of concern:", "Strength:") or by its wording, and a paragraph is cut where
the kind changes, so that each finding has one kind. A sentence with no tell-tale wording
("Officers in Kirklees had nearly double the volume ...") stays with the one before it.

The wording is only a first guess for a person to check in the import preview: a sentence
counts as a strength when it has more words of praise ("good", "effective", "committed to
improving") than of concern ("inconsistent", "not", "delays"); "cause of concern" is only
ever said by the report itself.
"""

from __future__ import annotations

import re
from typing import Literal

from .results import ExtractedFinding

Kind = Literal["strength", "concern", "cause_of_concern"]
DEFAULT_KIND: Kind = "concern"

_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"(])")
_LABEL_RE = re.compile(
    r"(?:(?:an?|the)\s+)?(?P<label>causes?\s+of\s+concern|strengths?|concerns?"
    r"|areas?\s+for\s+improvement|(?:good|notable|innovative)\s+practice)"
    r"\s*[:\-\u2013\u2014]\s*(?P<rest>\S.*)",
    re.IGNORECASE | re.DOTALL,
)
_CAUSE_OF_CONCERN_RE = re.compile(r"\bcauses?\s+of\s+concern\b", re.IGNORECASE)
_CONCERN_RE = re.compile(
    r"\b(?:not|no|never|cannot|unable|inconsistent(?:ly)?|inconsistency|poor(?:ly)?"
    r"|weak(?:ness|nesses|ly)?|lack(?:s|ed|ing)?|concern(?:s|ed|ing)?|delay(?:s|ed)?"
    r"|fail(?:s|ed|ing|ure|ures)?|insufficient(?:ly)?|inadequate(?:ly)?|limited|mixed"
    r"|backlogs?|reactive|unclear|variable|gaps?|worse|slow|missed|too\s+(?:few|many|long)"
    r"|requires?\s+improvement|needs?\s+to\s+improve|should|must)\b",
    re.IGNORECASE,
)
_STRENGTH_RE = re.compile(
    r"\b(?:good|strong(?:ly)?|effective(?:ly)?|committed|commitment|well|positive(?:ly)?"
    r"|excellent|outstanding|impressive|robust|thorough(?:ly)?|proactive(?:ly)?|prompt(?:ly)?"
    r"|swift(?:ly)?|timely|commend(?:able|ed)?|notable|innovative|improv(?:ed|ing)"
    r"|in\s+place|appropriate(?:ly)?)\b",
    re.IGNORECASE,
)


def label_kind(label: str) -> Kind:
    label = label.lower()
    if "cause" in label:
        return "cause_of_concern"
    if label.startswith(("strength", "good", "notable", "innovative")):
        return "strength"
    return "concern"


def sentence_kind(sentence: str) -> Kind | None:
    """The kind a sentence's wording suggests, or None when it suggests none."""
    if _CAUSE_OF_CONCERN_RE.search(sentence):
        return "cause_of_concern"
    concern = len(_CONCERN_RE.findall(sentence))
    strength = len(_STRENGTH_RE.findall(sentence))
    if strength > concern:
        return "strength"
    return "concern" if concern else None


def split_finding(text: str) -> list[ExtractedFinding]:
    """One findings paragraph as one finding per run of sentences of the same kind."""
    groups: list[tuple[Kind | None, list[str]]] = []
    for sentence in _SENTENCE_RE.split(text.strip()):
        label = _LABEL_RE.fullmatch(sentence)
        if label:
            kind: Kind | None = label_kind(label.group("label"))
            sentence = label.group("rest").strip()
            sentence = sentence[:1].upper() + sentence[1:]
            groups.append((kind, [sentence]))
            continue
        kind = sentence_kind(sentence)
        current = groups[-1][0] if groups else None
        # "... This is a cause of concern." makes the sentences before it one.
        upgrade = current == "concern" and kind == "cause_of_concern"
        if groups and (kind is None or current in (None, kind) or upgrade):
            sentences = groups[-1][1]
            groups[-1] = (kind if upgrade else current or kind, [*sentences, sentence])
        else:
            groups.append((kind, [sentence]))
    return [
        ExtractedFinding(" ".join(sentences), kind or DEFAULT_KIND)
        for kind, sentences in groups
        if " ".join(sentences).strip()
    ]


def findings_of(texts: list[str]) -> tuple[ExtractedFinding, ...]:
    return tuple(f for text in texts if text.strip() for f in split_finding(text))
