"""The "Import a report" draft: what the extractor found, as the person edits it before anything is
written.

The draft lives in the session as plain JSON (the data contract's extraction shape, plus where it
came from), so nothing reaches the inspection tables until the person confirms and the
``inspection_import`` service writes it all in one transaction::

    {"title": str, "findings": [{"text", "kind"}],
     "recommendations": [{"ref", "area", "text", "sub_points": [str], "deadline": {...}}],
     "source_name": str, "source_sha256": str, "published_on": "YYYY-MM-DD" | None,
     "force_id": int}

The draft functions are pure: they take a draft and return a new one. Around them are the
page's two decisions, kept out of the views and forms so that they can be tested on their own:

- :func:`start_draft` reads what was pasted or uploaded and extracts it, under one reading
  budget, refusing (:class:`ImportRefused`, naming the field) what cannot be read or holds
  neither a finding nor a recommendation;
- :class:`PreviewPost` decides what one press of a preview button does: a stale or tampered
  page, errors that block it, or the edited draft and where to show it;
- :func:`confirm` creates the inspection through the ``inspection_import`` service.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import ValidationError

from . import selectors, services
from .deadlines import DeadlineRule, resolve_due_on
from .extraction import (
    ExtractedFinding,
    ExtractedRecommendation,
    Extraction,
    content_fingerprint,
    extract,
    extraction_to_contract,
)
from .readers import Budget, ReportUnreadable, read_report_bytes

SESSION_KEY = "inspections.import_draft"
PASTED_NAME = "Pasted text"
DEFAULT_FINDING_KIND = "concern"
#: Findings, and recommendations, in one draft: the preview is one page, and each item is a
#: set of form fields. Reports hold tens; a few hundred means the text is not one report.
MAX_ITEMS = 300
STALE_MESSAGE = (
    "This page was out of date: the draft was changed in another tab or window. It now shows "
    "the latest draft; make your changes again"
)

Draft = dict[str, Any]


@dataclass(frozen=True)
class Report:
    """A report's text, the name to record for it and the SHA-256 of what was received."""

    text: str
    source_name: str
    sha256: str


def read_upload(name: str, data: bytes, budget: Budget | None = None) -> Report:
    """An uploaded file; raises ReportUnreadable with a one-line message."""
    text = read_report_bytes(name, data, budget=budget)
    return Report(text, name, hashlib.sha256(data).hexdigest())


def read_pasted(text: str) -> Report:
    """Pasted text. Browsers send line breaks as CRLF; they are hashed as LF, so pasting a report
    gives the same SHA-256 as importing its text file (or piping it to ``assure import-report -``).
    """
    text = text.replace("\r\n", "\n")
    return Report(text, PASTED_NAME, hashlib.sha256(text.encode("utf-8")).hexdigest())


class ImportRefused(Exception):
    """What was pasted or uploaded cannot be imported; ``field`` is the form field to show
    ``message`` on."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def start_draft(
    *, text: str, upload: Any, force_id: int, published_on: datetime.date | None
) -> Draft:
    """The draft for pasted ``text`` or an ``upload`` (a Django UploadedFile, or None), read and
    extracted within one reading budget. The form has checked that exactly one was given."""
    field = "file" if upload is not None else "text"
    name = upload.name if upload is not None else PASTED_NAME
    budget = Budget(name)
    try:
        report = read_upload(name, upload.read(), budget) if upload else read_pasted(text)
        extraction = extract(report.text, budget.check)
    except ReportUnreadable as error:
        raise ImportRefused(field, str(error)) from error
    where = name if upload is not None else "the pasted text"
    if not extraction.findings and not extraction.recommendations:
        raise ImportRefused(
            field,
            f"No key findings or recommendations were found in {where}: check that it is the "
            "inspection report, with its findings and recommendations",
        )
    for items, noun in ((extraction.findings, "findings"), (extraction.recommendations, "")):
        if len(items) > MAX_ITEMS:
            raise ImportRefused(
                field,
                f"{len(items)} {noun or 'recommendations'} were found in {where}, more than the "
                f"{MAX_ITEMS} one import can hold: import the report a part at a time",
            )
    return new_draft(report, force_id=force_id, published_on=published_on, extraction=extraction)


def new_draft(
    report: Report,
    *,
    force_id: int,
    published_on: datetime.date | None,
    extraction: Extraction | None = None,
) -> Draft:
    extraction = extraction if extraction is not None else extract(report.text)
    contract = extraction_to_contract(extraction, published_on)
    for recommendation in contract["recommendations"]:
        recommendation.pop("due_on", None)
    contract["findings"] = [{"text": f.text, "kind": f.kind} for f in extraction.findings]
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


class DraftFull(ValueError):
    """A button would take the draft past :data:`MAX_ITEMS`."""


def apply(draft: Draft, action: str) -> tuple[Draft, str]:
    """Apply one of the preview's buttons; returns the new draft and the anchor to show.

    Actions: ``split-N`` (a copy after recommendation N with a new ref, for the person to
    edit), ``merge-N`` (into the one before: texts joined, sub-points concatenated),
    ``delete-N``, ``add-recommendation``, ``add-finding``, ``delete-finding-N``; N counts from 0.
    """
    out = copy.deepcopy(draft)
    recs, findings = out["recommendations"], out["findings"]
    verb, _, number = action.rpartition("-")
    if action == "add-finding" and len(findings) >= MAX_ITEMS:
        raise DraftFull(f"A report is imported with up to {MAX_ITEMS} findings")
    if action in ("add-recommendation", f"split-{number}") and len(recs) >= MAX_ITEMS:
        raise DraftFull(f"A report is imported with up to {MAX_ITEMS} recommendations")
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


# --- One press of a preview button ----------------------------------------------------


@dataclass(frozen=True)
class PreviewOutcome:
    """What a preview post leads to.

    ``stale``: the page did not match the draft (another tab changed it, or the form counts were
    tampered with): show the latest draft with :data:`STALE_MESSAGE`. ``invalid``: show the
    page again with its errors (and ``error``, if any). ``confirm``: create the inspection from
    ``draft``. ``saved``: keep ``draft`` and show it at ``anchor``.
    """

    step: Literal["stale", "invalid", "confirm", "saved"]
    draft: Draft
    anchor: str = ""
    error: str = ""


class PreviewPost:
    """The preview page's validity and merge decisions for one post.

    ``form``, ``findings`` and ``recommendations`` are the bound preview form and formsets
    (they validate the input); this decides whether their errors block ``action``, merges what
    was typed into the draft, and applies the button.
    """

    def __init__(self, draft: Draft, action: str, form, findings, recommendations) -> None:
        self.draft, self.action = draft, action or "refresh"
        self.form, self.findings, self.recommendations = form, findings, recommendations

    def decide(self) -> PreviewOutcome:
        if self.is_stale():
            return PreviewOutcome("stale", self.draft, error=STALE_MESSAGE)
        deleting = self.deleted_form()
        valid = [self.form.is_valid(), self.findings.is_valid(), self.recommendations.is_valid()]
        invalid = [
            f for f in [self.form, *self.findings.forms, *self.recommendations.forms] if f.errors
        ]
        # The item being deleted need not be valid: deleting is how to be rid of a bad one.
        if not all(valid) and (deleting is None or invalid != [deleting]):
            return PreviewOutcome("invalid", self.draft)
        edited = self.edited(deleting)
        if self.action == "confirm":
            return PreviewOutcome("confirm", edited)
        if self.action == "refresh":
            return PreviewOutcome("saved", edited)
        try:
            applied, anchor = apply(edited, self.action)
        except DraftFull as full:
            return PreviewOutcome("invalid", edited, error=str(full))
        return PreviewOutcome("saved", applied, anchor)

    def is_stale(self) -> bool:
        """Whether the posted page showed other items than the draft holds now."""
        for formset, items in (
            (self.findings, self.draft["findings"]),
            (self.recommendations, self.draft["recommendations"]),
        ):
            management = formset.management_form
            if not management.is_valid():
                return True
            if management.cleaned_data.get("TOTAL_FORMS") != len(items):
                return True
        return False

    def deleted_form(self):
        """The finding or recommendation form that a "Delete" button removes, if it was one."""
        verb, _, number = self.action.rpartition("-")
        formset = {"delete-finding": self.findings, "delete": self.recommendations}.get(verb)
        if formset is None or not number.isdigit() or int(number) >= len(formset.forms):
            return None
        return formset.forms[int(number)]

    def edited(self, deleting) -> Draft:
        """The draft with what was typed (the item being deleted keeps what it held)."""
        data = self.form.cleaned_data
        return with_edits(
            self.draft,
            title=data["title"],
            published=data["published_on"],
            findings=[
                {"kind": DEFAULT_FINDING_KIND, **old} if f is deleting else f.cleaned_data
                for f, old in zip(self.findings.forms, self.draft["findings"], strict=True)
            ],
            recommendations=[
                {**old, "deadline": deadline(old)} if r is deleting else r.cleaned_data
                for r, old in zip(
                    self.recommendations.forms, self.draft["recommendations"], strict=True
                )
            ],
        )


def confirm(*, actor, force, draft: Draft, again: bool):
    """Create the inspection from the checked draft. A report imported already for the force
    needs ``again`` (the "Import it again anyway" tick): ValidationError naming that field."""
    earlier = selectors.earlier_import(
        force.pk, draft["source_sha256"], draft.get("content_sha256", "")
    )
    if earlier is not None and not again:
        raise ValidationError(
            {
                "import_again": "This report was imported already: tick “Import it again "
                "anyway” to import it a second time"
            }
        )
    return services.inspection_import(
        actor=actor,
        force=force,
        extraction=to_extraction(draft),
        published_on=published_on(draft),
        source_name=draft["source_name"],
        source_sha256=draft["source_sha256"],
        content_sha256=draft.get("content_sha256", ""),
        again=again,
        title=draft["title"],
    )
