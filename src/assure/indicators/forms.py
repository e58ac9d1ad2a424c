"""Input validation for the outcome pages. Messages follow the GOV.UK pattern: say what to do."""

from django import forms

from assure.core import limits
from assure.core.forms import ModelChoiceField
from assure.plans.forms import _date_field

from .definitions import INDICATORS
from .models import Grade, Purpose, ReviewStatus, SampledCase


class PeriodForm(forms.Form):
    as_of = _date_field("As at", required=False)
    date_from = _date_field("Period from", required=False)
    date_to = _date_field("Period to", required=False)

    def clean(self):
        data = super().clean()
        f, t, a = data.get("date_from"), data.get("date_to"), data.get("as_of")
        if f and t and f > t:
            self.add_error("date_from", "Period from must be on or before period to")
        if t and a and t > a:
            self.add_error("date_to", "Period to must be on or before the as-at date")
        return data


class TargetForm(forms.Form):
    value = forms.DecimalField(
        label="Target",
        max_digits=9,
        decimal_places=2,
        error_messages={
            "invalid": "Enter the target as a number, like 90",
            "required": "Enter the target",
        },
    )
    unit = forms.ChoiceField(label="Applies to", required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "The whole force")] + [(u.code, u.name) for u in units]


class JustificationForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to see these cases?",
        max_length=limits.JUSTIFICATION,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is recorded with your name and the time, and the force can read it.",
        error_messages={
            "required": "Say why you need to see these cases",
            "min_length": "Say why you need to see these cases (10 characters or more)",
            "max_length": limits.too_long_message("The reason", limits.JUSTIFICATION),
        },
    )
    next = forms.CharField(max_length=limits.URL, required=False, widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    case_ref = forms.RegexField(
        regex=r"^[A-Za-z0-9_/-]{1,64}$", max_length=64, widget=forms.HiddenInput
    )
    status = forms.ChoiceField(
        label="Outcome of the review",
        choices=ReviewStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the review"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SampleForm(forms.Form):
    unit = forms.ChoiceField(label="Unit")
    as_of = _date_field("Investigations opened in the year to", required=False)
    size = forms.IntegerField(label="Number of cases", min_value=1, max_value=50, initial=10)
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text="The same seed draws the same cases from the same data. Empty: a new one.",
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]


class GradeForm(forms.Form):
    """A grade of one sampled case; ``cases`` are the sample's (another sample's case is not a
    valid choice)."""

    case = ModelChoiceField(queryset=SampledCase.objects.none(), widget=forms.HiddenInput)
    auditor = forms.ChoiceField(
        choices=[("force", "Force"), ("inspectorate", "Inspectorate")], widget=forms.HiddenInput
    )
    grade = forms.ChoiceField(
        label="Grade", choices=Grade.choices, error_messages={"required": "Choose a grade"}
    )

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cases is not None:
            self.fields["case"].queryset = cases


class SnapshotForm(forms.Form):
    indicator = forms.ChoiceField(label="Indicator", choices=[(i.id, i.title) for i in INDICATORS])


class AccessLogFilterForm(forms.Form):
    person = forms.TypedChoiceField(label="Who", required=False, coerce=int, empty_value=None)
    purpose = forms.ChoiceField(
        label="Purpose", required=False, choices=[("", "Any"), *Purpose.choices]
    )
    date_from = _date_field("From", required=False)
    date_to = _date_field("To", required=False)

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Anyone"), *people]
