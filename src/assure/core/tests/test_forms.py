from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from assure.core.forms import form_post


class TitleForm(forms.Form):
    title = forms.CharField(max_length=20)


def post(data):
    return RequestFactory().post("/", data)


def test_a_valid_post_calls_the_service_with_the_cleaned_data():
    calls = []
    posted = form_post(
        post({"title": " Review "}), form := TitleForm({"title": " Review "}), calls.append
    )
    assert posted.ok
    assert calls == [{"title": "Review"}]
    assert form.errors == {}


def test_a_get_or_an_invalid_form_never_calls_the_service():
    calls = []
    assert not form_post(RequestFactory().get("/"), TitleForm(), calls.append).ok
    assert not form_post(post({"title": ""}), TitleForm({"title": ""}), calls.append).ok
    assert calls == []


def test_the_services_refusal_lands_on_the_form_and_keeps_what_was_typed():
    def refuse(_data):
        raise ValidationError({"title": "A plan with this title exists already"})

    form = TitleForm({"title": "Review"})
    posted = form_post(post({"title": "Review"}), form, refuse)
    assert not posted.ok
    assert form.errors == {"title": ["A plan with this title exists already"]}
    assert form["title"].value() == "Review"


def test_a_refusal_naming_no_field_goes_to_the_top_of_the_form():
    def refuse(_data):
        raise ValidationError("This plan is closed")

    form = TitleForm({"title": "Review"})
    assert not form_post(post({"title": "Review"}), form, refuse).ok
    assert form.non_field_errors() == ["This plan is closed"]
