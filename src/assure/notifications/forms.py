from django import forms

from .models import Frequency


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often do you want reminder e-mails?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often you want reminders"},
    )
