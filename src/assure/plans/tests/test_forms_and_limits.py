"""Issue 8 items 4 and 20 on the plan pages: length limits in forms and services, a 24 MB post
refused, one error per field linked to it, evidence and Grey reasons revealed by their radio,
recommendation choices cut at a word, and corrections as new entries that supersede."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.core import limits
from assure.core.audit import SystemActor
from assure.core.models import AuditEvent
from assure.inspections.tests.factories import InspectionFactory, RecommendationFactory
from assure.plans import events, services
from assure.plans.forms import ActionForm
from assure.plans.models import Evidence, Rag, Update
from assure.plans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AssignmentFactory,
    ClosureFactory,
    UpdateFactory,
    force_world,
)

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")
LONG_TEXT = (
    "The force should, within three months, review how officers record the voice of the child "
    "in every domestic abuse incident attended, and act on what the review finds"
)


@pytest.fixture
def setting():
    world = force_world()
    plan = ActionPlanFactory(inspection=InspectionFactory(force=world.force))
    action = ActionFactory(plan=plan)
    leeds = AssignmentFactory(action=action, unit=world.unit("LEE"))
    return world, plan, action, leeds


def update_url(assignment):
    return reverse("plans:update_add", kwargs={"pk": assignment.pk})


def revealed_by(html: str, value: str) -> tuple[str, str]:
    """The classes and the content of the conditional block the radio with ``value`` opens."""
    radio = re.search(rf'<input[^>]*value="{value}"[^>]*>', html).group(0)
    panel = re.search(r'data-app-reveal="([^"]+)"', radio).group(1)
    opening = re.search(rf'<div class="([^"]*)" id="{panel}">', html)
    rest = html[opening.end() :]
    end = min(i for i in (rest.find("govuk-radios__item"), rest.find("</fieldset>")) if i >= 0)
    return opening.group(1), rest[:end]


# Item 4: limits ----------------------------------------------------------------------------


def test_a_24_mb_narrative_is_refused_with_a_friendly_page_and_nothing_written(client, setting):
    world, _plan, _action, leeds = setting
    client.force_login(world.leads["LEE"])
    before = AuditEvent.objects.count()
    response = client.post(
        update_url(leeds),
        {"narrative": "x" * (24 * 1024 * 1024), "rag": "green", "percent_complete": "10"},
    )
    assert response.status_code == 413
    assert "too much to send in one go" in response.content.decode()
    assert Update.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_a_narrative_over_its_limit_is_an_error_on_the_field_with_a_count(client, setting):
    world, _plan, _action, leeds = setting
    client.force_login(world.leads["LEE"])
    response = client.post(
        update_url(leeds),
        {"narrative": "x" * (limits.NARRATIVE + 1), "rag": "green", "percent_complete": "10"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The update must be 10,000 characters or fewer" in html
    assert 'href="#id_narrative"' in html
    assert Update.objects.count() == 0
    page = client.get(reverse("plans:assignment", kwargs={"pk": leeds.pk})).content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="10000"' in page


@pytest.mark.parametrize(
    "write",
    [
        lambda a, long: services.update_add(
            actor=SYSTEM, assignment=a, narrative=long, rag=Rag.GREEN, percent_complete=1
        ),
        lambda a, long: services.update_add(
            actor=SYSTEM,
            assignment=a,
            narrative="Ok",
            rag=Rag.GREY,
            percent_complete=1,
            not_adopted_reason=long,
        ),
        lambda a, long: services.evidence_add(
            actor=SYSTEM, assignment=a, kind="note", title="Log", note=long
        ),
        lambda a, long: services.evidence_add(
            actor=SYSTEM, assignment=a, kind="note", title=long, note="Ok"
        ),
        lambda a, long: services.closure_propose(
            actor=SYSTEM, assignment=a, summary=long, evidence=[]
        ),
        lambda a, long: services.action_create(
            actor=SYSTEM,
            plan=a.action.plan,
            recommendation=a.action.recommendation,
            title="Ok",
            description=long,
        ),
        lambda a, long: services.closure_return(
            actor=SYSTEM, closure=ClosureFactory(assignment=a), comment=long
        ),
    ],
    ids=[
        "narrative",
        "not_adopted_reason",
        "evidence_note",
        "evidence_title",
        "closure_summary",
        "action_description",
        "closure_comment",
    ],
)
def test_services_refuse_text_over_its_limit_with_a_clear_error(setting, write):
    _world, _plan, _action, leeds = setting
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as raised:
        write(leeds, "y" * (limits.MINUTES + 1))
    messages = " ".join(raised.value.messages)
    assert "characters or fewer" in messages
    assert "20,001" in messages
    assert AuditEvent.objects.count() == before


def test_reopening_refuses_a_reason_over_its_limit(setting):
    _world, plan, _action, _leeds = setting
    plan.status = "closed"
    plan.save()
    with pytest.raises(ValidationError, match="2,000 characters or fewer"):
        services.action_plan_reopen(actor=SYSTEM, plan=plan, reason="r" * (limits.NOTE + 1))


def test_a_transition_note_over_its_limit_is_a_message_not_a_404(client, setting):
    world, plan, _action, _leeds = setting
    client.force_login(world.coordinator)
    response = client.post(
        reverse("plans:plan_transition", kwargs={"pk": plan.pk}),
        {"to": "in_qa", "note": "z" * (limits.NOTE + 1)},
        follow=True,
    )
    assert response.status_code == 200
    assert "2,000 characters or fewer" in response.content.decode()


# Item 20: form parts -----------------------------------------------------------------------


def test_every_error_summary_link_on_the_assignment_page_lands_on_a_field(client, setting):
    world, _plan, _action, leeds = setting
    client.force_login(world.leads["LEE"])
    for url, data in (
        (update_url(leeds), {"narrative": "", "rag": "grey", "percent_complete": "200"}),
        (reverse("plans:evidence_add", kwargs={"pk": leeds.pk}), {"kind": "link", "url": ""}),
        (reverse("plans:evidence_add", kwargs={"pk": leeds.pk}), {}),
    ):
        html = client.post(url, data).content.decode()
        targets = re.findall(r'<a href="#([^"]+)">', html)
        assert targets, url
        for target in targets:
            assert html.count(f'id="{target}"') == 1, (target, data)
        # One error per field: the summary says each once, the field once.
        for message in re.findall(r'<a href="#[^"]+">([^<]+)</a>', html):
            assert html.count(message) == 2, message


def test_the_grey_reason_is_revealed_by_grey_and_ignored_otherwise(client, setting):
    world, _plan, _action, leeds = setting
    client.force_login(world.leads["LEE"])
    page = client.get(reverse("plans:assignment", kwargs={"pk": leeds.pk})).content.decode()
    classes, block = revealed_by(page, "grey")
    assert "govuk-radios__conditional--hidden" in classes
    assert 'name="not_adopted_reason"' in block
    assert page.count('name="not_adopted_reason"') == 1
    assert "checked" not in re.search(r'<input[^>]*value="grey"[^>]*>', page).group(0)
    response = client.post(
        update_url(leeds),
        {
            "narrative": "On track",
            "rag": "green",
            "percent_complete": "30",
            "not_adopted_reason": "typed before choosing Green",
        },
    )
    assert response.status_code == 302
    assert Update.objects.get().not_adopted_reason == ""


def test_evidence_asks_first_whether_it_is_a_file_a_link_or_a_note(client, setting):
    world, _plan, _action, leeds = setting
    client.force_login(world.leads["LEE"])
    page = client.get(reverse("plans:assignment", kwargs={"pk": leeds.pk})).content.decode()
    form = page[page.index('id="add-evidence"') :]
    form = form[: form.index("</form>")]
    assert form.index("Is the evidence a file, a link or a note?") < form.index('name="title"')
    for kind, field in (("file", "upload"), ("link", "url"), ("note", "note")):
        assert "checked" not in re.search(rf'<input[^>]*value="{kind}"[^>]*>', form).group(0)
        classes, block = revealed_by(form, kind)
        assert "govuk-radios__conditional--hidden" in classes
        assert f'name="{field}"' in block
        assert form.count(f'name="{field}"') == 1
    # A link with a note typed into the hidden note box keeps only the link.
    response = client.post(
        reverse("plans:evidence_add", kwargs={"pk": leeds.pk}),
        {"kind": "link", "title": "Policy", "url": "https://example.org/p", "note": "stray"},
    )
    assert response.status_code == 302
    version = Evidence.objects.get().versions.get()
    assert (version.url, version.note) == ("https://example.org/p", "")


def test_recommendation_choices_are_cut_at_a_word_and_the_empty_choice_says_what_to_do(setting):
    _world, plan, _action, _leeds = setting
    RecommendationFactory(
        inspection=plan.inspection, ref="9", area="Domestic abuse", text=LONG_TEXT
    )
    form = ActionForm(plan=plan)
    labels = [label for _value, label in form.fields["recommendation"].choices]
    assert labels[0] == "Choose the recommendation"
    long_label = next(label for label in labels if label.startswith("9 Domestic abuse"))
    assert long_label.endswith("…")
    assert len(long_label) <= 120
    assert (long_label[:-1] + " ") in (f"9 Domestic abuse: {LONG_TEXT} ")
    html = form.as_p()
    assert "---------" not in html
    assert "No lead yet" in html


# Corrections -------------------------------------------------------------------------------


def test_a_correction_is_a_new_entry_that_supersedes_and_leaves_the_original(setting):
    world, _plan, _action, leeds = setting
    original = services.update_add(
        actor=world.leads["LEE"],
        assignment=leeds,
        narrative="90% done",
        rag=Rag.GREEN,
        percent_complete=90,
    )
    correction = services.update_correct(
        actor=world.leads["LEE"],
        update=original,
        reason="The percentage was Bradford's",
        narrative="40% done",
        rag=Rag.AMBER,
        percent_complete=40,
    )
    original.refresh_from_db()
    assert (original.narrative, original.percent_complete) == ("90% done", 90)
    assert correction.supersedes == original
    assert correction.sequence == original.sequence + 1
    assert original.superseded_by == correction
    event = AuditEvent.objects.get(event=events.UPDATE_CORRECTED)
    assert event.changes["percent_complete"] == [90, 40]
    assert event.changes["reason"] == [None, "The percentage was Bradford's"]
    # The assignment now stands where the correction says.
    from assure.plans import selectors

    row = selectors.assignment_page(leeds).row
    assert (row.facts.last_rag, row.facts.last_percent) == (Rag.AMBER, 40)
    with pytest.raises(ValidationError, match="corrected by"):
        services.update_correct(
            actor=world.leads["LEE"],
            update=original,
            reason="Again",
            narrative="x",
            rag=Rag.RED,
            percent_complete=1,
        )


def test_only_the_latest_update_can_be_corrected_and_only_by_who_may_update(setting):
    world, _plan, _action, leeds = setting
    first = UpdateFactory(assignment=leeds)
    UpdateFactory(assignment=leeds)
    with pytest.raises(ValidationError, match="Only the latest update"):
        services.update_correct(
            actor=world.leads["LEE"],
            update=first,
            reason="Wrong",
            narrative="x",
            rag=Rag.RED,
            percent_complete=1,
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.update_correct(
            actor=world.leads["BRA"],
            update=leeds.updates.last(),
            reason="Wrong",
            narrative="x",
            rag=Rag.RED,
            percent_complete=1,
        )


def test_correcting_through_the_page_marks_the_original_corrected_in_the_history(client, setting):
    world, _plan, _action, leeds = setting
    update = UpdateFactory(assignment=leeds, narrative="Training for 420 handlers")
    client.force_login(world.leads["LEE"])
    url = reverse("plans:update_correct", kwargs={"pk": update.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "Training for 420 handlers" in page.content.decode()
    response = client.post(
        url,
        {
            "reason": "",
            "narrative": "Training for 42 handlers",
            "rag": "green",
            "percent_complete": "50",
        },
    )
    assert response.status_code == 400
    assert "Say what was wrong with the update" in response.content.decode()
    response = client.post(
        url,
        {
            "reason": "420 was a typing mistake",
            "narrative": "Training for 42 handlers",
            "rag": "green",
            "percent_complete": "50",
        },
    )
    assert response.status_code == 302
    history = client.get(reverse("plans:assignment", kwargs={"pk": leeds.pk})).content.decode()
    assert "<del>Training for 420 handlers</del>" in history
    assert "Corrected on" in history
    assert "420 was a typing mistake" in history
    # The corrected entry is no longer the latest: its page is gone; the correction's is there.
    assert client.get(url).status_code == 404
    correction = Update.objects.get(supersedes=update)
    assert f'href="{reverse("plans:update_correct", kwargs={"pk": correction.pk})}"' in history


def test_the_correction_page_costs_the_same_over_ten_times_the_updates(client):
    counts = []
    for n in (2, 20):
        world = force_world()
        plan = ActionPlanFactory(inspection=InspectionFactory(force=world.force))
        leeds = AssignmentFactory(action=ActionFactory(plan=plan), unit=world.unit("LEE"))
        for _ in range(n):
            latest = UpdateFactory(assignment=leeds)
        client.force_login(person_with_role(Role.COORDINATOR, organisation=world.force))
        url = reverse("plans:update_correct", kwargs={"pk": latest.pk})
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
