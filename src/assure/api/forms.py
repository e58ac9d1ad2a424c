from django import forms

from .models import ApiToken
from .services import DEFAULT_LIFETIME_DAYS

LIFETIMES = [(30, "30 days"), (90, "90 days"), (180, "180 days"), (365, "1 year")]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example, Power BI plan dashboard. Only you see this name.",
        max_length=ApiToken._meta.get_field("name").max_length,
    )
    lifetime_days = forms.TypedChoiceField(
        label="How long should it last?",
        choices=LIFETIMES,
        coerce=int,
        initial=DEFAULT_LIFETIME_DAYS,
        widget=forms.RadioSelect,
    )
