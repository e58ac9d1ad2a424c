"""Who gets what from each plan page (merged into tests/test_url_matrix.py).

The objects come from the demo: the West Yorkshire plan, an action and assignment that name no
partner agency (so the Leeds partner may not see them), a file of evidence on one, and the closure
waiting in the approver's queue.
"""

from assure.core.tests.matrix import expect

POST_ONLY = expect(anonymous=302, others=405)


def _plan():
    from assure.plans.models import ActionPlan

    return ActionPlan.objects.get(inspection__force__slug="west-yorkshire")


def _unpartnered_assignment():
    from assure.plans.models import Assignment

    return (
        Assignment.objects.filter(action__plan=_plan(), action__partners__isnull=True)
        .order_by("pk")
        .first()
    )


def _latest_update():
    return _unpartnered_assignment().updates.order_by("-created_at", "-sequence").first()


def _file_version():
    from assure.plans.models import EvidenceVersion

    return (
        EvidenceVersion.objects.exclude(file="")
        .filter(evidence__assignment__action__partners__isnull=True)
        .order_by("pk")
        .first()
    )


def _pending_closure():
    from assure.plans.models import Closure

    return Closure.objects.filter(
        decision="pending", assignment__action__partners__isnull=True
    ).first()


MATRIX = {
    "plans:plan_create": POST_ONLY,
    "plans:plan": expect(anonymous=302, partner_leeds=404, others=200),
    "plans:plan_transition": POST_ONLY,
    # The demo plan is in delivery: its coordinator is sent back to it (nothing to reopen).
    "plans:plan_reopen": expect(anonymous=302, coordinator=302, others=404),
    "plans:action_create": expect(anonymous=302, coordinator=200, others=404),
    "plans:action": expect(anonymous=302, partner_leeds=404, others=200),
    "plans:action_edit": expect(anonymous=302, coordinator=200, others=404),
    "plans:action_assign": POST_ONLY,
    "plans:assignment": expect(anonymous=302, partner_leeds=404, others=200),
    "plans:update_add": POST_ONLY,
    # The latest update of an assignment: its unit's lead and the coordinator may correct it.
    "plans:update_correct": expect(anonymous=302, coordinator=200, others=404),
    "plans:evidence_add": POST_ONLY,
    "plans:closure_propose": POST_ONLY,
    "plans:evidence_download": expect(anonymous=302, partner_leeds=404, others=200),
    "plans:update_cycle": expect(anonymous=302, coordinator=200, others=404),
    "plans:update_cycle_run": POST_ONLY,
    "plans:my_work": expect(anonymous=302, others=200),
    "plans:approvals": expect(anonymous=302, others=200),
    # Only inspectors have a national view; everyone else is told nothing is there.
    "plans:national": expect(anonymous=302, inspector=200, others=404),
    "plans:closure_decide": expect(anonymous=302, approver=200, others=404),
    "plans:evidence_version_add": POST_ONLY,
    "plans:plan_export": expect(anonymous=302, partner_leeds=404, others=200),
}

URL_KWARGS = {
    "plans:plan_create": lambda users: {"inspection_pk": _plan().inspection_id},
    "plans:plan": lambda users: {"pk": _plan().pk},
    "plans:plan_transition": lambda users: {"pk": _plan().pk},
    "plans:plan_reopen": lambda users: {"pk": _plan().pk},
    "plans:action_create": lambda users: {"pk": _plan().pk},
    "plans:action": lambda users: {"pk": _unpartnered_assignment().action_id},
    "plans:action_edit": lambda users: {"pk": _unpartnered_assignment().action_id},
    "plans:action_assign": lambda users: {"pk": _unpartnered_assignment().action_id},
    "plans:assignment": lambda users: {"pk": _unpartnered_assignment().pk},
    "plans:update_add": lambda users: {"pk": _unpartnered_assignment().pk},
    "plans:update_correct": lambda users: {"pk": _latest_update().pk},
    "plans:evidence_add": lambda users: {"pk": _unpartnered_assignment().pk},
    "plans:closure_propose": lambda users: {"pk": _unpartnered_assignment().pk},
    "plans:evidence_download": lambda users: {"pk": _file_version().pk},
    "plans:closure_decide": lambda users: {"pk": _pending_closure().pk},
    "plans:evidence_version_add": lambda users: {"pk": _file_version().evidence_id},
    "plans:plan_export": lambda users: {"pk": _plan().pk, "fmt": "csv"},
    "plans:update_cycle": lambda users: {"pk": _plan().pk},
    "plans:update_cycle_run": lambda users: {"pk": _plan().pk},
}
