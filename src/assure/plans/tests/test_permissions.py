"""Who sees and changes which parts of a plan: unit leads their own unit's work, partners only
the actions that name them, readers of the force everything but nothing to change, and people of
other forces nothing at all."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from assure.accounts.models import OrganisationKind, Role, UnitKind
from assure.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UnitFactory,
    person_with_role,
)
from assure.inspections.tests.factories import InspectionFactory
from assure.plans import selectors, services
from assure.plans.models import Assignment, EvidenceKind, Rag, UpdateRequest
from assure.plans.permissions import (
    actionable_condition,
    actions_visible_to,
    assignments_actionable_by,
    assignments_visible_to,
    can_update_assignment,
    plans_visible_to,
)
from assure.plans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AssignmentFactory,
    EvidenceFactory,
    force_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return force_world()


@pytest.fixture
def scene(world):
    """A plan with a police-only action (Leeds and Bradford deliver it) and a joint action naming
    the partner agency (Leeds and the partner's own unit deliver it)."""
    plan = ActionPlanFactory(inspection=InspectionFactory(force=world.force))
    police = ActionFactory(plan=plan, title="Police only")
    joint = ActionFactory(plan=plan, title="Joint", partners=[world.partner])
    return {
        "plan": plan,
        "police": police,
        "joint": joint,
        "police.leeds": AssignmentFactory(action=police, unit=world.unit("LEE")),
        "police.bradford": AssignmentFactory(action=police, unit=world.unit("BRA")),
        "joint.leeds": AssignmentFactory(action=joint, unit=world.unit("LEE")),
        "joint.partner": AssignmentFactory(action=joint, unit=world.partner_unit),
    }


def update(assignment, actor):
    return services.update_add(
        actor=actor, assignment=assignment, narrative="Done", rag=Rag.GREEN, percent_complete=10
    )


def add_note(assignment, actor):
    return services.evidence_add(
        actor=actor, assignment=assignment, kind=EvidenceKind.NOTE, title="Note", note="A note"
    )


def propose(assignment, actor, evidence):
    return services.closure_propose(
        actor=actor, assignment=assignment, summary="Finished", evidence=[evidence]
    )


def assert_cannot_touch(assignment, actor):
    """Every write a unit makes on an assignment is refused, and nothing is written."""
    evidence = EvidenceFactory(assignment=assignment)
    evidence_count = assignment.evidence.count()
    with pytest.raises(PermissionDenied):
        update(assignment, actor)
    with pytest.raises(PermissionDenied):
        add_note(assignment, actor)
    with pytest.raises(PermissionDenied):
        services.evidence_version_add(actor=actor, evidence=evidence, note="Changed")
    with pytest.raises(PermissionDenied):
        propose(assignment, actor, evidence)
    assignment.refresh_from_db()
    assert assignment.update_count == 0
    assert not assignment.updates.exists()
    assert assignment.evidence.count() == evidence_count
    assert evidence.versions.count() == 1
    assert not assignment.closures.exists()


# Unit leads ------------------------------------------------------------------------------------


def test_a_district_lead_works_on_their_own_units_assignments(world, scene):
    lead = world.leads["LEE"]
    for key in ("police.leeds", "joint.leeds"):
        assignment = scene[key]
        update(assignment, lead)
        evidence = add_note(assignment, lead)
        propose(assignment, lead, evidence)
        assert assignment.updates.count() == 1


def test_a_district_lead_cannot_touch_another_districts_assignment(world, scene):
    assert_cannot_touch(scene["police.bradford"], world.leads["LEE"])


def test_a_district_lead_cannot_touch_a_partners_assignment(world, scene):
    assert_cannot_touch(scene["joint.partner"], world.leads["LEE"])


def test_a_central_unit_lead_is_not_a_coordinator(world, scene):
    assert_cannot_touch(scene["police.leeds"], world.leads["SCGU"])


def test_the_coordinator_works_on_any_assignment_in_the_force(world, scene):
    for key in ("police.leeds", "police.bradford", "joint.partner"):
        update(scene[key], world.coordinator)
        assert scene[key].updates.count() == 1


# Partners --------------------------------------------------------------------------------------


def test_a_partner_sees_only_actions_that_name_their_agency(world, scene):
    partner = world.partner_user
    assert list(actions_visible_to(partner)) == [scene["joint"]]
    assert set(assignments_visible_to(partner)) == {scene["joint.leeds"], scene["joint.partner"]}
    with pytest.raises(Http404):
        selectors.assignment_for(partner, scene["police.leeds"].pk)
    assert selectors.assignment_for(partner, scene["joint.partner"].pk) == scene["joint.partner"]


def test_a_partner_updates_only_its_own_units_assignment_on_an_action_naming_it(world, scene):
    partner = world.partner_user
    update(scene["joint.partner"], partner)
    evidence = add_note(scene["joint.partner"], partner)
    propose(scene["joint.partner"], partner, evidence)
    # It reads the Leeds district's part of the joint action, but it is not theirs to change.
    assert_cannot_touch(scene["joint.leeds"], partner)
    assert_cannot_touch(scene["police.leeds"], partner)


def test_a_partner_dropped_from_an_action_loses_sight_and_hands_of_it(world, scene):
    joint = scene["joint"]
    services.action_update(
        actor=world.coordinator,
        action=joint,
        recommendation=joint.recommendation,
        title=joint.title,
        description=joint.description,
        success_measure=joint.success_measure,
        lead=None,
        partners=[],
        due_on=joint.due_on,
    )
    partner = world.partner_user
    assert not actions_visible_to(partner).exists()
    assert not assignments_visible_to(partner).exists()
    assert not can_update_assignment(partner, scene["joint.partner"])


def test_another_partner_agency_sees_nothing_of_an_action_naming_someone_else(world, scene):
    other = OrganisationFactory(kind=OrganisationKind.PARTNER_AGENCY, forces=[world.force])
    stranger = person_with_role(Role.PARTNER, organisation=other)
    assert not actions_visible_to(stranger).exists()
    assert not assignments_visible_to(stranger).exists()
    assert_cannot_touch(scene["joint.partner"], stranger)


def test_a_partner_named_twice_sees_each_assignment_once(world, scene):
    # Two memberships in two named partner agencies must not duplicate rows.
    second = OrganisationFactory(kind=OrganisationKind.PARTNER_AGENCY, forces=[world.force])
    scene["joint"].partners.add(second)
    person = world.partner_user
    MembershipFactory(user=person, organisation=second, role=Role.PARTNER)
    person = type(person).objects.get(pk=person.pk)  # drop the cached memberships
    assert actions_visible_to(person).count() == 1
    assert assignments_visible_to(person).count() == 2


# Readers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["oversight", "board", "inspector", "approver"])
def test_readers_of_the_force_see_the_whole_plan_but_change_nothing(world, scene, who):
    reader = getattr(world, who)
    assert list(plans_visible_to(reader)) == [scene["plan"]]
    assert set(actions_visible_to(reader)) == {scene["police"], scene["joint"]}
    assert assignments_visible_to(reader).count() == 4
    assert selectors.plan_for(reader, scene["plan"].pk) == scene["plan"]
    for key in ("police.leeds", "joint.partner"):
        assert_cannot_touch(scene[key], reader)


def test_people_of_another_force_see_nothing_of_this_one(world, scene):
    other_force = OrganisationFactory(kind=OrganisationKind.FORCE)
    other_inspectorate = OrganisationFactory(
        kind=OrganisationKind.INSPECTORATE, forces=[other_force]
    )
    other_pcc = OrganisationFactory(kind=OrganisationKind.PCC_OFFICE, forces=[other_force])
    strangers = [
        person_with_role(Role.COORDINATOR, organisation=other_force),
        person_with_role(Role.APPROVER, organisation=other_force),
        person_with_role(
            Role.UNIT_LEAD, unit=UnitFactory(organisation=other_force, kind=UnitKind.DISTRICT)
        ),
        person_with_role(Role.INSPECTOR, organisation=other_inspectorate),
        person_with_role(Role.OVERSIGHT, organisation=other_pcc),
    ]
    for stranger in strangers:
        assert not plans_visible_to(stranger).exists()
        assert not actions_visible_to(stranger).exists()
        assert not assignments_visible_to(stranger).exists()
        with pytest.raises(Http404):
            selectors.plan_for(stranger, scene["plan"].pk)
        with pytest.raises(Http404):
            selectors.assignment_for(stranger, scene["police.leeds"].pk)
        assert_cannot_touch(scene["police.leeds"], stranger)


def test_a_unit_lead_reads_the_whole_force_to_compare_units(world, scene):
    lead = world.leads["BRA"]
    assert list(plans_visible_to(lead)) == [scene["plan"]]
    assert assignments_visible_to(lead).count() == 4


def test_the_row_condition_for_my_work_keeps_exactly_the_assignments_its_queryset_does(
    world, scene
):
    """Open update requests are found with ``actionable_condition`` (a test on each row), My
    work's rows with ``assignments_actionable_by`` (a union of index reads): the two must agree
    for everyone, a partner, a lead of an action and a coordinator included."""
    ActionFactory(plan=scene["plan"], title="Led", lead=world.leads["BRA"])
    led = AssignmentFactory(action=scene["plan"].actions.get(title="Led"), unit=world.unit("LEE"))
    other_force = force_world()
    elsewhere = AssignmentFactory(
        action=ActionFactory(plan=ActionPlanFactory(inspection=InspectionFactory(
            force=other_force.force)), partners=[world.partner]),
        unit=other_force.unit("LEE"),
    )  # fmt: skip
    for i, assignment in enumerate(Assignment.objects.all()):
        UpdateRequest.objects.create(
            assignment=assignment,
            requested_on=datetime.date(2015, 6, 1),
            due_back_on=datetime.date(2015, 6, 15),
            # One answered: never an open request, whoever asks.
            answered_at=datetime.datetime(2015, 6, 2, tzinfo=datetime.UTC) if i == 0 else None,
        )
    people = [
        world.coordinator, world.approver, world.board, world.oversight, world.inspector,
        world.partner_user, *world.leads.values(), other_force.coordinator,
    ]  # fmt: skip
    answered = UpdateRequest.objects.get(answered_at__isnull=False).assignment_id
    for person in people:
        expected = set(assignments_actionable_by(person).values_list("pk", flat=True))
        by_row = set(
            Assignment.objects.filter(actionable_condition(person, via="")).values_list(
                "pk", flat=True
            )
        )
        assert by_row == expected, person
        requests = set(selectors.open_requests(person).values_list("assignment_id", flat=True))
        assert requests == expected - {answered}, person
    assert led.pk in set(assignments_actionable_by(world.leads["BRA"]).values_list("pk", flat=True))
    assert elsewhere.pk in set(
        assignments_actionable_by(other_force.coordinator).values_list("pk", flat=True)
    )
