from django import forms

from assure.core import limits


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        required=False,
        label="Person",
        max_length=limits.NAME,
        help_text="Part of a name or email address",
    )
    target = forms.CharField(
        required=False,
        label="Record",
        max_length=limits.NAME,
        help_text="Part of a record’s name or type",
    )
    event = forms.CharField(
        required=False,
        label="Event",
        max_length=limits.NAME,
        help_text="For example accounts.membership",
    )
    date_from = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the from date as a real date, like 2015-01-13"},
    )
    date_to = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the to date as a real date, like 2015-01-13"},
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data
