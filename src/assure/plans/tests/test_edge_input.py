"""No 500s on edge values (issue 8 item 5): far dates, long accented file names, and whatever
hypothesis generates for each plan form, posted as the person allowed to use it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assure.accounts.models import Organisation
from assure.core.models import AuditEvent
from assure.inspections.tests.factories import InspectionFactory
from assure.plans.models import (
    Action,
    Assignment,
    Closure,
    Evidence,
    EvidenceVersion,
    PlanStatusChange,
    Update,
)
from assure.plans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AssignmentFactory,
    ClosureFactory,
    EvidenceFactory,
    force_world,
)
from assure.plans.uploads import MAX_NAME_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    world = force_world(names=("Leeds", "Bradford"))
    plan = ActionPlanFactory(inspection=InspectionFactory(force=world.force), status="in_delivery")
    action = ActionFactory(plan=plan)
    leeds = AssignmentFactory(action=action, unit=world.unit("LEE"))
    return world, plan, action, leeds


def test_a_plan_as_at_the_last_day_python_knows_is_a_page_not_a_500(client, scene):
    world, plan, _, _ = scene
    client.force_login(world.coordinator)
    url = reverse("plans:plan", kwargs={"pk": plan.pk})
    for day in ("9999-12-31", "0001-01-01", "2015-02-30", "99999-01-01"):
        assert client.get(url, {"as_of": day}).status_code == 200, day


def test_a_publication_date_of_9999_12_31_is_refused_on_the_inspection_form(client, scene):
    world, _, _, _ = scene
    client.force_login(world.coordinator)
    response = client.post(
        reverse("inspections:create"),
        {
            "force": world.force.pk,
            "title": "Far future",
            "body": "HMIC",
            "published_on": "9999-12-31",
        },
    )
    assert response.status_code in (200, 400)
    assert "The publication date must be between 1990 and 2100" in response.content.decode()


def test_an_evidence_file_named_with_200_accented_letters_is_kept_within_255_bytes(client, scene):
    world, _, _, leeds = scene
    client.force_login(world.leads["LEE"])
    for name in ("é" * 200 + ".txt", "e\u0301" * 200 + ".TXT", "日本" * 150 + ".csv"):
        response = client.post(
            reverse("plans:evidence_add", kwargs={"pk": leeds.pk}),
            {"kind": "file", "title": "", "upload": SimpleUploadedFile(name, b"a,b\n1,2\n")},
        )
        assert response.status_code == 302, name
        kept = EvidenceVersion.objects.order_by("-pk").first()
        assert len(kept.filename.encode()) <= MAX_NAME_BYTES
        assert kept.filename.endswith(name[-4:])
        assert len(Evidence.objects.order_by("-pk").first().title) <= 300


# Every plan form, fuzzed ----------------------------------------------------------------------

TEXT = st.text(max_size=400) | st.sampled_from(["", " ", "\x00", "9" * 30, "é" * 300])
NUMBER = st.integers(-(10**20), 10**20).map(str) | TEXT
DAY = (
    st.dates().map(str)
    | st.sampled_from(["9999-12-31", "0001-01-01", "2015-02-30", "31/12/2015"])
    | TEXT
)
ROWS = (Action, Assignment, Update, Evidence, EvidenceVersion, Closure, PlanStatusChange)


def _counts():
    return [m.objects.count() for m in ROWS] + [AuditEvent.objects.count()]


def _post(client, url, data):
    before = _counts()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    after = _counts()
    if response.status_code != 302:  # refused on the page: nothing at all written
        assert after == before, (url, data)
    elif after[:-1] != before[:-1]:  # written whole: with its audit event
        assert after[-1] > before[-1], (url, data)


FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(narrative=TEXT, rag=TEXT | st.sampled_from(["red", "grey"]), pct=NUMBER, why=TEXT)
def test_the_update_form_never_500s(scene, narrative, rag, pct, why):
    world, _, _, leeds = scene
    client = Client()
    client.force_login(world.leads["LEE"])
    url = reverse("plans:update_add", kwargs={"pk": leeds.pk})
    data = {"narrative": narrative, "rag": rag, "percent_complete": pct, "not_adopted_reason": why}
    _post(client, url, data)


@FUZZ
@given(kind=TEXT | st.sampled_from(["note", "link"]), title=TEXT, url=TEXT, note=TEXT)
def test_the_evidence_form_never_500s(scene, kind, title, url, note):
    world, _, _, leeds = scene
    client = Client()
    client.force_login(world.leads["LEE"])
    page = reverse("plans:evidence_add", kwargs={"pk": leeds.pk})
    _post(client, page, {"kind": kind, "title": title, "url": url, "note": note})


@FUZZ
@given(summary=TEXT, evidence=st.lists(NUMBER, max_size=3))
def test_the_closure_proposal_form_never_500s(scene, summary, evidence):
    world, _, _, leeds = scene
    mine = EvidenceFactory(assignment=leeds)
    client = Client()
    client.force_login(world.leads["LEE"])
    page = reverse("plans:closure_propose", kwargs={"pk": leeds.pk})
    _post(client, page, {"summary": summary, "evidence": [*evidence, str(mine.pk)]})


@FUZZ
@given(
    decision=TEXT | st.sampled_from(["approved", "returned"]),
    months=NUMBER,
    comment=TEXT,
    confirmed=st.sampled_from(["", "1"]),
)
def test_the_closure_decision_form_never_500s(scene, decision, months, comment, confirmed):
    world, _, action, _ = scene
    closure = ClosureFactory(assignment=AssignmentFactory(action=action))
    client = Client()
    client.force_login(world.approver)
    page = reverse("plans:closure_decide", kwargs={"pk": closure.pk})
    data = {
        "decision": decision,
        "demonstration_months": months,
        "comment": comment,
        "confirmed": confirmed,
    }
    _post(client, page, data)


@FUZZ
@given(title=TEXT, description=TEXT, measure=TEXT, due=DAY, lead=NUMBER, partners=NUMBER)
def test_the_action_form_never_500s(scene, title, description, measure, due, lead, partners):
    world, plan, action, _ = scene
    client = Client()
    client.force_login(world.coordinator)
    data = {
        "recommendation": action.recommendation_id,
        "title": title,
        "description": description,
        "success_measure": measure,
        "due_on": due,
        "lead": lead,
        "partners": [partners, str(Organisation.objects.filter(kind="partner_agency")[0].pk)],
    }
    _post(client, reverse("plans:action_create", kwargs={"pk": plan.pk}), data)
    _post(client, reverse("plans:action_edit", kwargs={"pk": action.pk}), data)


@FUZZ
@given(unit=NUMBER, due=DAY, every=st.booleans())
def test_the_assign_form_never_500s(scene, unit, due, every):
    world, _, action, _ = scene
    client = Client()
    client.force_login(world.coordinator)
    data = {"unit": unit, "due_on": due}
    if every:
        data["every_district"] = "1"
    _post(client, reverse("plans:action_assign", kwargs={"pk": action.pk}), data)


@FUZZ
@given(to=TEXT | st.sampled_from(["in_qa", "closed"]), seen=TEXT, note=TEXT, reason=TEXT)
def test_the_plan_status_and_reopen_forms_never_500(scene, to, seen, note, reason):
    world, plan, _, _ = scene
    client = Client()
    client.force_login(world.coordinator)
    data = {"to": to, "seen": seen, "note": note, "confirmed": "True"}
    client_post = client.post(reverse("plans:plan_transition", kwargs={"pk": plan.pk}), data)
    assert client_post.status_code < 500
    _post(client, reverse("plans:plan_reopen", kwargs={"pk": plan.pk}), {"reason": reason})


def test_a_due_date_outside_the_range_is_refused_with_a_message(client, scene):
    world, plan, action, _ = scene
    client.force_login(world.coordinator)
    response = client.post(
        reverse("plans:action_create", kwargs={"pk": plan.pk}),
        {"recommendation": action.recommendation_id, "title": "Far", "due_on": "9999-12-31"},
    )
    assert "The due date must be between 1990 and 2100" in response.content.decode()
    assert datetime.date(9999, 12, 31) not in Action.objects.values_list(
        "due_on_override", flat=True
    )


def test_an_id_too_large_for_the_database_is_an_invalid_choice_not_a_500(client, scene):
    world, _, _, leeds = scene
    client.force_login(world.leads["LEE"])
    response = client.post(
        reverse("plans:closure_propose", kwargs={"pk": leeds.pk}),
        {"summary": "Done", "evidence": ["9" * 30]},
    )
    assert response.status_code == 400
