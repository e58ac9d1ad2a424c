from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from assure.core import limits
from assure.core.forms import ModelChoiceField

from . import permissions
from .models import Organisation, Unit


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=limits.PASSWORD,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account has been switched off. Ask your coordinator.",
    }

    def clean_username(self):
        return self.cleaned_data["username"].lower()


CHOOSING_HINT = (
    "At least 12 characters. Not a common password, not only numbers, and not like your name "
    "or email address. A few unrelated words make a good one."
)


class _UnitChoice(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RoleForm(forms.Form):
    """A role in one of the forces the coordinator manages, and its unit."""

    organisation = ModelChoiceField(
        label="Force",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Select the force", "invalid_choice": "Select the force"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[(r.value, r.label) for r in permissions.FORCE_ROLES],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )
    unit = _UnitChoice(
        label="Unit",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="None: the whole force",
        help_text="A unit lead must have a unit. Other roles usually cover the whole force.",
        error_messages={"invalid_choice": "Select a unit of the force"},
    )

    def __init__(self, *args, forces, units, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = forces  # type: ignore[attr-defined]
        options = list(forces)
        if len(options) == 1:
            organisation.widget = forms.HiddenInput()
            organisation.initial = options[0].pk
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class InviteForm(RoleForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter their full name"},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="Their work email address. The invitation goes there.",
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)

    field_order = ["full_name", "email", "job_title", "organisation", "role", "unit"]


def _password_field(autocomplete: str) -> forms.CharField:
    # Django's own password fields have no ceiling: a megabyte "password" would be hashed.
    return forms.CharField(
        strip=False,
        max_length=limits.PASSWORD,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    old_password = _password_field("current-password")
    new_password1 = _password_field("new-password")
    new_password2 = _password_field("new-password")
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again.",
        "password_mismatch": "The two new passwords are not the same",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_passwords(self)
        self.fields["old_password"].label = "Current password"


class SetPasswordForm(auth_forms.SetPasswordForm):
    new_password1 = _password_field("new-password")
    new_password2 = _password_field("new-password")
    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": "The two passwords are not the same",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_passwords(self)


def _label_passwords(form) -> None:
    form.fields["new_password1"].label = "New password"
    form.fields["new_password1"].help_text = CHOOSING_HINT
    form.fields["new_password2"].label = "Confirm the new password"
    form.fields["new_password2"].help_text = ""
    for name in ("new_password1", "new_password2"):
        form.fields[name].validators.append(MaxLengthValidator(128))
        form.fields[name].widget.attrs["maxlength"] = "128"


class PasswordResetForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
