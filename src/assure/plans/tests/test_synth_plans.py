"""``assure synth-plans``: the bulk paths that build the scale data sets (issue 9.4) write rows the
pages read exactly as they read rows written through the services."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from assure.accounts.models import Organisation, User
from assure.inspections.models import Recommendation
from assure.plans import selectors
from assure.plans.models import ActionPlan, Assignment, Update

pytestmark = pytest.mark.django_db


def _big_plan(demo) -> ActionPlan:
    return (
        ActionPlan.objects.filter(inspection__force__slug="west-yorkshire")
        .annotate(n=Count("actions"))
        .order_by("-n")
        .first()
    )


def test_a_big_plan_is_added_to_the_demo_force_and_the_demo_people_see_it(demo, capsys):
    call_command("synth_plans", "--force", "west-yorkshire", "--actions", "60", "--seed", "3")
    assert "60 actions" in capsys.readouterr().out
    plan = _big_plan(demo)
    assert plan.actions.count() == 60
    assignments = Assignment.objects.filter(action__plan=plan)
    assert assignments.count() >= 60
    # Every assignment's update count is the number of its updates, as the services keep it.
    for a in assignments.annotate(n=Count("updates")):
        assert a.update_count == a.n >= 3
    coordinator = User.objects.get(email="coordinator@demo.assure.example")
    assert selectors.plan_for(coordinator, plan.pk) == plan
    matrix = selectors.plan_matrix(plan)
    assert sum(matrix.counts.values()) == assignments.count()


def test_the_same_seed_gives_the_same_updates(demo):
    call_command("synth_plans", "--force", "west-yorkshire", "--actions", "20", "--seed", "5")
    first = list(
        Update.objects.filter(assignment__action__plan=_big_plan(demo))
        .order_by("assignment__action__position", "assignment__unit__name", "sequence")
        .values_list("rag", "percent_complete", "narrative")
    )
    ActionPlan.objects.filter(pk=_big_plan(demo).pk).delete()
    call_command("synth_plans", "--force", "west-yorkshire", "--actions", "20", "--seed", "5")
    again = list(
        Update.objects.filter(assignment__action__plan=_big_plan(demo))
        .order_by("assignment__action__position", "assignment__unit__name", "sequence")
        .values_list("rag", "percent_complete", "narrative")
    )
    assert len(first) > 20
    assert [row[:2] for row in again] == [row[:2] for row in first]


def test_a_national_load_adds_forces_the_inspector_covers_and_refuses_to_run_twice(demo):
    call_command("synth_plans", "--forces", "2")
    forces = Organisation.objects.filter(slug__startswith="synth-force-")
    assert forces.count() == 2
    inspector = User.objects.get(email="inspector@demo.assure.example")
    covered = {f.slug for f in selectors.national_forces(inspector)}
    assert {"synth-force-01", "synth-force-02"} <= covered
    states = _assert_tallies_kept(Recommendation.objects.filter(inspection__force__in=forces))
    assert {"overdue", "on_track"} <= states
    assert Update.objects.filter(assignment__action__plan__inspection__force__in=forces).exists()
    with pytest.raises(Exception, match="already"):
        call_command("synth_plans", "--forces", "2")


def _assert_tallies_kept(recommendations) -> set[str]:
    """The bulk path writes assignments without the services: the tallies the national view reads
    are the tallies worked out afresh, and give the states the assignments give (returned)."""
    from assure.core import clock
    from assure.plans import national_sql
    from assure.plans.models import RecommendationTally

    kept = sorted(RecommendationTally.objects.values_list())
    national_sql.refresh_all_tallies()
    assert sorted(RecommendationTally.objects.values_list()) == kept
    assert RecommendationTally.objects.filter(recommendation__in=recommendations).exists()
    today = clock.today()
    tallied = national_sql.fetch(*national_sql.tally_states(recommendations, today))
    full = national_sql.fetch(*national_sql.states(recommendations, today))
    assert sorted(r[:5] for r in tallied) == sorted(r[:5] for r in full)
    return {r[4] for r in full}


def test_synthesised_assignments_carry_their_latest_updates_rag_time_and_sequence(demo):
    """The bulk path writes updates without the service; it keeps the latest all the same."""
    call_command("synth_plans", "--force", "west-yorkshire", "--actions", "20", "--seed", "7")
    assignments = Assignment.objects.filter(action__plan=_big_plan(demo))
    assert assignments.count() >= 20
    for a in assignments:
        latest = a.updates.order_by("-created_at", "-sequence").first()
        assert a.latest_rag == (latest.rag if latest else None)
        assert a.latest_update_at == (latest.created_at if latest else None)
        assert a.latest_sequence == (latest.sequence if latest else None)
        assert a.update_count == a.updates.count()
    _assert_tallies_kept(Recommendation.objects.filter(actions__plan=_big_plan(demo)).distinct())
