"""Template helpers for rendering Django forms and messages as GOV.UK Design System markup.

Used by ``components/field.html``, ``components/error_summary.html`` and ``base.html``::

    {% load govuk %}
    {{ field|widget_type }}                  -> "textinput", "radioselect", "checkboxinput", ...
    {{ field|anchor_id }}                    -> the id an error-summary link should jump to
    {{ field|describedby:hint }}             -> "id_x-hint id_x-error" (for a fieldset)
    {% govuk_widget field "govuk-input" classes="govuk-input--width-10" hint=hint %}
    {% for banner in messages|message_banners %}...{% endfor %}
"""

from django import forms, template
from django.contrib.messages import constants as message_constants

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
def describedby(bound_field, hint="") -> str:
    """The ``aria-describedby`` value for a field: its hint's id (when there is a hint) and its
    error message's id (when it has errors), as ``<id>-hint`` and ``<id>-error``."""
    ids = []
    if hint:
        ids.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    return " ".join(ids)


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
    return bound_field.as_widget(attrs=attrs)


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
