"""Template helpers for rendering Django forms and messages as GOV.UK Design System markup.

Used by ``components/field.html``, ``components/error_summary.html`` and ``base.html``::

    {% load govuk %}
    {{ field|widget_type }}                  -> "textinput", "radioselect", "checkboxinput", ...
    {{ field|anchor_id }}                    -> the id an error-summary link should jump to
    {{ field|describedby:hint }}             -> "id_x-hint id_x-error" (for a fieldset)
    {% govuk_widget field "govuk-input" classes="govuk-input--width-10" hint=hint %}
    {% for banner in messages|message_banners %}...{% endfor %}
"""

import copy

from django import forms, template
from django.contrib.messages import constants as message_constants
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from assure.core import limits

register = template.Library()

# Widgets whose options components/field.html renders one by one (GOV.UK radios and checkboxes),
# giving the first option the field's own id, as GOV.UK Frontend does.
_OPTION_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def widget_type(bound_field) -> str:
    """The lower-case class name of a bound field's widget, e.g. ``"emailinput"``."""
    return type(bound_field.field.widget).__name__.lower()


@register.filter
def anchor_id(bound_field) -> str:
    """The id of the element an error-summary link should focus for this field.

    For radios and checkboxes that is the first option (which components/field.html gives the
    field's id); for a multi-widget, its first part; otherwise the input itself.
    """
    if isinstance(bound_field.field.widget, _OPTION_WIDGETS):
        return bound_field.auto_id
    return bound_field.id_for_label or bound_field.auto_id


# The GOV.UK components whose class has an ``--error`` modifier.
_ERROR_MODIFIED = {"govuk-input", "govuk-textarea", "govuk-select", "govuk-file-upload"}


@register.filter
def character_limit(bound_field) -> int | None:
    """The limit a textarea's GOV.UK character count shows: its field's ``max_length``; None for
    anything else (which gets no count)."""
    if isinstance(bound_field.field.widget, forms.Textarea):
        return getattr(bound_field.field, "max_length", None)
    return None


@register.simple_tag
def text_limit(name: str) -> int:
    """A limit from core.limits by name, for hand-written textareas:
    ``{% text_limit "NOTE" as note_limit %}``."""
    return getattr(limits, name)


@register.filter
def thousands(number) -> str:
    """``10000`` -> ``"10,000"``, as GOV.UK writes numbers."""
    return f"{number:,}"


@register.filter
def describedby(bound_field, hint="") -> str:
    """The ``aria-describedby`` value for a field: its hint's id (when there is a hint), its
    error message's id (when it has errors) and its character count's (when it has one), as
    ``<id>-hint``, ``<id>-error`` and ``<id>-info``."""
    ids = []
    if hint:
        ids.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    if character_limit(bound_field):
        ids.append(f"{bound_field.auto_id}-info")
    return " ".join(ids)


@register.filter
def first_error(bound_field) -> str:
    """The one error message a field shows (GOV.UK: one error per field, the most important
    first), however many its validators and the service found."""
    return bound_field.errors[0] if bound_field.errors else ""


@register.filter
def unique_messages(messages) -> list[str]:
    """Messages with repeats removed, in order: a form check and a service saying the same thing
    show it once."""
    return list(dict.fromkeys(str(m) for m in messages or ()))


@register.filter
def radio_options(bound_field) -> list[dict]:
    """A radio field's options for components/field.html, each with the GOV.UK conditional
    reveal it opens, if any.

    A form declares what each answer reveals as ``reveals = {"kind": {"link": ("url",)}}``: the
    fields named are rendered inside that option's ``govuk-radios__conditional`` block (so the
    page must not render them again), hidden until the option is chosen when JavaScript runs.
    """
    reveals = getattr(bound_field.form, "reveals", {}).get(bound_field.name, {})
    options = []
    for number, option in enumerate(bound_field.subwidgets, start=1):
        option_id = bound_field.auto_id if number == 1 else f"{bound_field.auto_id}-{number}"
        value = str(option.data["value"])
        names = reveals.get(value, ())
        options.append(
            {
                "id": option_id,
                "value": value,
                "label": option.choice_label,
                "checked": option.data["selected"],
                "conditional_id": f"conditional-{option_id}" if names else "",
                "conditional": mark_safe(  # noqa: S308 - each part is a rendered template
                    "".join(
                        render_to_string("components/field.html", {"field": bound_field.form[name]})
                        for name in names
                    )
                ),
            }
        )
    return options


@register.simple_tag
def govuk_widget(bound_field, css_class, classes="", hint="", autocomplete=""):
    """Render a bound field's widget through Django (so value, ``required``, ``maxlength`` and
    ``aria-invalid`` stay Django's) with GOV.UK classes and ``aria-describedby`` added.

    ``css_class`` is the component's class (``govuk-input``); ``classes`` are extra ones from the
    caller (``govuk-input--width-10``); the ``--error`` modifier is added when the field has
    errors. ``hint`` is the hint text, if any (only whether there is one matters here).
    """
    widget_classes = [bound_field.field.widget.attrs.get("class", ""), css_class, classes]
    if css_class in _ERROR_MODIFIED and bound_field.errors:
        widget_classes.append(f"{css_class}--error")
    attrs = {"class": " ".join(c for c in widget_classes if c)}
    if aria := describedby(bound_field, hint):
        attrs["aria-describedby"] = aria
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    widget = bound_field.field.widget
    if character_limit(bound_field):
        # The character count lets people type past the limit and says by how much; a maxlength
        # attribute would cut pasted text silently where JavaScript does not run.
        widget = copy.copy(widget)
        widget.attrs = {k: v for k, v in widget.attrs.items() if k != "maxlength"}
    return bound_field.as_widget(widget=widget, attrs=attrs)


@register.filter
def message_banners(messages) -> list[dict]:
    """Group Django messages into GOV.UK notification banners: one "Success" banner for
    SUCCESS-level messages, one "Important" banner for everything else."""
    success, important = [], []
    for message in messages or ():
        (success if message.level == message_constants.SUCCESS else important).append(message)
    banners = []
    if success:
        banners.append({"type": "success", "title": "Success", "messages": success})
    if important:
        banners.append({"type": "important", "title": "Important", "messages": important})
    return banners
