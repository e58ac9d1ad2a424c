"""Crafted POSTs to every plan write page: only the people the policy names get through; for
everyone else the page answers 404 and nothing is written."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assure.core.models import AuditEvent
from assure.inspections.tests.factories import InspectionFactory
from assure.plans.models import Evidence, Update
from assure.plans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AssignmentFactory,
    ClosureFactory,
    EvidenceFactory,
    EvidenceVersionFactory,
    force_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    world = force_world()
    plan = ActionPlanFactory(inspection=InspectionFactory(force=world.force))
    action = ActionFactory(plan=plan)
    leeds = AssignmentFactory(action=action, unit=world.unit("LEE"))
    evidence = EvidenceFactory(assignment=leeds, kind="note", title="Log")
    EvidenceVersionFactory(evidence=evidence, note="All done.")
    closure_on = AssignmentFactory(action=action, unit=world.unit("BRA"))
    closure = ClosureFactory(assignment=closure_on)
    return SimpleNamespace(
        world=world, plan=plan, action=action, leeds=leeds, evidence=evidence, closure=closure
    )


def writes(setting):
    """(url, data) for each write page, against the Leeds assignment and its action and plan."""
    plan, action, leeds, evidence = setting.plan, setting.action, setting.leeds, setting.evidence
    closure = setting.closure
    return {
        "update": (
            reverse("plans:update_add", kwargs={"pk": leeds.pk}),
            {"narrative": "Done", "rag": "green", "percent_complete": "100"},
        ),
        "evidence": (
            reverse("plans:evidence_add", kwargs={"pk": leeds.pk}),
            {"kind": "note", "title": "Minutes", "note": "Agreed."},
        ),
        "evidence_version": (
            reverse("plans:evidence_version_add", kwargs={"pk": evidence.pk}),
            {"note": "Updated."},
        ),
        "closure_propose": (
            reverse("plans:closure_propose", kwargs={"pk": leeds.pk}),
            {"summary": "Finished", "evidence": [evidence.pk]},
        ),
        "closure_decide": (
            reverse("plans:closure_decide", kwargs={"pk": closure.pk}),
            {"decision": "returned", "comment": "More, please."},
        ),
        "assign": (
            reverse("plans:action_assign", kwargs={"pk": action.pk}),
            {"every_district": "1"},
        ),
        "transition": (reverse("plans:plan_transition", kwargs={"pk": plan.pk}), {"to": "in_qa"}),
        "action_create": (
            reverse("plans:action_create", kwargs={"pk": plan.pk}),
            {"recommendation": action.recommendation_id, "title": "New"},
        ),
    }


# Who may use each write page; everyone else signed in gets 404.
ALLOWED = {
    "update": {"coordinator", "lead_LEE"},
    "evidence": {"coordinator", "lead_LEE"},
    "evidence_version": {"coordinator", "lead_LEE"},
    "closure_propose": {"coordinator", "lead_LEE"},
    "closure_decide": {"approver"},
    "assign": {"coordinator"},
    "transition": {"coordinator"},
    "action_create": {"coordinator"},
}
PEOPLE = [
    "coordinator",
    "approver",
    "board",
    "oversight",
    "inspector",
    "partner_user",
    "lead_LEE",
    "lead_BRA",
    "lead_HTCU",
]


def person(world, key):
    return world.leads[key.split("_")[1]] if key.startswith("lead_") else getattr(world, key)


@pytest.mark.parametrize("page", sorted(ALLOWED))
@pytest.mark.parametrize("who", PEOPLE)
def test_write_pages_answer_404_to_everyone_the_policy_does_not_name(client, setting, page, who):
    world = setting.world
    url, data = writes(setting)[page]
    client.force_login(person(world, who))
    before = AuditEvent.objects.count()
    response = client.post(url, data)
    if who in ALLOWED[page]:
        assert response.status_code == 302, (page, who, response.status_code)
        assert AuditEvent.objects.count() > before
    else:
        assert response.status_code == 404, (page, who, response.status_code)
        assert AuditEvent.objects.count() == before


def test_a_lead_cannot_attach_another_districts_evidence_to_a_closure(client, setting):
    bradford = setting.closure.assignment
    bradford_evidence = EvidenceFactory(assignment=bradford, kind="note", title="Theirs")
    client.force_login(setting.world.leads["LEE"])
    response = client.post(
        reverse("plans:closure_propose", kwargs={"pk": setting.leeds.pk}),
        {"summary": "Finished", "evidence": [bradford_evidence.pk]},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_a_file_over_20_mb_is_refused_with_a_message(client, setting):
    client.force_login(setting.world.leads["LEE"])
    content = b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024)
    big = SimpleUploadedFile("big.pdf", content, "application/pdf")
    response = client.post(
        reverse("plans:evidence_add", kwargs={"pk": setting.leeds.pk}),
        {"kind": "file", "title": "Big", "upload": big},
    )
    assert response.status_code == 400
    assert "smaller than 20MB" in response.content.decode()
    assert not Evidence.objects.filter(title="Big").exists()
    assert not Update.objects.exists()
