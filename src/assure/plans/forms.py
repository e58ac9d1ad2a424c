"""Input validation for plan pages. Messages follow the GOV.UK pattern: say what to do."""

from django import forms

from assure.accounts.models import Organisation, Unit, User
from assure.core import limits
from assure.core.forms import ModelChoiceField, ModelMultipleChoiceField, shorten, text_field

from .models import ClosureDecision, Evidence, EvidenceKind, PlanStatus, Rag

RAG_CHOICES = [
    (Rag.GREEN, "Green – on track or complete"),
    (Rag.AMBER, "Amber – at risk"),
    (Rag.RED, "Red – off track"),
    (Rag.GREY, "Grey – not adopted (give the reason)"),
]
STANDING_CHOICES = [
    ("red", "Red (including overdue)"),
    ("amber", "Amber"),
    ("green", "Green (including complete)"),
    ("grey", "Grey – not adopted"),
    ("none", "No update yet"),
]


#: How much of a recommendation a dropdown option shows, cut at a word.
RECOMMENDATION_CHOICE = 120


class DateInput(forms.DateInput):
    """An HTML date input, whose value is always ISO 8601 (a browser shows an en-GB date, like
    "01/06/2015", as empty: a form that sets a date's initial value would lose it)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


def _date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={"invalid": f"{label} must be a real date, like 13 April 2015"},
        **kwargs,
    )


class MatrixFilterForm(forms.Form):
    unit = forms.TypedMultipleChoiceField(
        label="Units", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    standing = forms.MultipleChoiceField(
        label="Status",
        required=False,
        choices=STANDING_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    overdue = forms.BooleanField(label="Only overdue", required=False)
    as_of = _date_field(
        "As at",
        required=False,
        help_text="See the plan as it stood on a past day, e.g. the day of a board meeting",
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.id, u.name) for u in units]


class PlanTransitionForm(forms.Form):
    to = forms.ChoiceField(choices=PlanStatus.choices, widget=forms.HiddenInput)
    note = text_field(
        "Note",
        limits.NOTE,
        required=False,
        rows=3,
        help_text="Required when returning a plan: say what needs to change",
    )
    # The status the page showed: a stale page is told who moved the plan, not given a 404.
    seen = forms.ChoiceField(choices=PlanStatus.choices, required=False, widget=forms.HiddenInput)
    # Closing is confirmed on a page of its own that says what it will do.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ActionForm(forms.Form):
    recommendation = ModelChoiceField(
        queryset=None,
        label="Recommendation",
        empty_label="Choose the recommendation",
        error_messages={"required": "Select the recommendation this action answers"},
    )
    title = text_field("Action", limits.TITLE, required_message="Enter what will be done")
    description = text_field("Description", limits.NARRATIVE, required=False, rows=4)
    success_measure = text_field(
        "Success measure",
        limits.NARRATIVE,
        required=False,
        rows=3,
        help_text="How you will know it has worked, e.g. 95% of high-risk reports attended "
        "within 1 hour",
    )
    lead = ModelChoiceField(queryset=None, label="Lead", required=False, empty_label="No lead yet")
    partners = ModelMultipleChoiceField(
        queryset=None,
        label="Partner agencies",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Name the agencies that deliver this with you. They can read it; to have them "
        "update it, assign it to one of their units below",
    )
    due_on = _date_field(
        "Due date", required=False, help_text="Leave empty to use the recommendation’s due date"
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        force = plan.inspection.force
        self.fields["recommendation"].queryset = plan.inspection.recommendations.order_by(
            "position"
        )
        self.fields["recommendation"].label_from_instance = lambda r: shorten(
            f"{r.ref} {r.area}: {r.text}", RECOMMENDATION_CHOICE
        )
        self.fields["lead"].queryset = (
            User.objects.filter(memberships__organisation=force).distinct().order_by("full_name")
        )
        self.fields["partners"].queryset = Organisation.objects.filter(
            kind="partner_agency", forces=force
        ).order_by("name")


class AssignForm(forms.Form):
    unit = ModelChoiceField(
        queryset=None,
        label="Unit",
        required=False,
        empty_label="Choose the unit",
        error_messages={"required": "Select the unit that will deliver this action"},
    )
    due_on = _date_field(
        "Due date for this unit",
        required=False,
        help_text="Leave empty to use the action’s due date",
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        force = action.plan.inspection.force
        have = action.assignments.values_list("unit_id", flat=True)
        self.fields["unit"].queryset = (
            (
                Unit.objects.filter(organisation=force)
                | Unit.objects.filter(organisation__in=action.partners.all())
            )
            .exclude(pk__in=have)
            .select_related("organisation")
            .order_by("organisation__name", "kind", "name")
        )
        self.fields["unit"].label_from_instance = lambda u: (
            u.name if u.organisation_id == force.id else f"{u.name} ({u.organisation})"
        )


class UpdateForm(forms.Form):
    #: The reason is asked only when Grey is chosen (GOV.UK conditional reveal).
    reveals = {"rag": {Rag.GREY.value: ("not_adopted_reason",)}}

    narrative = text_field(
        "What has happened since the last update?",
        limits.NARRATIVE,
        rows=5,
        error_label="The update",
        required_message="Enter what has happened since the last update",
    )
    rag = forms.ChoiceField(
        label="Status",
        choices=RAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a status"},
    )
    percent_complete = forms.IntegerField(
        label="Percentage complete",
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the percentage complete",
            "invalid": "Percentage complete must be a whole number",
            "min_value": "Percentage complete must be between 0 and 100",
            "max_value": "Percentage complete must be between 0 and 100",
        },
    )
    not_adopted_reason = text_field(
        "Why is it not being adopted?",
        limits.NOTE,
        required=False,
        rows=2,
        error_label="The reason",
    )

    def clean(self):
        data = super().clean()
        if data.get("rag") != Rag.GREY:
            # Hidden unless Grey is chosen: what it held is not part of this update.
            self.errors.pop("not_adopted_reason", None)
            data["not_adopted_reason"] = ""
        elif not (data.get("not_adopted_reason") or "").strip():
            self.add_error("not_adopted_reason", "Enter why this action is not being adopted")
        return data


class UpdateCorrectionForm(UpdateForm):
    """The entry as it should have been, and what was wrong with the one it replaces."""

    field_order = ["reason", "narrative", "rag", "percent_complete", "not_adopted_reason"]

    reason = text_field(
        "What was wrong with the update?",
        limits.NOTE,
        rows=2,
        error_label="What was wrong",
        help_text="For example: the percentage was for another district. "
        "The update stays in the history, marked as corrected.",
        required_message="Say what was wrong with the update",
    )


class EvidenceForm(forms.Form):
    """First whether it is a file, a link or a note; choosing one reveals its input."""

    reveals = {
        "kind": {
            EvidenceKind.FILE.value: ("upload",),
            EvidenceKind.LINK.value: ("url",),
            EvidenceKind.NOTE.value: ("note",),
        }
    }

    kind = forms.ChoiceField(
        label="Is the evidence a file, a link or a note?",
        choices=EvidenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the evidence is a file, a link or a note"},
    )
    upload = forms.FileField(
        label="Upload the file",
        required=False,
        help_text="PDF, Word, Excel, CSV, text, PNG or JPEG, smaller than 20MB",
    )
    url = forms.URLField(
        label="Web address",
        required=False,
        max_length=limits.URL,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the link as a web address, like https://example.org",
            "max_length": limits.too_long_message("The link", limits.URL),
        },
    )
    note = text_field("What the note says", limits.NARRATIVE, required=False, rows=3)
    title = text_field(
        "Title",
        limits.TITLE,
        required=False,
        help_text="For example: Dip sample of 30 CSE cases, June 2015. "
        "Optional for a file: its name is used.",
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        # Only the chosen kind's input counts; what the hidden ones hold is dropped.
        for other, name in (
            (EvidenceKind.FILE, "upload"),
            (EvidenceKind.LINK, "url"),
            (EvidenceKind.NOTE, "note"),
        ):
            if kind != other:
                self.errors.pop(name, None)
                data[name] = None if name == "upload" else ""
        if kind == EvidenceKind.FILE and not data.get("upload"):
            self.add_error("upload", "Select a file")
        if kind == EvidenceKind.LINK and not data.get("url"):
            self.add_error("url", "Enter the link")
        if kind == EvidenceKind.NOTE and not (data.get("note") or "").strip():
            self.add_error("note", "Enter the note")
        if kind != EvidenceKind.FILE and not (data.get("title") or "").strip():
            self.add_error("title", "Enter a title for this evidence")
        return data


class ClosureProposeForm(forms.Form):
    summary = text_field(
        "Why can this assignment close?",
        limits.NARRATIVE,
        rows=4,
        error_label="The summary",
        required_message="Say why this assignment can close",
    )
    evidence = ModelMultipleChoiceField(
        queryset=Evidence.objects.none(),
        label="Evidence that shows the work is done",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the evidence that shows the work is done"},
    )

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = assignment.evidence.order_by("created_at")


class ClosureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            (ClosureDecision.APPROVED, "Approve the closure"),
            (ClosureDecision.RETURNED, "Return it to the unit"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select approve or return"},
    )
    demonstration_months = forms.IntegerField(
        label="Demonstration period in months (optional)",
        required=False,
        min_value=1,
        max_value=24,
        help_text="Require sustained performance for this long before it counts as complete",
        error_messages={
            "invalid": "The demonstration period must be a whole number of months",
            "min_value": "A demonstration period is 1 to 24 months",
            "max_value": "A demonstration period is 1 to 24 months",
        },
    )
    comment = text_field(
        "Comment",
        limits.NOTE,
        required=False,
        rows=3,
        help_text="Required when returning: say what is missing",
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == ClosureDecision.RETURNED
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", "Say what is missing, so the unit can put it right")
        return data


class EvidenceVersionForm(forms.Form):
    """A new version of one piece of evidence; which input counts depends on its kind."""

    upload = forms.FileField(
        label="New version of the file",
        required=False,
        help_text="PDF, Word, Excel, CSV, text, PNG or JPEG, smaller than 20MB",
    )
    url = forms.URLField(
        label="New link",
        required=False,
        max_length=limits.URL,
        assume_scheme="https",
        error_messages={"max_length": limits.too_long_message("The link", limits.URL)},
    )
    note = text_field("New note", limits.NARRATIVE, required=False, rows=3)


class PlanReopenForm(forms.Form):
    reason = text_field(
        "Why is the plan being reopened?",
        limits.NOTE,
        rows=4,
        error_label="The reason",
        help_text="This goes into the plan’s history and the audit trail",
        required_message="Say why the plan is being reopened",
    )


NATIONAL_DUE_CHOICES = [
    ("", "Any deadline"),
    ("past", "Due date passed"),
    ("soon", "Due in the next 90 days"),
    ("later", "Due later than that"),
    ("none", "No due date"),
]


class NationalFilterForm(forms.Form):
    force = forms.TypedChoiceField(label="Force", required=False, coerce=int, empty_value=None)
    area = forms.ChoiceField(label="Theme", required=False)
    due = forms.ChoiceField(label="Deadline", required=False, choices=NATIONAL_DUE_CHOICES)
    state = forms.MultipleChoiceField(
        label="Status", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, forces=(), areas=(), states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["force"].choices = [("", "All forces"), *((f.pk, f.name) for f in forces)]
        self.fields["area"].choices = [("", "All themes"), *((a, a) for a in areas)]
        self.fields["state"].choices = list(states)


class UpdateCycleForm(forms.Form):
    """A plan's update cycle: numbers only, each bounded (the service checks the same)."""

    day_of_month = forms.IntegerField(
        label="Day of each month the cycle runs",
        min_value=1,
        max_value=28,
        help_text="From 1 to 28, so that every month has the day",
        error_messages={"required": "Enter the day of the month the cycle runs"},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    horizon_days = forms.IntegerField(
        label="Ask for assignments due within this many days",
        min_value=0,
        max_value=365,
        help_text="Overdue assignments are always asked",
        error_messages={"required": "Enter how many days ahead the cycle looks"},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    response_days = forms.IntegerField(
        label="Days each unit has to send its update",
        min_value=1,
        max_value=90,
        error_messages={"required": "Enter how many days units have to respond"},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    active = forms.BooleanField(label="Run the cycle every month", required=False, initial=True)
