"""Form helpers every app shares."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.views.decorators.http import require_http_methods

from . import limits

#: Pages with a form answer GET (show it) and POST (submit it), nothing else.
GET_POST = require_http_methods(["GET", "POST"])


def attach_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields when it names them, else at the
    top."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def given_filters(form: forms.Form) -> dict | None:
    """What a list's filter form was given, without the empty fields: ``{}`` when it was given
    nothing, ``None`` when it could not be read (so the list shows nothing, not everything)."""
    if not form.is_bound:
        return {}
    if not form.is_valid():
        return None
    return {k: v for k, v in form.cleaned_data.items() if v}


@dataclass(frozen=True)
class Posted[T]:
    """What a form post came to: ``ok`` when the service ran, with what it returned."""

    ok: bool
    result: T | None = None


def form_post[T](request: HttpRequest, form: forms.Form, call: Callable[[dict], T]) -> Posted[T]:
    """The one shape of a view's form post: on a POST whose form is valid, call the service with
    the cleaned data; a ValidationError the service raises lands on the form (``attach_error``),
    so the page is shown again with what the person typed."""
    if request.method != "POST" or not form.is_valid():
        return Posted(ok=False)
    try:
        return Posted(ok=True, result=call(form.cleaned_data))
    except ValidationError as error:
        attach_error(form, error)
        return Posted(ok=False)


# Choosing rows by id -------------------------------------------------------------------------

_ID_RANGE = range(-(2**63), 2**63)  # what a database integer column can hold


def _ids_in_range(values) -> bool:
    try:
        return all(int(str(v).strip()) in _ID_RANGE for v in values if v not in ("", None))
    except ValueError:
        return True  # not a number: Django's own checks say so


class ModelChoiceField(forms.ModelChoiceField):
    """Django's, but an id too large for the database is an invalid choice, not a 500 (SQLite
    raises OverflowError when the lookup is built)."""

    def to_python(self, value):
        if not _ids_in_range([value]):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, with the same check on every id posted."""

    def _check_values(self, value):
        if not _ids_in_range(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": "?"},
            )
        return super()._check_values(value)


# Free text ------------------------------------------------------------------------------------


def text_field(
    label: str,
    limit: int,
    *,
    required: bool = True,
    rows: int | None = None,
    required_message: str = "",
    error_label: str = "",
    **kwargs,
) -> forms.CharField:
    """A CharField with its limit (``core.limits``) and GOV.UK messages. ``rows`` makes it a
    textarea, which ``components/field.html`` shows with a character count. ``error_label`` is
    how the too-long message names it (default: the label without "(optional)")."""
    messages = {
        "max_length": limits.too_long_message(
            error_label or label.removesuffix(" (optional)"), limit
        ),
        **kwargs.pop("error_messages", {}),
    }
    if required_message:
        messages["required"] = required_message
    if rows is not None:
        attrs = {"rows": rows, **kwargs.pop("attrs", {})}
        kwargs["widget"] = forms.Textarea(attrs=attrs)
    return forms.CharField(
        label=label, required=required, max_length=limit, error_messages=messages, **kwargs
    )


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut at a word boundary with an ellipsis, never
    mid-word (issue 8.20: recommendation choices)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]  # room for the ellipsis
    if " " in cut and not text[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–-") + "…"
