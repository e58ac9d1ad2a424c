"""Form helpers every app shares."""

from django import forms
from django.core.exceptions import ValidationError


def attach_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields when it names them, else at the
    top."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
