"""The genre's vocabulary: what reads as an action, a heading, and the words headings use."""

from __future__ import annotations

import re
from typing import Literal

MODAL_RE = re.compile(
    r"\b(?:should(?!\s+have\b)|must|needs?\s+to|ought\s+to|(?:is|are)\s+required\s+to"
    r"|recommends?\s+that|recommended\s+that|we\s+recommend)\b",
    re.IGNORECASE,
)
#: Verbs a recommendation in the imperative starts with ("Take steps to ...").
ACTION_VERBS = frozenset(
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


def clean_inline(text: str) -> str:
    """Collapse whitespace and drop markdown emphasis, keeping the words."""
    text = text.replace("**", "").replace("__", "")
    return " ".join(text.split())


def first_word(text: str) -> str:
    match = re.match(r"[A-Za-z]+", text)
    return match.group(0).lower() if match else ""


def heading_like(text: str, max_words: int = 10) -> bool:
    """Short, unpunctuated and not phrased as an action: reads as a heading."""
    if not text or len(text) > 90 or text[-1] in ".;,:?!":
        return False
    if len(text.split()) > max_words or MODAL_RE.search(text):
        return False
    if first_word(text) in ACTION_VERBS:
        return False
    return text[0].isupper() or text[0].isdigit()


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


def keyword_kind(heading: str) -> HeadingKind:
    """What a heading announces, judged by its wording alone."""
    text = clean_inline(heading).strip(" :.")
    for kind, pattern in _KEYWORD_PATTERNS:
        if pattern.fullmatch(text):
            return kind
    return "topic"
