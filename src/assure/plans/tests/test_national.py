"""The inspectorate's national view: every covered force's recommendations in one place, where
each theme stands across forces, one theme compared force by force, and nothing of a force the
inspector does not cover."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.accounts.models import OrganisationKind, Role
from assure.accounts.tests.factories import OrganisationFactory, person_with_role
from assure.plans import national_sql, selectors
from assure.plans.models import Assignment, ClosureState
from assure.plans.tests.factories import plan_with_assignments

pytestmark = pytest.mark.django_db

AFTER_DUE = datetime.date(2015, 6, 1)  # the factory's recommendations are due 30 April 2015
BEFORE_DUE = datetime.date(2015, 3, 15)


def _complete(recommendations):
    Assignment.objects.filter(action__recommendation__in=recommendations).update(
        closure_state=ClosureState.COMPLETE, completed_on=datetime.date(2015, 3, 1)
    )
    national_sql.refresh_tallies([r.pk for r in recommendations])


@pytest.fixture
def world():
    """Two forces an inspector covers (four recommendations each, MISPERs and Decision making
    alternating; force B has finished its MISPERs work) and a force they do not cover."""
    a = plan_with_assignments(n_recommendations=4, n_districts=2, n_updates=1)
    b = plan_with_assignments(n_recommendations=4, n_districts=2, n_updates=1)
    other = plan_with_assignments(n_recommendations=2, n_districts=2, n_updates=1)
    _complete([r for r in b.recommendations if r.area == "MISPERs"])
    team = OrganisationFactory(kind=OrganisationKind.INSPECTORATE, forces=[a.force, b.force])
    inspector = person_with_role(Role.INSPECTOR, organisation=team)
    return a, b, other, inspector


def test_the_inspector_sees_every_covered_force_and_only_those(client, world, settings):
    a, b, other, inspector = world
    settings.ASSURE_TODAY = AFTER_DUE
    client.force_login(inspector)
    response = client.get(reverse("plans:national"))
    assert response.status_code == 200
    html = response.content.decode()
    assert a.force.name in html
    assert b.force.name in html
    assert other.force.name not in html
    assert "8 recommendations" in html
    # A force outside the inspector's coverage is not there to filter by.
    assert client.get(reverse("plans:national") + f"?force={other.force.pk}").status_code == 404


def test_people_who_are_not_inspectors_get_404(client, world):
    a, *_ = world
    for role in (Role.COORDINATOR, Role.BOARD_MEMBER):
        client.force_login(person_with_role(role, organisation=a.force))
        assert client.get(reverse("plans:national")).status_code == 404
    pcc = OrganisationFactory(kind=OrganisationKind.PCC_OFFICE, forces=[a.force])
    client.force_login(person_with_role(Role.OVERSIGHT, organisation=pcc))
    assert client.get(reverse("plans:national")).status_code == 404


def test_each_theme_counts_forces_overdue_on_track_and_complete(world):
    *_, inspector = world
    forces = selectors.national_forces(inspector)
    view = selectors.national_view(inspector, forces=forces, today=AFTER_DUE)
    by_area = {row.area: row for row in view.area_rows}
    assert by_area["MISPERs"].forces == 2
    assert by_area["MISPERs"].by_state == {
        "overdue": 1,
        "on_track": 0,
        "not_started": 0,
        "complete": 1,
    }
    assert by_area["Decision making"].by_state["overdue"] == 2
    assert view.totals == {"overdue": 6, "complete": 2}
    # Before the due date nothing is overdue: the unfinished work is on track.
    early = selectors.national_view(inspector, forces=forces, today=BEFORE_DUE)
    assert early.totals == {"on_track": 6, "complete": 2}


def test_one_theme_compared_across_forces_worst_first(world):
    a, b, _, inspector = world
    forces = selectors.national_forces(inspector)
    view = selectors.national_view(inspector, forces=forces, area="MISPERs", today=AFTER_DUE)
    assert [(c.force, c.state.code) for c in view.comparison] == [
        (a.force, "overdue"),
        (b.force, "complete"),
    ]
    first = view.comparison[0]
    assert (first.recommendations, first.assignments, first.overdue_assignments) == (2, 4, 4)
    assert {r.recommendation.area for r in view.rows} == {"MISPERs"}


def test_filters_by_force_deadline_and_status(world):
    _, b, _, inspector = world
    forces = selectors.national_forces(inspector)

    def refs(**filters):
        view = selectors.national_view(inspector, forces=forces, today=AFTER_DUE, **filters)
        return sorted(
            (r.recommendation.inspection.force_id, r.recommendation.ref) for r in view.rows
        )

    b_id = b.force.pk
    assert refs(force_id=b_id, states={"complete"}) == [(b_id, "R1"), (b_id, "R3")]
    assert len(refs(states={"overdue"})) == 6
    assert len(refs(due="past")) == 8
    assert refs(due="soon") == []
    assert refs(due="none") == []


def test_the_page_shows_the_comparison_and_paginates(client, world, settings):
    a, *_, inspector = world
    settings.ASSURE_TODAY = AFTER_DUE
    client.force_login(inspector)
    html = client.get(reverse("plans:national") + "?area=MISPERs").content.decode()
    assert "MISPERs: the forces side by side" in html
    assert "4 of 4" in html  # force A: every MISPERs assignment overdue
    plan_with_assignments(n_recommendations=30, force_units=a.force_units)
    html = client.get(reverse("plans:national")).content.decode()
    assert "page 1 of 2" in html
    assert 'class="govuk-pagination"' in html


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"area": "MISPERs"},
        {"states": {"overdue"}},
        {"states": {"complete", "overdue"}, "area": "MISPERs"},
    ],
)
def test_the_list_pages_through_every_force_in_order_without_gaps(world, monkeypatch, filters):
    """Pages are cut from each force's share of the list: page by page, they hold exactly the
    recommendations in force-name order that one ordered query over every force gives."""
    a, *_, inspector = world
    plan_with_assignments(n_recommendations=5, force_units=a.force_units)
    monkeypatch.setattr(selectors, "NATIONAL_PAGE_SIZE", 3)
    forces = selectors.national_forces(inspector)
    first = selectors.national_view(inspector, forces=forces, today=AFTER_DUE, **filters)
    shown = []
    for number in first.page.paginator.page_range:
        view = selectors.national_view(
            inspector, forces=forces, today=AFTER_DUE, page=number, **filters
        )
        assert len(view.rows) <= 3
        shown += [(r.recommendation.pk, r.state.code) for r in view.rows]
    every = selectors.Recommendation.objects.filter(
        inspection__force__in=forces, **({"area": filters["area"]} if "area" in filters else {})
    ).order_by("inspection__force__name", "inspection__force_id", "inspection_id", "position", "id")
    states = dict(national_sql.fetch(*_state_of(every)))
    expected = [(pk, states[pk]) for pk in every.values_list("pk", flat=True)]
    if "states" in filters:
        expected = [(pk, code) for pk, code in expected if code in filters["states"]]
    assert shown == expected
    assert first.page.paginator.count == len(expected) > 3


def _state_of(recommendations):
    sql, params = national_sql.states(recommendations, AFTER_DUE)
    return f"SELECT r_id, state FROM ({sql}) s", params  # noqa: S608


def test_the_national_view_costs_the_same_over_ten_times_the_data(client, settings):
    """Ten times the forces, recommendations and assignments: the same queries, and HTML of a
    page's worth (bounded, well under 300 KB)."""
    settings.ASSURE_TODAY = AFTER_DUE
    measured = []
    for n_forces, n_recs in ((2, 6), (6, 20)):
        plans = [
            plan_with_assignments(n_recommendations=n_recs, n_districts=3) for _ in range(n_forces)
        ]
        team = OrganisationFactory(
            kind=OrganisationKind.INSPECTORATE, forces=[p.force for p in plans]
        )
        client.force_login(person_with_role(Role.INSPECTOR, organisation=team))
        row = []
        for query in ("", "?area=MISPERs&state=overdue&page=2", f"?force={plans[0].force.pk}"):
            url = reverse("plans:national") + query
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200
            row.append((len(captured), len(response.content)))
        measured.append(row)
    for (q_small, _), (q_large, size_large) in zip(*measured, strict=True):
        assert q_small == q_large
        assert size_large < 300_000


@pytest.mark.parametrize("day", [BEFORE_DUE, AFTER_DUE])
def test_the_national_codes_say_what_the_full_standing_says(day):
    """Complete, demonstrating, not adopted (a grey last update), a pending closure and plain
    updates, before and after the due date: the national view's short CASE agrees with
    standing_sql's on every assignment."""
    from assure.plans import national_sql, standing_sql
    from assure.plans.tests.factories import ClosureFactory, UpdateFactory

    data = plan_with_assignments(n_recommendations=3, n_districts=4, n_updates=1)
    a = data.assignments
    Assignment.objects.filter(pk=a[0].pk).update(
        closure_state=ClosureState.COMPLETE, completed_on=datetime.date(2015, 3, 1)
    )
    Assignment.objects.filter(pk=a[1].pk).update(
        closure_approved_on=datetime.date(2015, 3, 1),
        demonstration_until=datetime.date(2015, 9, 1),
        completed_on=datetime.date(2015, 9, 1),
    )
    UpdateFactory(assignment=a[2], rag="grey", not_adopted_reason="Not for this force.")
    ClosureFactory(assignment=a[3])
    assignments = Assignment.objects.filter(action__plan=data.plan)
    full_sql, full_params = standing_sql.derived(assignments, day)
    full = dict(national_sql.fetch(f"SELECT t.a_id, t.code FROM ({full_sql}) t", full_params))  # noqa: S608
    short_sql, short_params = national_sql.assignment_codes(assignments, day)
    short = {a_id: code for a_id, _, code in national_sql.fetch(short_sql, short_params)}
    kept = {"complete", "not_adopted", "overdue"}
    assert short == {a_id: code if code in kept else "open" for a_id, code in full.items()}
    assert "not_adopted" in short.values()


def test_a_write_in_one_force_recomputes_only_that_forces_figures(settings, world, monkeypatch):
    """The figures are kept per force under the force's own data version: after a change in
    force A the view is the view worked out afresh, and force B's figures came from the cache."""
    from assure.core import page_cache
    from assure.inspections.models import RecommendationStatus
    from assure.inspections.services import recommendation_status_set

    a, b, _, inspector = world
    settings.ASSURE_TODAY = AFTER_DUE
    forces = selectors.national_forces(inspector)
    computed: list[list[int]] = []
    real = page_cache.cached_per_organisation

    def spy(name, parts, ids, compute):
        def counted(missing):
            computed.append(sorted(missing))
            return compute(missing)

        return real(name, parts, ids, counted)

    monkeypatch.setattr(page_cache, "cached_per_organisation", spy)

    def figures():
        view = selectors.national_view(inspector, forces=forces)
        return view.totals, [(r.area, r.forces, r.by_state) for r in view.area_rows]

    settings.ASSURE_PAGE_CACHE = True
    first = figures()
    assert figures() == first
    recommendation_status_set(
        actor=inspector,
        recommendation=a.recommendations[0],
        status=RecommendationStatus.NO_FURTHER_ACTION,
    )
    after = figures()
    # Both forces the first time, neither the second, only force A after its change.
    assert computed == [sorted([a.force.pk, b.force.pk]), [a.force.pk]]
    settings.ASSURE_PAGE_CACHE = False
    assert after == figures()  # the same as worked out afresh
    assert after[0].get("complete", 0) == first[0].get("complete", 0) + 1


def _tallied_and_full_states(recommendations, day):
    tallied = {
        r[0]: r[4] for r in national_sql.fetch(*national_sql.tally_states(recommendations, day))
    }
    full = {r[0]: r[4] for r in national_sql.fetch(*national_sql.states(recommendations, day))}
    return tallied, full


def _tallies():
    from assure.plans.models import RecommendationTally

    return sorted(RecommendationTally.objects.values_list())


@pytest.mark.parametrize(
    "day",
    [BEFORE_DUE, AFTER_DUE, datetime.date(2015, 9, 1), datetime.date(2015, 10, 1)],
)
def test_the_kept_tallies_give_the_states_the_assignments_give(day):
    """Every way a recommendation can stand (all complete; one still demonstrating; one not
    adopted, the rest complete; all not adopted; plain work before and after its due date; an
    action due later than its recommendation, one assignment due earlier; no actions; no further
    action), on days either side of the due date and the end of the demonstration: the state
    worked out from the tally is the state worked out from every assignment."""
    from assure.inspections.models import RecommendationStatus
    from assure.plans.tests.factories import UpdateFactory

    data = plan_with_assignments(n_recommendations=10, n_districts=3, n_updates=1)
    by_rec = {
        r.pk: [a for a in data.assignments if a.action.recommendation_id == r.pk]
        for r in data.recommendations
    }
    recs = data.recommendations
    done = datetime.date(2015, 3, 1)

    def update(assignments, **fields):
        Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(**fields)

    update(by_rec[recs[0].pk], completed_on=done, closure_approved_on=done)
    update(by_rec[recs[1].pk], completed_on=done, closure_approved_on=done)
    update(
        by_rec[recs[1].pk][:1],
        demonstration_until=datetime.date(2015, 9, 1),
        completed_on=datetime.date(2015, 9, 1),
    )
    update(by_rec[recs[2].pk][1:], completed_on=done, closure_approved_on=done)
    UpdateFactory(assignment=by_rec[recs[2].pk][0], rag="grey")
    for a in by_rec[recs[3].pk]:
        UpdateFactory(assignment=a, rag="grey")
    Action = type(data.actions[0])
    Action.objects.filter(recommendation=recs[5]).update(due_on_override=datetime.date(2015, 12, 1))
    update(by_rec[recs[6].pk][:1], due_on_override=datetime.date(2015, 3, 10))
    Assignment.objects.filter(action__recommendation=recs[7]).delete()
    type(recs[8]).objects.filter(pk=recs[8].pk).update(
        status=RecommendationStatus.NO_FURTHER_ACTION
    )
    national_sql.refresh_tallies([r.pk for r in recs])

    scope = type(recs[0]).objects.filter(pk__in=[r.pk for r in recs])
    tallied, full = _tallied_and_full_states(scope, day)
    assert tallied == full
    assert len(set(full.values())) >= 3  # the cases are not all one state


def test_the_demo_keeps_its_tallies_through_its_services(demo):
    """The demo is written through the services: the tallies they kept are the tallies worked
    out afresh, and give the states the assignments give from the demo's today on (the days the
    national view asks about: a tally is exact from its last completion or approval on)."""
    from assure.inspections.models import Recommendation

    kept = _tallies()
    assert kept
    national_sql.refresh_all_tallies()
    assert _tallies() == kept
    for day in [datetime.date(2015, 12, 21), datetime.date(2016, 1, 1), datetime.date(2016, 9, 1)]:
        tallied, full = _tallied_and_full_states(Recommendation.objects.all(), day)
        assert tallied == full, day
