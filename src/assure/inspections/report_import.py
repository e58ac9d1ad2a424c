"""The "Import a report" draft: what the extractor found, as the person edits it before anything is
written.

The draft lives in the session as plain JSON (the data contract's extraction shape, plus where it
came from), so nothing reaches the inspection tables until the person confirms and the
``inspection_import`` service writes it all in one transaction::

    {"title": str, "findings": [{"text", "kind"}],
     "recommendations": [{"ref", "area", "text", "sub_points": [str], "deadline": {...}}],
     "source_name": str, "source_sha256": str, "published_on": "YYYY-MM-DD" | None,
     "force_id": int}

Everything here is pure: functions take a draft and return a new one.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from .deadlines import DeadlineRule, resolve_due_on
from .extraction import (
    ExtractedFinding,
    ExtractedRecommendation,
    Extraction,
    content_fingerprint,
    extract,
    extraction_to_contract,
)
from .readers import read_report_bytes

SESSION_KEY = "inspections.import_draft"
PASTED_NAME = "Pasted text"
DEFAULT_FINDING_KIND = "concern"

Draft = dict[str, Any]


@dataclass(frozen=True)
class Report:
    """A report's text, the name to record for it and the SHA-256 of what was received."""

    text: str
    source_name: str
    sha256: str


def read_upload(name: str, data: bytes) -> Report:
    """An uploaded file; raises ReportUnreadable with a one-line message."""
    text = read_report_bytes(name, data)
    return Report(text, name, hashlib.sha256(data).hexdigest())


def read_pasted(text: str) -> Report:
    """Pasted text. Browsers send line breaks as CRLF; they are hashed as LF, so pasting a report
    gives the same SHA-256 as importing its text file (or piping it to ``assure import-report -``).
    """
    text = text.replace("\r\n", "\n")
    return Report(text, PASTED_NAME, hashlib.sha256(text.encode("utf-8")).hexdigest())


def new_draft(report: Report, *, force_id: int, published_on: datetime.date | None) -> Draft:
    extraction = extract(report.text)
    contract = extraction_to_contract(extraction, published_on)
    for recommendation in contract["recommendations"]:
        recommendation.pop("due_on", None)
    for finding in contract["findings"]:
        finding["kind"] = DEFAULT_FINDING_KIND
    return {
        **contract,
        "source_name": report.source_name,
        "source_sha256": report.sha256,
        "content_sha256": content_fingerprint(extraction),
        "published_on": published_on.isoformat() if published_on else None,
        "force_id": force_id,
    }


def published_on(draft: Draft) -> datetime.date | None:
    raw = draft.get("published_on")
    return datetime.date.fromisoformat(raw) if raw else None


def deadline(item: dict) -> DeadlineRule:
    return DeadlineRule.from_json(item.get("deadline") or {"rule": "none"})


def due_on(draft: Draft, item: dict) -> datetime.date | None:
    return resolve_due_on(deadline(item), published_on(draft))


def to_extraction(draft: Draft) -> Extraction:
    return Extraction(
        title=draft.get("title", ""),
        findings=tuple(
            ExtractedFinding(f["text"], f.get("kind", DEFAULT_FINDING_KIND))
            for f in draft["findings"]
        ),
        recommendations=tuple(
            ExtractedRecommendation(
                ref=r["ref"],
                area=r["area"],
                text=r["text"],
                sub_points=tuple(r["sub_points"]),
                deadline=deadline(r),
            )
            for r in draft["recommendations"]
        ),
    )


def with_edits(
    draft: Draft,
    *,
    title: str,
    published: datetime.date | None,
    findings: list[dict],
    recommendations: list[dict],
) -> Draft:
    """The draft with what the person typed: ``recommendations`` hold ref, area, text,
    sub_points (a list) and deadline (a DeadlineRule)."""
    edited = copy.deepcopy(draft)
    edited["title"] = title
    edited["published_on"] = published.isoformat() if published else None
    edited["findings"] = [{"text": f["text"], "kind": f["kind"]} for f in findings]
    edited["recommendations"] = [
        {
            "ref": r["ref"],
            "area": r["area"],
            "text": r["text"],
            "sub_points": list(r["sub_points"]),
            "deadline": r["deadline"].to_json(),
        }
        for r in recommendations
    ]
    return edited


def _free_ref(draft: Draft, ref: str) -> str:
    taken = {r["ref"] for r in draft["recommendations"]}
    n = 2
    while f"{ref} ({n})" in taken:
        n += 1
    return f"{ref} ({n})"


class UnknownAction(ValueError):
    pass


def apply(draft: Draft, action: str) -> tuple[Draft, str]:
    """Apply one of the preview's buttons; returns the new draft and the anchor to show.

    Actions: ``split-N`` (a copy after recommendation N with a new ref, for the person to
    edit), ``merge-N`` (into the one before: texts joined, sub-points concatenated),
    ``delete-N``, ``add-recommendation``, ``add-finding``, ``delete-finding-N``; N counts from 0.
    """
    out = copy.deepcopy(draft)
    recs, findings = out["recommendations"], out["findings"]
    verb, _, number = action.rpartition("-")
    if action == "add-finding":
        findings.append({"text": "", "kind": DEFAULT_FINDING_KIND})
        return out, f"finding-{len(findings) - 1}"
    if action == "add-recommendation":
        area = recs[-1]["area"] if recs else "General"
        recs.append(
            {
                "ref": _free_ref(out, "R"),
                "area": area,
                "text": "",
                "sub_points": [],
                "deadline": DeadlineRule("none").to_json(),
            }
        )
        return out, f"rec-{len(recs) - 1}"
    if not number.isdigit():
        raise UnknownAction(action)
    index = int(number)
    if verb == "delete-finding" and index < len(findings):
        del findings[index]
        return out, "findings"
    if index >= len(recs):
        raise UnknownAction(action)
    if verb == "split":
        copy_ = copy.deepcopy(recs[index])
        copy_["ref"] = _free_ref(out, recs[index]["ref"])
        recs.insert(index + 1, copy_)
        return out, f"rec-{index + 1}"
    if verb == "merge" and index > 0:
        previous, current = recs[index - 1], recs.pop(index)
        previous["text"] = " ".join(t for t in (previous["text"], current["text"]) if t)
        previous["sub_points"] = previous["sub_points"] + current["sub_points"]
        return out, f"rec-{index - 1}"
    if verb == "delete":
        del recs[index]
        return out, "recommendations"
    raise UnknownAction(action)
