"""Property tests: the extractor never crashes and never returns an empty recommendation.

Reports are typed by people and mangled by PDF converters, so the extractor is fed
arbitrary text and damaged copies of the seed report (lines deleted, duplicated,
shuffled, bullets swapped, characters inserted, whitespace changed).
"""

import json
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assure.inspections.extraction import extract, extraction_to_contract, render_text

SEED_LINES = (
    (Path(__file__).resolve().parents[1] / "seed" / "hmic-wyp-2014-child-protection.txt")
    .read_text(encoding="utf-8")
    .splitlines()
)
BULLETS = ["\u2022", "\u00b7", "-", "\u2013", "*"]
GENRE_WORDS = [
    "Recommendations",
    "KEY FINDINGS",
    "Cause of concern",
    "Area for improvement",
    "As a minimum it should:",
    "Within three months",
    "the force should:",
    "3.1",
    "\u2022",
    "a)",
    "(i)",
    "1.",
    "\t",
    "\n",
    ":",
    "#",
    "**",
]
PROPERTIES = settings(max_examples=200, deadline=None)


def check(text):
    """The invariants every extraction must satisfy."""
    extraction = extract(text)
    for rec in extraction.recommendations:
        assert rec.text.strip()
        assert rec.area.strip()
        assert rec.ref.strip()
        assert all(point.strip() for point in rec.sub_points)
    assert all(f.text.strip() for f in extraction.findings)
    assert len({rec.ref for rec in extraction.recommendations}) == len(extraction.recommendations)
    for published in (date(2015, 1, 31), None):
        json.dumps(extraction_to_contract(extraction, published))
        render_text(extraction, published)
    return extraction


@PROPERTIES
@given(st.text())
def test_arbitrary_unicode(text):
    check(text)


@PROPERTIES
@given(st.lists(st.one_of(st.sampled_from(GENRE_WORDS), st.text(max_size=20)), max_size=60))
def test_genre_fragments(parts):
    check(" ".join(parts))


@st.composite
def mutated_seed(draw):
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(0, 6))):
        operation = draw(
            st.sampled_from(["delete", "duplicate", "swap", "insert", "space", "bullet"])
        )
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "insert":
            at = draw(st.integers(0, len(lines[index])))
            noise = draw(st.text(min_size=1, max_size=5))
            lines[index] = lines[index][:at] + noise + lines[index][at:]
        elif operation == "space":
            space = draw(st.sampled_from(["", " ", "\t", "  \t ", "\u00a0"]))
            lines[index] = space + lines[index].strip() + space
        else:
            stripped = lines[index].lstrip()
            if stripped[:1] in BULLETS:
                lines[index] = draw(st.sampled_from(BULLETS)) + stripped[1:]
    if draw(st.booleans()):
        lines = draw(st.permutations(lines))
    newline = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    return newline.join(lines)


@PROPERTIES
@given(mutated_seed())
def test_mutated_seed(text):
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(BULLETS), st.sampled_from(["\n", "\r\n"]))
def test_seed_survives_bullet_and_newline_changes(bullet, newline):
    lines = [
        bullet + line.lstrip()[1:] if line.lstrip()[:1] == "\u00b7" else line for line in SEED_LINES
    ]
    extraction = check(newline.join(lines))
    assert len(extraction.findings) == 5
    assert len(extraction.recommendations) == 8
