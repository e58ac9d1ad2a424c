"""Due dates that follow: an action's follows its recommendation's, an assignment's its action's,
unless a person set it by hand. Called only from inside audited services, so that moving a
publication date moves everything that hangs off it in the same transaction."""

from .models import Action, Assignment


def follow_recommendations(recommendations) -> dict[str, int]:
    """Bring the actions of these recommendations (and their assignments) into line."""
    due_by_recommendation = {r.pk: r.due_on for r in recommendations}
    actions = list(
        Action.objects.filter(recommendation_id__in=due_by_recommendation, due_on_set_by_hand=False)
    )
    moved = [a for a in actions if a.due_on != due_by_recommendation[a.recommendation_id]]
    for action in moved:
        action.due_on = due_by_recommendation[action.recommendation_id]
    Action.objects.bulk_update(moved, ["due_on"])
    return {"actions": len(moved), "assignments": follow_actions(actions)}


def follow_actions(actions) -> int:
    """Bring these actions' assignments into line; how many moved."""
    due_by_action = {a.pk: a.due_on for a in actions}
    assignments = Assignment.objects.filter(action_id__in=due_by_action, due_on_set_by_hand=False)
    moved = [a for a in assignments if a.due_on != due_by_action[a.action_id]]
    for assignment in moved:
        assignment.due_on = due_by_action[assignment.action_id]
    Assignment.objects.bulk_update(moved, ["due_on"])
    return len(moved)
