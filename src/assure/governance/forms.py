"""Input validation for governance pages. Messages follow the GOV.UK pattern: say what to do."""

from django import forms

from assure.core import limits
from assure.core.forms import ModelChoiceField, ModelMultipleChoiceField, shorten
from assure.plans.forms import DateInput, _date_field

from .models import Judgement, PaperFormat, PaperKind, Presence


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=[("in_qa", ""), ("approved", ""), ("submitted", "")])


class ConfirmForm(forms.Form):
    """A button with nothing to fill in (publish, approve the minutes): the form is there so the
    post takes the one shape (``form_post``) and a refusal lands on the page as an error."""


class QAReturnForm(forms.Form):
    """A comment box per recommendation; at least one is needed (checked by the service)."""

    note = forms.CharField(
        label="Summary for the coordinator",
        required=False,
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, recommendations, **kwargs):
        super().__init__(*args, **kwargs)
        for r in recommendations:
            self.fields[f"comment_{r.pk}"] = forms.CharField(
                label=f"{r.ref} {r.area}",
                required=False,
                max_length=limits.PARAGRAPH,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=shorten(r.text, limits.TITLE),
            )

    def comments(self) -> dict[int, str]:
        return {
            int(name.removeprefix("comment_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("comment_") and value
        }


class FollowUpForm(forms.Form):
    judgement = forms.ChoiceField(
        label="Judgement",
        choices=Judgement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a judgement"},
    )
    judged_on = _date_field("Date of the judgement")
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=limits.PARAGRAPH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommitmentForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount in pounds",
        max_digits=12,
        decimal_places=2,
        min_value=1,
        error_messages={"required": "Enter the amount"},
    )
    committed_on = _date_field("Date committed")
    purpose = forms.CharField(
        label="Purpose",
        max_length=limits.LINE,
        error_messages={"required": "Enter what the money is for"},
    )
    outputs = forms.CharField(
        label="Outputs",
        required=False,
        max_length=limits.LINE,
        help_text="For example: 25 specialist investigators",
    )
    spend_to_date = forms.DecimalField(
        label="Spent to date, in pounds",
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    recommendations = ModelMultipleChoiceField(
        label="Recommendations it supports",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, recommendations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].queryset = recommendations
        self.fields["recommendations"].label_from_instance = lambda r: f"{r.ref} {r.area}"


class ResponseForm(forms.Form):
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=limits.NARRATIVE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    general = forms.CharField(
        label="The Commissioner’s statement on the report",
        required=False,
        max_length=limits.PARAGRAPH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One point per line",
    )

    def __init__(self, *args, recommendations, **kwargs):
        super().__init__(*args, **kwargs)
        for r in recommendations:
            self.fields[f"statement_{r.pk}"] = forms.CharField(
                label=f"{r.ref} {r.area}",
                required=False,
                max_length=limits.PARAGRAPH,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=shorten(r.text, limits.TITLE),
            )

    def statements(self) -> dict:
        # General points are one statement each: keyed by negative positions, then mapped to None.
        result: dict = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("statement_") and value:
                result[int(name.removeprefix("statement_"))] = value
        return result


class BoardForm(forms.Form):
    name = forms.CharField(
        label="Name of the board",
        max_length=limits.NAME,
        error_messages={"required": "Enter a name"},
    )
    chair = forms.CharField(
        label="Chair",
        max_length=200,
        help_text="For example: ACC Foster, Assistant Chief Constable",
        error_messages={"required": "Enter who chairs the board"},
    )
    purpose = forms.CharField(
        label="Purpose",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    members = ModelMultipleChoiceField(
        label="Members", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people
        self.fields["members"].label_from_instance = lambda u: (
            f"{u.display_name}, {u.job_title}" if u.job_title else u.display_name
        )


class MeetingSeriesForm(forms.Form):
    first_on = _date_field("Date of the first meeting")
    count = forms.TypedChoiceField(
        label="How many meetings",
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 25)],
        initial=6,
    )
    every_months = forms.TypedChoiceField(
        label="How often",
        coerce=int,
        choices=[(1, "Every month"), (2, "Every 2 months"), (3, "Every 3 months")]
        + [(n, f"Every {n} months") for n in (4, 6, 12)],
        initial=1,
    )
    location = forms.CharField(label="Where", required=False, max_length=200)


class MeetingForm(forms.Form):
    held_on = _date_field("Date of the meeting")
    location = forms.CharField(label="Where", required=False, max_length=limits.NAME)
    item = forms.CharField(label="Another agenda item", required=False, max_length=limits.TITLE)
    restricted = forms.BooleanField(label="Restricted: members only", required=False)


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label="Agenda item",
        max_length=limits.TITLE,
        error_messages={"required": "Enter the item’s title"},
    )
    restricted = forms.BooleanField(label="Restricted: members only", required=False)


class AttendanceForm(forms.Form):
    def __init__(self, *args, members, initial_presence, **kwargs):
        super().__init__(*args, **kwargs)
        for m in members:
            self.fields[f"presence_{m.pk}"] = forms.ChoiceField(
                label=m.display_name,
                choices=Presence.choices,
                widget=forms.RadioSelect,
                initial=initial_presence.get(m.pk, Presence.PRESENT),
            )

    def presence(self) -> dict[int, str]:
        return {int(k.removeprefix("presence_")): v for k, v in self.cleaned_data.items()}


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label="Draft minutes",
        max_length=limits.MINUTES,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the minutes"},
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label="Decision",
        max_length=limits.PARAGRAPH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the decision"},
    )
    recommendation = ModelChoiceField(
        label="Recommendation",
        queryset=None,
        required=False,
        empty_label="Not about one recommendation",
    )
    action_title = forms.CharField(
        label="Create a plan action (optional)",
        required=False,
        max_length=limits.TITLE,
        help_text="The action’s title; it is added to the plan under the recommendation",
    )

    def __init__(self, *args, recommendations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = recommendations
        self.fields["recommendation"].label_from_instance = lambda r: f"{r.ref} {r.area}"


class PaperForm(forms.Form):
    kind = forms.ChoiceField(
        label="Paper",
        choices=PaperKind.choices,
        widget=forms.RadioSelect,
        initial=PaperKind.PROGRESS,
    )
    format = forms.ChoiceField(
        label="Format",
        choices=PaperFormat.choices,
        widget=forms.RadioSelect,
        initial=PaperFormat.PDF,
    )


__all__ = ["DateInput"]
