"""Issue 8.5 and 8.19 on the import pages: no 500 for a stale tab, a forged form count or a far
future date, and a text with nothing in it is an error on the page, not an empty preview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assure.accounts.models import OrganisationKind, Role
from assure.accounts.tests.factories import OrganisationFactory, person_with_role
from assure.inspections import report_import
from assure.inspections.models import Inspection
from assure.inspections.tests import hostile
from assure.inspections.tests.test_views import (
    preview_data,
    seed_text,
    signed_in,
    start_import,
    text_of,
    title_of,
)

pytestmark = pytest.mark.django_db
PREVIEW = "inspections:import_preview"


@pytest.fixture
def force():
    return OrganisationFactory(name="West Yorkshire Police", kind=OrganisationKind.FORCE)


@pytest.fixture
def coordinator(force):
    return person_with_role(Role.COORDINATOR, organisation=force)


def test_a_text_with_no_findings_and_no_recommendations_is_an_error_linked_to_its_field(
    client, force, coordinator
):
    client = signed_in(client, coordinator)
    response = start_import(client, "The panel noted the report and thanked the officers.")
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert (
        '<a href="#id_text">No key findings or recommendations were found in the pasted text'
        in (response.content.decode())
    )
    assert report_import.SESSION_KEY not in client.session


def test_a_hostile_upload_is_an_error_on_the_file_field(client, force, coordinator):
    client = signed_in(client, coordinator)
    upload = SimpleUploadedFile("empty.docx", hostile.empty_paragraphs_docx(100_000))
    response = start_import(client, file=upload)
    assert response.status_code == 200
    assert '<a href="#id_file">empty.docx: has 100,000 paragraphs' in response.content.decode()


@pytest.mark.parametrize("date", ["9999-12-31", "1066-10-14"])
def test_a_publication_date_out_of_range_is_a_clear_error(client, force, coordinator, date):
    client = signed_in(client, coordinator)
    response = start_import(client, seed_text(), published=date)
    assert response.status_code == 200
    assert "Publication date must be between 1 January 1900 and 31 December 2099" in text_of(
        response
    )
    start_import(client, seed_text())
    data = preview_data(client.get(reverse(PREVIEW)))
    response = client.post(reverse(PREVIEW), {**data, "published_on": date, "action": "confirm"})
    assert response.status_code == 200
    assert "Publication date must be between" in text_of(response)
    assert not Inspection.objects.exists()


def test_a_preview_posted_from_a_stale_tab_shows_the_latest_draft(client, force, coordinator):
    client = signed_in(client, coordinator)
    start_import(client, seed_text())
    stale = preview_data(client.get(reverse(PREVIEW)))  # the first tab
    fresh = preview_data(client.get(reverse(PREVIEW)))  # a second tab deletes one
    client.post(reverse(PREVIEW), {**fresh, "action": "delete-0"})
    response = client.post(reverse(PREVIEW), {**stale, "action": "confirm"})
    assert response.status_code == 200
    assert "This page was out of date" in text_of(response)
    assert len(response.context["recommendations"].forms) == 7
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("total", ["1000000000", "-5", "lots", "", None])
def test_a_forged_form_count_is_not_a_500(client, force, coordinator, total):
    client = signed_in(client, coordinator)
    start_import(client, seed_text())
    data = preview_data(client.get(reverse(PREVIEW)))
    data["rec-TOTAL_FORMS"] = total
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(reverse(PREVIEW), {**data, "action": "confirm"})
    assert response.status_code == 200
    assert "This page was out of date" in text_of(response)
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("field", ["finding-INITIAL_FORMS", "rec-INITIAL_FORMS"])
def test_a_forged_initial_count_is_not_a_500(client, force, coordinator, field):
    """Found by the generated posts below: forms past INITIAL_FORMS are "extra" ones, which
    Django would accept blank, with nothing to read."""
    client = signed_in(client, coordinator)
    start_import(client, seed_text())
    data = preview_data(client.get(reverse(PREVIEW)))
    data[field] = "0"
    for name in [k for k in data if k.startswith(field.split("-")[0] + "-0-")]:
        data[name] = ""  # and its first item blanked, as a forged page could post it
    response = client.post(reverse(PREVIEW), {**data, "action": "refresh"})
    assert response.status_code == 200
    assert not Inspection.objects.exists()


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_FIELDS = [
    "title",
    "published_on",
    "import_again",
    "finding-TOTAL_FORMS",
    "finding-INITIAL_FORMS",
    "finding-0-text",
    "finding-0-kind",
    "rec-TOTAL_FORMS",
    "rec-0-ref",
    "rec-0-area",
    "rec-0-text",
    "rec-0-sub_points",
    "rec-0-deadline_rule",
    "rec-0-deadline_amount",
    "rec-0-deadline_unit",
    "rec-0-deadline_date",
    "rec-1-ref",
]
_VALUES = st.one_of(
    _TEXT,
    st.sampled_from(["", "0", "1", "-1", "8", "9999-12-31", "0001-01-01", "within", "by_date"]),
    st.integers(-(10**12), 10**12).map(str),
)
_ACTIONS = st.one_of(
    st.sampled_from(
        ["confirm", "refresh", "add-finding", "add-recommendation", "split-0", "merge-1"]
    ),
    st.sampled_from(["delete-", "delete-finding-", "split-", "merge-"]).flatmap(
        lambda verb: st.integers(-3, 12).map(lambda n: f"{verb}{n}")
    ),
    _TEXT,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=st.dictionaries(st.sampled_from(_FIELDS), st.one_of(st.none(), _VALUES), max_size=6),
    action=_ACTIONS,
)
def test_generated_preview_posts_never_fail(client, force, coordinator, changes, action):
    """Whatever a browser (or an attacker) posts to the preview: a page, a redirect or a 404
    for a button that does not exist; never a 500, and never a half-written inspection."""
    client = signed_in(client, coordinator)
    start_import(client, seed_text())
    data = preview_data(client.get(reverse(PREVIEW)))
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    before = Inspection.objects.count()
    response = client.post(reverse(PREVIEW), {**data, "action": action})
    assert response.status_code in (200, 302, 404)
    created = Inspection.objects.count() - before
    assert created in (0, 1)
    if created:  # only a confirmation creates, and then the page moves on to the inspection
        assert action == "confirm"
        assert response.status_code == 302
