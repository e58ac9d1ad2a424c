"""What is shown of an extraction: the data contract's JSON, the CLI's text, a fingerprint."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from assure.inspections.deadlines import DeadlineRule, resolve_due_on

from .results import ExtractedRecommendation, Extraction


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
