"""Synthetic action-plan data at national scale, written through bulk inserts.

Two shapes (docs/synthetic-data.md, "Plans at scale"):

- ``national(forces=43)``: the inspectorate's tracker: 43 forces, each with ten units and a
  person per role, four inspections of about 58 recommendations each (about 10,000 in all, on
  the same twelve themes so forces compare), one or two actions per recommendation assigned to
  every unit (about 150,000 assignments), three to ten updates each (about 1,000,000), some
  closures pending and some complete. Every force is linked to the demo's inspectorate, so the
  demo inspector sees them all, and a national inspector is added.
- ``big_plan(force, actions=10_000)``: one inspection of the given force whose plan holds that
  many actions, assigned to its districts: the demo's coordinator, unit leads and inspector see it.

Dates are relative to ``clock.today()`` so the data reads as a live plan on a pinned demo clock.
The same seed gives the same data. One audit event records each load.
"""

import datetime
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from assure.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    Unit,
    UnitKind,
    User,
)
from assure.core import audit, clock
from assure.core.service import service
from assure.inspections.models import Inspection, Recommendation, RecommendationStatus

from . import events, national_sql, permissions
from .models import Action, ActionPlan, Assignment, ClosureState, PlanStatus

THEMES = [
    "Missing children",
    "Child sexual exploitation",
    "Decision making",
    "Online child abuse",
    "Children in custody",
    "Supervision",
    "Information sharing",
    "Domestic abuse",
    "Strategy discussions",
    "Training",
    "Voice of the child",
    "Performance management",
]
DISTRICT_NAMES = ["North", "South", "East", "West", "Central", "City", "Valley", "Coast"]
RAGS = ["green"] * 10 + ["amber"] * 5 + ["red"] * 3 + ["grey"]
PASSWORD = "assure-synth-2015"  # noqa: S105 (synthetic people, documented like the demo's)
BATCH = 20_000


@dataclass
class Loaded:
    forces: int = 0
    inspections: int = 0
    recommendations: int = 0
    actions: int = 0
    assignments: int = 0
    updates: int = 0
    seconds: float = 0.0

    def describe(self) -> str:
        return (
            f"{self.forces} forces, {self.inspections} inspections, {self.recommendations:,} "
            f"recommendations, {self.actions:,} actions, {self.assignments:,} assignments, "
            f"{self.updates:,} updates in {self.seconds:.0f} s"
        )


def _plan_rows(
    rng: random.Random,
    inspection: Inspection,
    n_recs: int,
    actions_per_rec,
    units_for_action,
    today: datetime.date,
    loaded: Loaded,
    lead_for_unit: dict[int, int],
) -> None:
    """One inspection's recommendations, plan, actions, assignments and updates."""
    published = inspection.published_on
    recs = Recommendation.objects.bulk_create(
        [
            Recommendation(
                inspection=inspection,
                ref=f"R{i}",
                area=THEMES[(i - 1) % len(THEMES)],
                text=f"The force should improve its {THEMES[(i - 1) % len(THEMES)].lower()} "
                f"practice ({i}).",
                deadline_rule="within",
                deadline_amount=(months := rng.choice([3, 6, 12])),
                deadline_unit="months",
                due_on=published + datetime.timedelta(days=30 * months),
                status=RecommendationStatus.BEING_PROGRESSED,
                position=i,
            )
            for i in range(1, n_recs + 1)
        ],
        batch_size=BATCH,
    )
    loaded.recommendations += len(recs)
    plan = ActionPlan.objects.create(inspection=inspection, status=PlanStatus.IN_DELIVERY)
    actions = Action.objects.bulk_create(
        [
            Action(
                plan=plan,
                recommendation=rec,
                title=f"{rec.area}: action {k} for {rec.ref}",
                success_measure="Sustained improvement shown by audit",
                position=k,
            )
            for rec in recs
            for k in range(1, actions_per_rec(rec) + 1)
        ],
        batch_size=BATCH,
    )
    loaded.actions += len(actions)
    due_by_action = {a.pk: a.recommendation.due_on for a in actions}
    assignments = []
    for action in actions:
        for unit_id in units_for_action(action):
            due = due_by_action[action.pk]
            done = due < today and rng.random() < 0.35
            completed = due - datetime.timedelta(days=rng.randint(0, 40)) if done else None
            assignments.append(
                Assignment(
                    action=action,
                    unit_id=unit_id,
                    closure_state=ClosureState.COMPLETE if done else ClosureState.OPEN,
                    closure_approved_on=completed,
                    completed_on=completed,
                )
            )
    assignments = Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    loaded.assignments += len(assignments)
    loaded.updates += _updates(rng, assignments, published, today, lead_for_unit)
    _closures(rng, assignments, today)
    national_sql.refresh_tallies({a.recommendation_id for a in actions})


def refresh_statistics() -> None:
    """After a bulk load, let PostgreSQL's planner see the new table sizes now, not when
    autovacuum next gets to them: with the old counts it estimated 74 assignments where there
    were 5,696 and chose nested loops that made My work 336 ms instead of a few tens."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _updates(rng, assignments, published, today, lead_for_unit) -> int:
    """Three to ten updates per assignment between publication and yesterday, inserted with
    ``executemany`` in batches (model instances for a million rows cost more than the insert)."""
    span = max(1, (today - published).days - 1)
    start = timezone.make_aware(datetime.datetime.combine(published, datetime.time(9)))
    sql = (
        "INSERT INTO plans_update (assignment_id, sequence, author_id, author_label, created_at,"
        " narrative, rag, percent_complete, not_adopted_reason, correction_reason) VALUES (%s, %s,"
        " %s, %s, %s, %s, %s, %s, %s, '')"
    )
    adapt = connection.ops.adapt_datetimefield_value
    total = 0
    counts = []

    def rows() -> Iterator[tuple]:
        nonlocal total
        for a in assignments:
            n = rng.randint(3, 10)
            days = sorted(rng.sample(range(span), min(n, span)))
            rag = at = None
            for seq, day in enumerate(days, start=1):
                rag = rng.choice(RAGS)
                at = adapt(start + datetime.timedelta(days=day, minutes=seq))
                total += 1
                yield (
                    a.pk,
                    seq,
                    lead_for_unit.get(a.unit_id),
                    "Synthetic unit lead",
                    at,
                    f"Update {seq}: progress on {a.action_id} reviewed with the team.",
                    rag,
                    min(100, seq * 12),
                    "The regional process covers this." if rag == "grey" else "",
                )
            # Dated in sequence order, so the last written is the latest.
            counts.append((len(days), rag, at, len(days) or None, a.pk))

    with connection.cursor() as cursor:
        batch: list[tuple] = []
        for row in rows():
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
        cursor.executemany(
            "UPDATE plans_assignment SET update_count = %s, latest_rag = %s, latest_update_at = %s,"
            " latest_sequence = %s WHERE id = %s",
            counts,
        )
    return total


def _closures(rng, assignments, today) -> None:
    """A pending closure on about one open assignment in twenty."""
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(8)))
    sql = (
        "INSERT INTO plans_closure (assignment_id, proposed_at, summary, decision, comment,"
        " created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        (
            a.pk,
            adapt(now - datetime.timedelta(days=rng.randint(1, 60))),
            "Done; audit attached.",
            "pending",
            "",
            adapt(now),
            adapt(now),
        )
        for a in assignments
        if a.closure_state == ClosureState.OPEN and rng.random() < 0.05
    ]
    with connection.cursor() as cursor:
        for i in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[i : i + BATCH])
    ids = [r[0] for r in rows]
    for i in range(0, len(ids), 900):
        Assignment.objects.filter(pk__in=ids[i : i + 900]).update(
            closure_state=ClosureState.PROPOSED
        )


def _national_inspector(password: str, forces: list[Organisation]) -> None:
    inspectorate = Organisation.objects.filter(kind=OrganisationKind.INSPECTORATE).first()
    if inspectorate is None:
        inspectorate = Organisation.objects.create(
            name="HMIC national team", slug="hmic-national", kind=OrganisationKind.INSPECTORATE
        )
    inspectorate.forces.add(*forces)
    user, _ = User.objects.get_or_create(
        email="inspector@synth.assure.example",
        defaults={"full_name": "National Inspector", "password": password},
    )
    Membership.objects.get_or_create(
        user=user, organisation=inspectorate, unit=None, role=Role.INSPECTOR
    )


@service
def synthetic_national_load(*, actor, forces: int = 43, seed: int = 0) -> Loaded:
    """Add the national tracker data set (see the module's docstring). Refuses to run twice."""
    from assure.plans.services import _require

    _require(permissions.system(actor))
    began = time.perf_counter()
    rng = random.Random(seed)
    today = clock.today()
    password = make_password(PASSWORD)
    loaded = Loaded()
    slugs = [f"synth-force-{i:02d}" for i in range(1, forces + 1)]
    if Organisation.objects.filter(slug__in=slugs).exists():
        from django.core.exceptions import ValidationError

        raise ValidationError("The synthetic forces are there already: nothing added.")
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Synthetic Force {i:02d}", slug=s, kind=OrganisationKind.FORCE)
        for i, s in enumerate(slugs, start=1)
    )
    loaded.forces = len(orgs)
    units = Unit.objects.bulk_create(
        [
            Unit(organisation=org, kind=UnitKind.DISTRICT, code=name[:3].upper(), name=name)
            for org in orgs
            for name in DISTRICT_NAMES
        ]
        + [
            Unit(organisation=org, kind=kind, code=code, name=name)
            for org in orgs
            for kind, code, name in (
                (UnitKind.CENTRAL, "SGU", "Safeguarding Governance Unit"),
                (UnitKind.SPECIALIST, "HTCU", "High Tech Crime Unit"),
            )
        ]
    )
    units_by_org: dict[int, list[int]] = {}
    for u in units:
        units_by_org.setdefault(u.organisation_id, []).append(u.pk)
    people = User.objects.bulk_create(
        [
            User(
                email=f"coordinator@{org.slug}.assure.example",
                full_name="Coordinator",
                password=password,
            )
            for org in orgs
        ]
        + [
            User(
                email=f"lead.{u.code.lower()}@{u.organisation.slug}.assure.example",
                full_name=f"Lead, {u.name}",
                password=password,
            )
            for u in units
        ]
    )
    by_email = {p.email: p for p in people}
    Membership.objects.bulk_create(
        [
            Membership(
                user=by_email[f"coordinator@{org.slug}.assure.example"],
                organisation=org,
                role=Role.COORDINATOR,
            )
            for org in orgs
        ]
        + [
            Membership(
                user=by_email[f"lead.{u.code.lower()}@{u.organisation.slug}.assure.example"],
                organisation=u.organisation,
                unit=u,
                role=Role.UNIT_LEAD,
            )
            for u in units
        ]
    )
    lead_for_unit = {
        u.pk: by_email[f"lead.{u.code.lower()}@{u.organisation.slug}.assure.example"].pk
        for u in units
    }
    _national_inspector(password, orgs)
    recs_per_force = 10_000 // forces if forces else 0
    for org in orgs:
        for k in range(4):
            published = today - datetime.timedelta(days=rng.randint(90, 700))
            inspection = Inspection.objects.create(
                force=org,
                title=f"Child protection inspection {k + 1} of {org.name}",
                published_on=published,
            )
            loaded.inspections += 1
            unit_ids = units_by_org[org.pk]
            _plan_rows(
                rng,
                inspection,
                recs_per_force // 4,
                lambda rec: rng.choice([1, 2]),
                lambda action, unit_ids=unit_ids: unit_ids,
                today,
                loaded,
                lead_for_unit,
            )
    loaded.seconds = time.perf_counter() - began
    audit.record(
        actor=actor,
        event=events.SYNTHETIC_PLANS_LOADED,
        target=orgs[0] if orgs else None,
        changes={"forces": [None, loaded.forces], "assignments": [None, loaded.assignments]},
    )
    return loaded


@service
def synthetic_big_plan_load(*, actor, force: Organisation, actions: int = 10_000, seed: int = 0):
    """Add one inspection to ``force`` whose plan holds ``actions`` actions (50 per
    recommendation), each assigned to one or two of its districts."""
    from assure.plans.services import _require

    _require(permissions.system(actor))
    began = time.perf_counter()
    rng = random.Random(seed)
    today = clock.today()
    loaded = Loaded(forces=1, inspections=1)
    districts = list(
        Unit.objects.filter(organisation=force, kind=UnitKind.DISTRICT).values_list("pk", flat=True)
    )
    if not districts:
        from django.core.exceptions import ValidationError

        raise ValidationError(f"{force} has no districts to assign the actions to.")
    leads = dict(
        Membership.objects.filter(
            organisation=force, role=Role.UNIT_LEAD, unit_id__in=districts
        ).values_list("unit_id", "user_id")
    )
    per_rec = 50
    inspection = Inspection.objects.create(
        force=force,
        title=f"National child protection re-inspection ({actions:,} actions)",
        published_on=today - datetime.timedelta(days=200),
    )
    _plan_rows(
        rng,
        inspection,
        max(1, -(-actions // per_rec)),
        lambda rec: per_rec if rec.position * per_rec <= actions else actions % per_rec,
        lambda action: rng.sample(districts, min(len(districts), rng.choice([1, 1, 2]))),
        today,
        loaded,
        leads,
    )
    loaded.seconds = time.perf_counter() - began
    audit.record(
        actor=actor,
        event=events.SYNTHETIC_PLANS_LOADED,
        target=inspection,
        organisation=force,
        changes={"actions": [None, loaded.actions], "assignments": [None, loaded.assignments]},
    )
    return loaded
