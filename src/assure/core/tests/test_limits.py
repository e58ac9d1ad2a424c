"""Length limits on every free-text field (issue 8.4) and the GOV.UK form parts every page shares
(issue 8.20): one error per field, error-summary links that land on their field, no
"---------" dropdowns, one date style, choices cut at a word."""

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from assure.core import limits
from assure.core.forms import shorten, text_field

SRC = Path(__file__).resolve().parents[2]
APPS = sorted(p.parent.name for p in SRC.glob("*/forms.py"))


def project_form_classes():
    """Every form class defined in any app's forms.py."""
    found = []
    for app in APPS:
        module = importlib.import_module(f"assure.{app}.forms")
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                found.append(obj)
    return found


def test_the_walk_finds_the_forms_of_every_app():
    names = {f"{c.__module__}.{c.__name__}" for c in project_form_classes()}
    for expected in (
        "assure.plans.forms.UpdateForm",
        "assure.inspections.forms.FindingForm",
        "assure.governance.forms.MinutesForm",
        "assure.indicators.forms.ReviewForm",
        "assure.accounts.forms.SignInForm",
        "assure.api.forms.TokenForm",
        "assure.site.forms.AuditFilterForm",
    ):
        assert expected in names


@pytest.mark.parametrize("form_class", project_form_classes(), ids=lambda c: c.__name__)
def test_every_text_field_of_every_form_has_a_maximum_length(form_class):
    """A new form cannot forget: each CharField (URL, e-mail and regex fields too) has one."""
    unlimited = [
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField) and not field.max_length
    ]
    assert unlimited == [], f"{form_class.__name__}: give these a max_length: {unlimited}"


@pytest.mark.parametrize("form_class", project_form_classes(), ids=lambda c: c.__name__)
def test_no_dropdown_offers_dashes_as_its_empty_choice(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelChoiceField) and not isinstance(
            field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)
        ):
            assert field.empty_label != "---------", f"{form_class.__name__}.{name}"
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            labels = [str(label) for _value, label in field.choices]
            assert not any(re.fullmatch(r"-+|- ?Select an option ?-", x) for x in labels), name


def test_the_request_ceiling_is_the_one_in_limits():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == limits.REQUEST_BYTES == 8 * 1024 * 1024


def test_check_lengths_names_each_field_over_its_limit_and_by_how_much():
    with pytest.raises(ValidationError) as raised:
        limits.check_lengths(
            {"narrative": ("x" * 10_001, limits.NARRATIVE), "note": ("fine", limits.NOTE)},
            labels={"narrative": "The update"},
        )
    assert raised.value.message_dict == {
        "narrative": ["The update must be 10,000 characters or fewer (it has 10,001)"]
    }
    limits.check_lengths({"narrative": ("x" * 10_000, limits.NARRATIVE), "x": (None, 1)})


# Rendering -----------------------------------------------------------------------------------


class Sample(forms.Form):
    reveals = {"kind": {"link": ("url",)}}

    kind = forms.ChoiceField(
        label="Kind", choices=[("file", "File"), ("link", "Link")], widget=forms.RadioSelect
    )
    url = forms.URLField(label="Web address", required=False, max_length=100)
    story = text_field("Story", 50, rows=3, help_text="What happened")
    title = forms.CharField(label="Title", max_length=10)
    day = forms.DateField(label="Day", required=False)


def render(template: str, **context) -> str:
    return Template("{% load govuk %}" + template).render(Context(context))


def test_a_textarea_with_a_limit_gets_the_govuk_character_count():
    html = render('{% include "components/field.html" with field=form.story %}', form=Sample())
    assert 'data-module="govuk-character-count"' in html
    assert 'data-maxlength="50"' in html
    assert 'id="id_story-info"' in html
    assert "You can enter up to 50 characters" in html
    assert 'aria-describedby="id_story-hint id_story-info"' in html
    assert "govuk-js-character-count" in html
    # No maxlength attribute: pasted text is never cut silently; the count says by how much.
    assert not re.search(r"\smaxlength=", html)


def test_a_field_shows_one_error_and_the_summary_one_per_field():
    form = Sample(data={"kind": "file", "story": "", "title": "x" * 11})
    form.is_valid()
    form.add_error("title", "A second problem with the title")
    form.add_error(None, "Something else")
    form.add_error(None, "Something else")
    field = render('{% include "components/field.html" with field=form.title %}', form=form)
    summary = render('{% include "components/error_summary.html" with form=form %}', form=form)
    assert field.count("govuk-error-message") == 1
    assert "at most 10 characters" in field  # the first error, alone
    assert "A second problem" not in field
    assert "A second problem" not in summary
    assert summary.count("<li>") == 3  # something else (once), story, title
    assert summary.count("Something else") == 1


def test_every_error_summary_link_lands_on_an_element_of_the_form():
    form = Sample(data={"story": "x" * 51, "title": "", "day": "soon", "kind": ""})
    assert not form.is_valid()
    page = render(
        '{% include "components/error_summary.html" with form=form %}'
        "{% for f in form %}{% include 'components/field.html' with field=f %}{% endfor %}",
        form=form,
    )
    targets = re.findall(r'<a href="#([^"]+)"', page)
    assert sorted(targets) == ["id_day", "id_kind", "id_story", "id_title"]
    for target in targets:
        assert f'id="{target}"' in page


def test_a_radio_option_reveals_its_fields_govuk_style():
    html = render('{% include "components/field.html" with field=form.kind %}', form=Sample())
    assert 'data-app-reveal="conditional-id_kind-2"' in html
    conditional = html[html.index('id="conditional-id_kind-2"') :]
    assert "govuk-radios__conditional--hidden" in html  # until Link is chosen
    assert 'name="url"' in conditional
    chosen = Sample(data={"kind": "link"})
    html = render('{% include "components/field.html" with field=form.kind %}', form=chosen)
    assert "govuk-radios__conditional--hidden" not in html


def test_a_hand_written_textarea_gets_the_same_count():
    html = render(
        '{% text_limit "NOTE" as limit %}{% include "components/character_count.html" '
        'with id="note-" key=7 name="note" label="Note" limit=limit %}'
    )
    assert 'data-maxlength="2000"' in html
    assert 'id="note-7-info"' in html
    assert "You can enter up to 2,000 characters" in html


# One date style ----------------------------------------------------------------------------


def test_every_template_writes_dates_the_govuk_way():
    """21 December 2015 (with a time after a comma where one is shown), never 21 Dec 2015."""
    allowed = {
        "j F Y",
        "j F Y, H:i",
        "j F Y, H:i:s",
        "H:i",
        "Y-m-d",
    }  # Y-m-d: values of date inputs only
    found = {}
    for template in SRC.glob("*/templates/**/*.html"):
        for style in re.findall(r"""\|date:["']([^"']*)["']""", template.read_text()):
            found.setdefault(style, []).append(template.name)
    assert set(found) <= allowed, {s: t for s, t in found.items() if s not in allowed}
    assert settings.SHORT_DATE_FORMAT == settings.DATE_FORMAT == "j F Y"


# Choices cut at a word ------------------------------------------------------------------------


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    text = "Within three months the force should improve its response to missing children"
    assert shorten(text, 30) == "Within three months the force…"
    assert shorten("short", 30) == "short"


@given(st.text(alphabet=st.sampled_from("ab c,."), max_size=200), st.integers(2, 120))
def test_shorten_never_cuts_a_word_in_two(text, limit):
    out = shorten(text, limit)
    assert len(out) <= limit
    words = " ".join(text.split()).split()
    if out.endswith("…") and words and len(words[0]) >= limit - 1:
        return  # a first word longer than the room: nothing whole fits, so it is cut
    if out.endswith("…"):
        kept = out[:-1].split()
        # Every word kept is whole (the last one may lose punctuation stripped at the cut).
        for i, word in enumerate(kept):
            assert word == words[i] or (i == len(kept) - 1 and words[i].startswith(word))
            if i == len(kept) - 1 and word != words[i]:
                assert set(words[i][len(word) :]) <= set(",.")
    else:
        assert out == " ".join(text.split())
