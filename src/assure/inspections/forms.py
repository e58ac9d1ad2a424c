"""Input validation and GOV.UK error messages for the inspection pages. No business rules: the
services check those and their ValidationErrors are attached to these forms by the views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from assure.core.templatetags.govuk import anchor_id

from .deadlines import DeadlineRule
from .models import (
    DeadlineRuleChoice,
    DeadlineUnit,
    FindingKind,
    RecommendationKind,
    RecommendationStatus,
)

MAX_REPORT_BYTES = 20 * 1024 * 1024


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
        messages["max_length"] = f"{label} must be {max_length} characters or fewer"
    return forms.CharField(label=label, max_length=max_length, error_messages=messages, **kwargs)


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
        "Title", "Enter the inspection’s title", max_length=300, help_text="As the report names it"
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
        max_length=200,
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
        max_length=500,
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
    text = _text("Finding", "Enter the finding", widget=forms.Textarea(attrs={"rows": 4}))


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
        max_length=200,
        help_text="For example MISPERs",
    )
    text = _text(
        "Recommendation text",
        "Enter the recommendation’s text",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sub_points = forms.CharField(
        label="Sub-points (optional)",
        required=False,
        help_text="One per line",
        widget=forms.Textarea(attrs={"rows": 3}),
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
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        help_text="For example what the inspectorate said, and when",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Import a report ----------------------------------------------------------------


class ReportImportForm(ForceChoiceMixin, forms.Form):
    text = forms.CharField(
        label="Paste the report’s text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
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
    published_on = _date(
        "Publication date (optional)",
        help_text="Due dates count from this day. Leave it empty if it is not known yet.",
    )

    def __init__(self, *args, forces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._set_forces(forces)

    def clean(self):
        from .readers import ReportUnreadable
        from .report_import import read_pasted, read_upload

        data = super().clean()
        text, upload = data.get("text") or "", data.get("file")
        if upload is not None and text.strip():
            self.add_error("file", "Either paste the text or upload a file, not both")
        elif upload is not None:
            if upload.size > MAX_REPORT_BYTES:
                self.add_error("file", "The selected file must be smaller than 20 MB")
            else:
                try:
                    data["report"] = read_upload(upload.name, upload.read())
                except ReportUnreadable as error:
                    self.add_error("file", str(error))
        elif text.strip():
            data["report"] = read_pasted(text)
        elif "file" not in self.errors:
            self.add_error("text", "Paste the report’s text or choose a file to upload")
        return data


class PreviewForm(forms.Form):
    title = _text("Title", "Enter the inspection’s title", max_length=300)
    published_on = _date(
        "Publication date (optional)",
        help_text="Due dates count from this day. Change it, then update the preview.",
    )
    import_again = forms.BooleanField(label="Import it again anyway", required=False)


class FindingDraftForm(forms.Form):
    text = _text(
        "Finding",
        "Enter the finding’s text, or delete it",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=FindingKind.choices,
        initial=FindingKind.CONCERN,
        error_messages={"required": "Select the kind of finding"},
    )


class BaseRecommendationDraftFormSet(forms.BaseFormSet):
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


FindingDraftFormSet = forms.formset_factory(FindingDraftForm, extra=0)
RecommendationDraftFormSet = forms.formset_factory(
    RecommendationDraftForm, formset=BaseRecommendationDraftFormSet, extra=0
)


def summary_errors(*forms_) -> list[dict]:
    """Errors of several forms for one GOV.UK error summary: ``{"href", "text"}`` each."""
    out = []
    for form in forms_:
        out += [{"href": None, "text": message} for message in form.non_field_errors()]
        for field in form:
            for message in field.errors:
                out.append({"href": f"#{anchor_id(field)}", "text": message})
    return out
