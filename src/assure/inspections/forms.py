"""Input validation and GOV.UK error messages for the inspection pages. No business rules: the
services check those and their ValidationErrors are attached to these forms by the views."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError

from assure.core import limits
from assure.core.forms import text_field
from assure.core.templatetags.govuk import anchor_id

from .deadlines import DeadlineRule
from .models import (
    DeadlineRuleChoice,
    DeadlineUnit,
    FindingKind,
    RecommendationKind,
    RecommendationStatus,
)
from .readers import LIMITS
from .report_import import MAX_ITEMS

MAX_REPORT_BYTES = LIMITS.file_bytes
#: The longest finding, recommendation or list of sub-points: reports' longest run to a few
#: hundred words; this leaves room and keeps every page bounded (issue 8.4).
MAX_TEXT = limits.PARAGRAPH
#: Publication dates a report can have; a date far in the future would overflow due-date
#: arithmetic ("within 3 months" of 31 December 9999), so it is refused with a clear message.
EARLIEST_PUBLISHED = datetime.date(1900, 1, 1)
LATEST_PUBLISHED = datetime.date(2099, 12, 31)


def _date(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        required=required,
        label=label,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": f"{label} must be a real date, like 13 January 2015",
            "required": f"Enter the {label.lower()}",
        },
    )


def _text(label: str, required_message: str, *, max_length=None, **kwargs) -> forms.CharField:
    messages = {"required": required_message}
    if max_length:
        messages["max_length"] = f"{label} must be {max_length:,} characters or fewer"
    return forms.CharField(label=label, max_length=max_length, error_messages=messages, **kwargs)


def _long_text(
    label: str, required_message: str, *, required: bool = True, rows: int = 4, **kwargs
) -> forms.CharField:
    """A textarea with a GOV.UK character count (components/field.html shows one for every
    textarea with a limit)."""
    return text_field(
        label,
        MAX_TEXT,
        required=required,
        rows=rows,
        required_message=required_message,
        **kwargs,
    )


def _publication_date(help_text: str) -> forms.DateField:
    field = _date("Publication date (optional)", help_text=help_text)
    field.validators.append(_within_publication_range)
    return field


def _within_publication_range(value: datetime.date) -> None:
    if not EARLIEST_PUBLISHED <= value <= LATEST_PUBLISHED:
        raise ValidationError(
            "Publication date must be between 1 January 1900 and 31 December 2099",
            code="out_of_range",
        )


class ForceChoiceMixin:
    """A "Force" radio question when the user coordinates several forces; none when only one."""

    def _set_forces(self, forces) -> None:
        self.forces = list(forces)
        if len(self.forces) == 1:
            del self.fields["force"]
        else:
            self.fields["force"].choices = [(f.pk, f.name) for f in self.forces]

    def clean_force(self):
        wanted = self.cleaned_data.get("force")
        for force in self.forces:
            if str(force.pk) == str(wanted):
                return force
        raise ValidationError("Select the force the inspection is of")

    def chosen_force(self):
        if len(self.forces) == 1:
            return self.forces[0]
        return self.cleaned_data.get("force")


def _force_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Force",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the force the inspection is of"},
    )


class InspectionForm(ForceChoiceMixin, forms.Form):
    force = _force_field()
    title = _text(
        "Title",
        "Enter the inspection’s title",
        max_length=limits.TITLE,
        help_text="As the report names it",
    )
    body = _text(
        "Inspectorate",
        "Enter the inspectorate, for example HMIC",
        max_length=100,
        initial="HMIC",
        help_text="For example HMIC or HMICFRS",
    )
    programme = forms.CharField(
        label="Programme (optional)",
        required=False,
        max_length=limits.NAME,
        help_text="For example National child protection inspection",
        error_messages={"max_length": "Programme must be 200 characters or fewer"},
    )
    fieldwork_start = _date("Fieldwork start date (optional)")
    fieldwork_end = _date("Fieldwork end date (optional)")
    published_on = _date(
        "Publication date (optional)",
        help_text="Due dates count from this day. Leave it empty until the report is published.",
    )
    report_url = forms.URLField(
        label="Link to the report (optional)",
        required=False,
        max_length=limits.LINE,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the link to the report as a web address, like https://example.org"
        },
    )

    def __init__(self, *args, forces=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["force"]
            self.forces = []
        else:
            self._set_forces(forces)

    def clean(self):
        data = super().clean()
        start, end = data.get("fieldwork_start"), data.get("fieldwork_end")
        if start and end and end < start:
            self.add_error("fieldwork_end", "Fieldwork must end on or after the day it starts")
        return data

    def details(self) -> dict:
        """The inspection fields, as the services take them."""
        return {
            name: self.cleaned_data[name]
            for name in (
                "title",
                "body",
                "programme",
                "fieldwork_start",
                "fieldwork_end",
                "published_on",
                "report_url",
            )
        }


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of finding",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of finding"},
    )
    text = _long_text("Finding", "Enter the finding")


def _lines(text: str) -> list[str]:
    """One sub-point per non-empty line, with any bullet the user typed removed."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("•·-*–").strip()
        if line:
            out.append(line)
    return out


class DeadlineForm(forms.Form):
    """The deadline as the report states it; ``cleaned_data["deadline"]`` is a DeadlineRule."""

    deadline_rule = forms.ChoiceField(
        label="When is it due?",
        choices=DeadlineRuleChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select when the recommendation is due"},
    )
    deadline_amount = forms.IntegerField(
        label="Number of weeks or months",
        required=False,
        min_value=1,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the number of weeks or months as a whole number, like 3",
            "min_value": "The number of weeks or months must be 1 or more",
            "max_value": "The number of weeks or months must be 120 or fewer",
        },
    )
    deadline_unit = forms.ChoiceField(
        label="Weeks or months",
        required=False,
        choices=DeadlineUnit.choices,
        widget=forms.RadioSelect,
    )
    deadline_date = _date("Due by")
    deadline_inherited = forms.BooleanField(
        label="The deadline is inherited from the recommendation before it",
        required=False,
        help_text="The report states no deadline here, so it takes the one before it. "
        "Someone should confirm that.",
    )

    def clean(self):
        data = super().clean()
        rule = data.get("deadline_rule")
        amount, unit, when = (
            data.get("deadline_amount"),
            data.get("deadline_unit"),
            data.get("deadline_date"),
        )
        inherited = bool(data.get("deadline_inherited"))
        if not rule:
            return data
        if rule == "within":
            if amount is None and "deadline_amount" not in self.errors:
                self.add_error(
                    "deadline_amount", "Enter the number of weeks or months it is due within"
                )
            if not unit:
                self.add_error("deadline_unit", "Select weeks or months")
            if amount is None or not unit:
                return data
            data["deadline"] = DeadlineRule("within", amount, unit, inherited=inherited)
        elif rule == "by_date":
            if when is None:
                if "deadline_date" not in self.errors:
                    self.add_error("deadline_date", "Enter the date it is due by")
                return data
            data["deadline"] = DeadlineRule("by_date", date=when, inherited=inherited)
        else:
            # The other inputs are always on the page; what they hold is ignored for these rules.
            self.errors.pop("deadline_amount", None)
            self.errors.pop("deadline_date", None)
            data["deadline"] = DeadlineRule(rule, inherited=inherited)
        return data

    @staticmethod
    def initial_for(rule: DeadlineRule) -> dict:
        return {
            "deadline_rule": rule.rule,
            "deadline_amount": rule.amount,
            "deadline_unit": rule.unit,
            "deadline_date": rule.date,
            "deadline_inherited": rule.inherited,
        }


class RecommendationDraftForm(DeadlineForm):
    field_order = [
        "ref",
        "area",
        "kind",
        "text",
        "sub_points",
        "deadline_rule",
        "deadline_amount",
        "deadline_unit",
        "deadline_date",
        "deadline_inherited",
    ]
    ref = _text(
        "Reference",
        "Enter the recommendation’s reference, like 3.1",
        max_length=30,
        help_text="As the report numbers it, for example 3.1",
    )
    area = _text(
        "Area",
        "Enter the area, for example MISPERs",
        max_length=limits.NAME,
        help_text="For example MISPERs",
    )
    text = _long_text("Recommendation text", "Enter the recommendation’s text")
    sub_points = _long_text(
        "Sub-points (optional)", "", required=False, rows=3, help_text="One per line"
    )

    def clean_sub_points(self) -> list[str]:
        return _lines(self.cleaned_data.get("sub_points", ""))

    @classmethod
    def initial_from(cls, recommendation) -> dict:
        return {
            "ref": recommendation.ref,
            "area": recommendation.area,
            "kind": getattr(recommendation, "kind", None),
            "text": recommendation.text,
            "sub_points": "\n".join(recommendation.sub_points),
            **cls.initial_for(recommendation.deadline),
        }


class RecommendationForm(RecommendationDraftForm):
    kind = forms.ChoiceField(
        label="Kind",
        choices=RecommendationKind.choices,
        initial=RecommendationKind.RECOMMENDATION,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of recommendation"},
    )


class RegisterStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status in the inspectorate’s register",
        choices=RecommendationStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status"},
    )
    note = text_field(
        "Note (optional)",
        limits.NOTE,
        required=False,
        rows=3,
        help_text="For example what the inspectorate said, and when",
    )


# --- Import a report ----------------------------------------------------------------


class ReportImportForm(ForceChoiceMixin, forms.Form):
    """What to import: pasted text or a file (one of them), the force and the date. Reading and
    extracting it is ``report_import.start_draft``'s job, not the form's."""

    text = forms.CharField(
        label="Paste the report’s text",
        required=False,
        strip=False,
        max_length=LIMITS.characters,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        error_messages={
            "max_length": f"The pasted text must be {LIMITS.characters:,} characters or fewer: "
            "paste the part with the findings and recommendations"
        },
    )
    file = forms.FileField(
        label="Or upload the report",
        required=False,
        help_text="A .txt, .md, .pdf or .docx file, up to 20 MB",
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded: try again",
            "missing": "The selected file could not be uploaded: try again",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.pdf,.docx"}),
    )
    force = _force_field()
    published_on = _publication_date(
        "Due dates count from this day. Leave it empty if it is not known yet."
    )

    def __init__(self, *args, forces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._set_forces(forces)

    def clean(self):
        data = super().clean()
        text, upload = data.get("text") or "", data.get("file")
        if upload is not None and text.strip():
            self.add_error("file", "Either paste the text or upload a file, not both")
        elif upload is not None:
            if upload.size > MAX_REPORT_BYTES:
                self.add_error("file", "The selected file must be smaller than 20 MB")
        elif not text.strip() and "file" not in self.errors and "text" not in self.errors:
            self.add_error("text", "Paste the report’s text or choose a file to upload")
        return data


class PreviewForm(forms.Form):
    title = _text("Title", "Enter the inspection’s title", max_length=limits.TITLE)
    published_on = _publication_date(
        "Due dates count from this day. Change it, then update the preview."
    )
    import_again = forms.BooleanField(label="Import it again anyway", required=False)


class FindingDraftForm(forms.Form):
    text = _long_text("Finding", "Enter the finding’s text, or delete it", rows=3)
    kind = forms.ChoiceField(
        label="Kind",
        choices=FindingKind.choices,
        initial=FindingKind.CONCERN,
        error_messages={"required": "Select the kind of finding"},
    )


class BaseDraftFormSet(forms.BaseFormSet):
    """Every form of a draft stands for an item the draft holds, so none may come back empty:
    Django would let a form past the posted INITIAL_FORMS through blank, with nothing to read."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.empty_permitted = False
        return form


class BaseRecommendationDraftFormSet(BaseDraftFormSet):
    def clean(self):
        seen: dict[str, int] = {}
        for number, form in enumerate(self.forms, start=1):
            ref = (form.cleaned_data or {}).get("ref")
            if not ref:
                continue
            if ref in seen:
                form.add_error(
                    "ref",
                    f"Recommendation {number} has the same reference as recommendation "
                    f"{seen[ref]} ({ref}): give each its own",
                )
            else:
                seen[ref] = number


# A draft holds at most MAX_ITEMS of each; a forged TOTAL_FORMS builds no more forms than that.
_MAX_FORMS = MAX_ITEMS
FindingDraftFormSet = forms.formset_factory(
    FindingDraftForm,
    formset=BaseDraftFormSet,
    extra=0,
    max_num=_MAX_FORMS,
    absolute_max=_MAX_FORMS,
)
RecommendationDraftFormSet = forms.formset_factory(
    RecommendationDraftForm,
    formset=BaseRecommendationDraftFormSet,
    extra=0,
    max_num=_MAX_FORMS,
    absolute_max=_MAX_FORMS,
)


def summary_errors(*forms_) -> list[dict]:
    """Errors of several forms for one GOV.UK error summary: ``{"href", "text"}`` each."""
    out = []
    for form in forms_:
        out += [
            {"href": None, "text": message}
            for message in dict.fromkeys(form.non_field_errors())
            if {"href": None, "text": message} not in out
        ]
        for field in form:
            if field.errors:  # one per field: the one the field itself shows
                out.append({"href": f"#{anchor_id(field)}", "text": field.errors[0]})
    return out
