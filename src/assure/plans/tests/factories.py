"""Factories for action plans and everything under them, and builders for whole worlds.

The factories write rows directly (no services, no audit events): use them to set the scene and
call the service under test. Three builders go further:

- ``force_with_districts(names)``: a force with one district unit per name (plus, by default, its
  central Safeguarding Governance Unit and its High Tech Crime Unit), like the demo's West
  Yorkshire. ``force, units = force_with_districts()``; ``.districts``, ``.central``,
  ``.specialist`` and ``.by_code["LEE"]`` name them.
- ``force_world()``: that force with a partner agency and one person in every role (coordinator,
  approver, board member, PCC office, inspector, partner, a lead for every unit).
- ``plan_with_assignments(n_recommendations, n_districts, n_updates)``: a plan in delivery with
  one action per recommendation, each assigned to every district, each assignment carrying
  ``n_updates`` updates. It writes with a fixed number of bulk inserts whatever the sizes, so a
  query-count test can build "ten times the data" cheaply:

      small = plan_with_assignments(2, 2, 1)
      big = plan_with_assignments(20, 10, 5)
      # the page for big.plan must cost as many queries as the page for small.plan
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

import factory
from django.utils import timezone

from assure.accounts.demo import DISTRICTS
from assure.accounts.models import Organisation, OrganisationKind, Role, Unit, UnitKind, User
from assure.accounts.tests.factories import OrganisationFactory, UnitFactory, person_with_role
from assure.inspections.deadlines import DeadlineRule, resolve_due_on
from assure.inspections.models import Inspection, Recommendation, RecommendationStatus
from assure.inspections.tests.factories import (
    DEFAULT_PUBLISHED_ON,
    InspectionFactory,
    RecommendationFactory,
)
from assure.plans import national_sql, standing_sql
from assure.plans.models import (
    Action,
    ActionPlan,
    Assignment,
    Closure,
    ClosureDecision,
    ClosureState,
    Evidence,
    EvidenceKind,
    EvidenceVersion,
    PlanStatus,
    Rag,
    Update,
)

# Factories -------------------------------------------------------------------------------------


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    inspection = factory.SubFactory(InspectionFactory)
    status = PlanStatus.DRAFT


class ActionFactory(factory.django.DjangoModelFactory):
    """An action on a recommendation of its plan's inspection, due when the recommendation is.
    ``partners=[org, ...]`` names partner agencies."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    recommendation = factory.SubFactory(
        RecommendationFactory, inspection=factory.SelfAttribute("..plan.inspection")
    )
    title = factory.Sequence(lambda n: f"Review missing-children practice ({n})")
    description = ""
    success_measure = "Every return interview held within 72 hours"
    lead = None
    due_on_override = None  # due when its recommendation is
    position = 1

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An action delivered by one unit; by default a new district of the plan's force."""

    class Meta:
        model = Assignment

    action = factory.SubFactory(ActionFactory)
    unit = factory.SubFactory(
        UnitFactory, organisation=factory.SelfAttribute("..action.plan.inspection.force")
    )
    due_on_override = None  # due when its action is
    closure_state = ClosureState.OPEN

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        assignment = super()._create(model_class, *args, **kwargs)
        national_sql.refresh_tallies([assignment.action.recommendation_id])
        return assignment


class UpdateFactory(factory.django.DjangoModelFactory):
    """The assignment's next update: numbered after its last one, and its ``update_count`` kept
    in step (in the database and on the instance passed in), as ``update_add`` would."""

    class Meta:
        model = Update

    assignment = factory.SubFactory(AssignmentFactory)
    sequence = factory.LazyAttribute(lambda o: o.assignment.update_count + 1)
    author = None
    author_label = "Test author"
    created_at = factory.LazyFunction(timezone.now)
    narrative = factory.Sequence(lambda n: f"Progress report {n}.")
    rag = Rag.GREEN
    percent_complete = 50
    not_adopted_reason = factory.LazyAttribute(
        lambda o: "The force uses the regional process instead." if o.rag == Rag.GREY else ""
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        update = super()._create(model_class, *args, **kwargs)
        assignment = update.assignment
        assignment.update_count = max(assignment.update_count, update.sequence)
        kept = Assignment.objects.filter(pk=assignment.pk)
        kept.update(update_count=assignment.update_count)
        standing_sql.refresh_latest([assignment.pk])
        national_sql.refresh_tallies([assignment.action.recommendation_id])
        assignment.latest_rag, assignment.latest_update_at, assignment.latest_sequence = (
            kept.values_list("latest_rag", "latest_update_at", "latest_sequence").get()
        )
        return update


class EvidenceFactory(factory.django.DjangoModelFactory):
    """Evidence with its first version: a note by default; ``kind=EvidenceKind.LINK`` gives a
    link. (For a file, call ``evidence_add`` with an upload: it is what checks files.)"""

    class Meta:
        model = Evidence
        skip_postgeneration_save = True

    assignment = factory.SubFactory(AssignmentFactory)
    kind = EvidenceKind.NOTE
    title = factory.Sequence(lambda n: f"Audit of 20 cases ({n})")
    created_by = None

    @factory.post_generation
    def first_version(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EvidenceVersionFactory(evidence=self, version=1)


class EvidenceVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceVersion

    evidence = factory.SubFactory(EvidenceFactory, first_version=False)
    version = factory.LazyAttribute(lambda o: o.evidence.versions.count() + 1)
    url = factory.LazyAttribute(
        lambda o: (
            "https://intranet.example.org/audit" if o.evidence.kind == EvidenceKind.LINK else ""
        )
    )
    note = factory.LazyAttribute(
        lambda o: (
            "Dip-sample of 20 cases found all compliant."
            if o.evidence.kind == EvidenceKind.NOTE
            else ""
        )
    )
    created_by = None
    created_at = factory.LazyFunction(timezone.now)


class ClosureFactory(factory.django.DjangoModelFactory):
    """A closure proposal awaiting a decision, with one note as its evidence (or pass
    ``evidence=[...]``). A pending closure marks its assignment as proposed, as
    ``closure_propose`` would."""

    class Meta:
        model = Closure
        skip_postgeneration_save = True

    assignment = factory.SubFactory(AssignmentFactory)
    proposed_by = None
    proposed_at = factory.LazyFunction(timezone.now)
    summary = "All staff trained; audit shows sustained compliance."
    decision = ClosureDecision.PENDING

    @factory.post_generation
    def evidence(self, create, extracted, **kwargs):
        if not create:
            return
        items = (
            extracted if extracted is not None else [EvidenceFactory(assignment=self.assignment)]
        )
        self.evidence.set(items)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        closure = super()._create(model_class, *args, **kwargs)
        if closure.decision == ClosureDecision.PENDING:
            assignment = closure.assignment
            assignment.closure_state = ClosureState.PROPOSED
            Assignment.objects.filter(pk=assignment.pk).update(closure_state=ClosureState.PROPOSED)
        return closure


# Builders --------------------------------------------------------------------------------------


class ForceUnits(NamedTuple):
    """A force and its units: districts in the order named, then the central and specialist
    units when they were asked for. Unpacks as ``force, units``."""

    force: Organisation
    units: list[Unit]

    @property
    def districts(self) -> list[Unit]:
        return [u for u in self.units if u.kind == UnitKind.DISTRICT]

    @property
    def central(self) -> Unit | None:
        return next((u for u in self.units if u.kind == UnitKind.CENTRAL), None)

    @property
    def specialist(self) -> Unit | None:
        return next((u for u in self.units if u.kind == UnitKind.SPECIALIST), None)

    @property
    def by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}


def district_names(n: int) -> list[str]:
    """The five West Yorkshire districts, then "District 6", "District 7", ..."""
    return [*DISTRICTS[:n], *(f"District {i}" for i in range(len(DISTRICTS) + 1, n + 1))]


def force_with_districts(
    names=tuple(DISTRICTS), *, central: bool = True, specialist: bool = True, force=None
) -> ForceUnits:
    """A force (new unless given) with a district unit per name — code the first three letters
    in capitals ("LEE"), or "D<n>" for names that would clash — plus, by default, "SCGU" (central)
    and "HTCU" (specialist). One insert for all the units."""
    force = force or OrganisationFactory(kind=OrganisationKind.FORCE)
    units, codes = [], set()
    for i, name in enumerate(names, start=1):
        code = name[:3].upper()
        if code in codes:
            code = f"D{i}"
        codes.add(code)
        units.append(Unit(organisation=force, kind=UnitKind.DISTRICT, code=code, name=name))
    if central:
        units.append(
            Unit(
                organisation=force,
                kind=UnitKind.CENTRAL,
                code="SCGU",
                name="Safeguarding Central Governance Unit",
            )
        )
    if specialist:
        units.append(
            Unit(
                organisation=force,
                kind=UnitKind.SPECIALIST,
                code="HTCU",
                name="High Tech Crime Unit",
            )
        )
    return ForceUnits(force, Unit.objects.bulk_create(units))


@dataclass
class World:
    """A force with its units, a partner agency working with it, and a person in every role."""

    force_units: ForceUnits
    partner: Organisation
    partner_unit: Unit
    coordinator: User
    approver: User
    board: User
    oversight: User
    inspector: User
    partner_user: User
    leads: dict[str, User] = field(default_factory=dict)  # by unit code

    @property
    def force(self) -> Organisation:
        return self.force_units.force

    def unit(self, code: str) -> Unit:
        return self.force_units.by_code[code]


def force_world(names=tuple(DISTRICTS)) -> World:
    force_units = force_with_districts(names)
    force = force_units.force
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER_AGENCY, forces=[force])
    partner_unit = UnitFactory(organisation=partner, kind=UnitKind.PARTNER, code="CS")
    pcc = OrganisationFactory(kind=OrganisationKind.PCC_OFFICE, forces=[force])
    inspectorate = OrganisationFactory(kind=OrganisationKind.INSPECTORATE, forces=[force])
    return World(
        force_units=force_units,
        partner=partner,
        partner_unit=partner_unit,
        coordinator=person_with_role(Role.COORDINATOR, organisation=force),
        approver=person_with_role(Role.APPROVER, organisation=force),
        board=person_with_role(Role.BOARD_MEMBER, organisation=force),
        oversight=person_with_role(Role.OVERSIGHT, organisation=pcc),
        inspector=person_with_role(Role.INSPECTOR, organisation=inspectorate),
        partner_user=person_with_role(Role.PARTNER, organisation=partner),
        leads={u.code: person_with_role(Role.UNIT_LEAD, unit=u) for u in force_units.units},
    )


@dataclass
class PlanData:
    plan: ActionPlan
    force_units: ForceUnits
    recommendations: list[Recommendation]
    actions: list[Action]
    assignments: list[Assignment]

    @property
    def force(self) -> Organisation:
        return self.force_units.force

    @property
    def inspection(self) -> Inspection:
        return self.plan.inspection


RAG_CYCLE = [Rag.GREEN, Rag.AMBER, Rag.RED]
THREE_MONTHS = DeadlineRule("within", 3, "months")


def plan_with_assignments(
    n_recommendations: int = 3,
    n_districts: int = 5,
    n_updates: int = 2,
    *,
    force_units: ForceUnits | None = None,
    published_on: datetime.date | None = DEFAULT_PUBLISHED_ON,
    deadline: DeadlineRule = THREE_MONTHS,
    status: PlanStatus = PlanStatus.IN_DELIVERY,
    first_update_at: datetime.datetime | None = None,
) -> PlanData:
    """A plan of a given size, written in a fixed number of queries (one bulk insert per table).

    - ``n_recommendations`` recommendations ("R1", "R2", ...) on a new inspection of the force,
      each with ``deadline`` resolved from ``published_on``, status "being progressed" when
      they have assignments;
    - one action per recommendation, due when its recommendation is;
    - one assignment per (action, district) — a new force with ``n_districts`` districts (plus
      its central and specialist units, unassigned) unless ``force_units`` is given, in which
      case its districts are used and ``n_districts`` is ignored;
    - ``n_updates`` updates per assignment, numbered 1..n a week apart from ``first_update_at``
      (default 2 March 2015 09:00 UTC), the assignments' latest RAGs cycling green, amber, red
      so pages show a mix, and ``update_count`` set to match.

    Nothing is audited: this builds scenery for reads (selectors, pages, query counts).
    """
    force_units = force_units or force_with_districts(district_names(n_districts))
    districts = force_units.districts
    inspection = InspectionFactory(force=force_units.force, published_on=published_on)
    plan = ActionPlanFactory(inspection=inspection, status=status)
    due_on = resolve_due_on(deadline, published_on)
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            inspection=inspection,
            ref=f"R{i}",
            area="MISPERs" if i % 2 else "Decision making",
            text=f"Within {deadline.describe()}, the force should ... ({i}).",
            deadline_rule=deadline.rule,
            deadline_amount=deadline.amount,
            deadline_unit=deadline.unit,
            deadline_date=deadline.date,
            deadline_inherited=deadline.inherited,
            due_on=due_on,
            status=RecommendationStatus.BEING_PROGRESSED
            if districts
            else RecommendationStatus.AWAITING_REVIEW,
            position=i,
        )
        for i in range(1, n_recommendations + 1)
    )
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            recommendation=rec,
            title=f"Action for {rec.ref}",
            success_measure="Sustained improvement in the indicator",
            position=1,
        )
        for rec in recommendations
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(action=action, unit=unit, update_count=n_updates)
        for action in actions
        for unit in districts
    )
    start = first_update_at or datetime.datetime(2015, 3, 2, 9, 0, tzinfo=datetime.UTC)
    Update.objects.bulk_create(
        Update(
            assignment=assignment,
            sequence=seq,
            author_label="Test author",
            created_at=start + datetime.timedelta(weeks=seq - 1),
            narrative=f"Update {seq} on {assignment.unit.name}.",
            rag=RAG_CYCLE[(index + n_updates - seq) % len(RAG_CYCLE)],
            percent_complete=min(100, 20 * seq),
        )
        for index, assignment in enumerate(assignments)
        for seq in range(1, n_updates + 1)
    )
    standing_sql.refresh_latest([a.pk for a in assignments])
    national_sql.refresh_tallies([r.pk for r in recommendations])
    return PlanData(plan, force_units, recommendations, actions, assignments)
