"""Plan pages: resolve access → validate → call one service → redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST, require_safe

from assure.accounts.permissions import can_view_audit
from assure.core import clock, page_cache
from assure.core.forms import GET_POST, attach_error, form_post
from assure.inspections.permissions import can_manage_inspection, inspections_visible_to

from . import already, export, extensions, permissions, presenters, selectors, services
from .forms import (
    ActionForm,
    AssignForm,
    ClosureDecisionForm,
    ClosureProposeForm,
    EvidenceForm,
    EvidenceVersionForm,
    MatrixFilterForm,
    NationalFilterForm,
    PlanReopenForm,
    PlanTransitionForm,
    UpdateCorrectionForm,
    UpdateCycleForm,
    UpdateForm,
)
from .models import ClosureDecision, PlanStatus


def _allowed(allowed: bool) -> None:
    """Visible but not yours to change: 404 like anything else you may not act on."""
    if not allowed:
        raise Http404


FROZEN = (
    "This action plan is closed, so it takes no more changes. "
    "A coordinator can reopen it, with a reason."
)


def _frozen(plan) -> bool:
    return plan.status == PlanStatus.CLOSED


def _refuse_frozen(request, to: str, pk: int):
    """A write page of a closed plan: say why, back on the page (the service refuses too)."""
    messages.error(request, FROZEN)
    return redirect(to, pk=pk)


# Plan ----------------------------------------------------------------------------------------


@login_required
@require_POST
def plan_create(request, inspection_pk):
    inspection = inspections_visible_to(request.user).filter(pk=inspection_pk).first()
    if inspection is None or not can_manage_inspection(request.user, inspection):
        raise Http404
    try:
        plan = services.action_plan_create(actor=request.user, inspection=inspection)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("inspections:detail", pk=inspection.pk)
    messages.success(request, "Action plan started. Add an action for each recommendation.")
    return redirect("plans:plan", pk=plan.pk)


def _query_without(request, *names) -> str:
    """The request's query string less ``names``, for links that keep the other choices."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def plan(request, pk):
    plan = selectors.plan_for(request.user, pk)
    choices = page_cache.cached(
        "plans.unit_choices", (plan.pk,), lambda: selectors.plan_unit_choices(plan)
    )
    form = MatrixFilterForm(request.GET or None, units=choices)
    filters = form.cleaned_data if form.is_valid() else {}
    today = clock.today()
    panels = extensions.panels(plan, user=request.user, today=today)
    notes: dict[int, list] = {}
    for p in panels:
        for rec_pk, note in p.per_recommendation.items():
            notes.setdefault(rec_pk, []).append(note)

    def matrix_part() -> dict:
        matrix = selectors.plan_matrix(
            plan,
            as_of=filters.get("as_of"),
            unit_ids=set(filters.get("unit") or []),
            standings=set(filters.get("standing") or []),
            overdue_only=filters.get("overdue", False),
            page=request.GET.get("page", 1),
            open_recommendation=_int_or_none(request.GET.get("open")),
            open_page=request.GET.get("open_page", 1),
        )
        # The filter offers the units the plan has assignments for, as the matrix found them.
        form.fields["unit"].choices = [(u.id, u.name) for u in matrix.plan_units]
        lines = presenters.matrix_lines(matrix)
        for line in lines:
            line["notes"] = notes.get(line["recommendation"].pk, [])
        filter_query = _query_without(request, "page", "open", "open_page")
        html = render_to_string(
            "plans/_matrix.html",
            {
                "plan": plan,
                "matrix": matrix,
                "lines": lines,
                "table": presenters.assignment_table(matrix.open_rows, matrix.as_of),
                "legend": presenters.legend(),
                "form": form,
                "filtered": bool(set(request.GET) - {"page", "open", "open_page"}),
                "page_query": filter_query,
                "open_query": _query_without(request, "open", "open_page"),
                "open_page_query": _query_without(request, "open_page"),
            },
        )
        return {
            "html": html,
            "counts": matrix.counts,
            "as_of": matrix.as_of,
            "requests": presenters.request_counts(
                selectors.update_request_counts(plan, as_of=matrix.as_of), matrix.units
            ),
        }

    # Whoever asks sees the same matrix (plan_for has checked they may); what the panels add to
    # each recommendation can differ by person, so it is part of the key.
    part = page_cache.cached(
        "plans.matrix",
        (plan.pk, sorted(request.GET.lists()), sorted(notes.items())),
        matrix_part,
    )
    return render(
        request,
        "plans/plan.html",
        {
            "panels": panels,
            "plan": plan,
            "inspection": plan.inspection,
            "matrix_html": part["html"],  # a SafeString from render_to_string
            "counts": part["counts"],
            "as_of": part["as_of"],
            "requests": part["requests"],
            "form": form,
            "clock": presenters.plan_clock(plan, today),
            "can_manage": permissions.can_manage_plan(request.user, plan) and not _frozen(plan),
            "frozen": _frozen(plan),
            "can_reopen": _frozen(plan) and permissions.can_manage_plan(request.user, plan),
            "transitions": [
                {"to": t.value, "label": presenters.TRANSITION_LABELS[t]}
                for t in permissions.allowed_transitions(request.user, plan)
            ],
            "history": page_cache.cached(
                "plans.history", (plan.pk,), lambda: selectors.plan_history(plan)
            ),
            "can_view_audit": can_view_audit(request.user),
            "export_formats": ["json", "csv", "xlsx"],
        },
    )


@login_required
@require_POST
def plan_transition(request, pk):
    plan = selectors.plan_for(request.user, pk)
    form = PlanTransitionForm(request.POST)
    if not form.is_valid():
        if set(form.errors) - {"note"}:
            raise Http404  # a forged status, not something a person typed
        messages.error(request, form.errors["note"][0])  # e.g. a note over its limit
        return redirect("plans:plan", pk=plan.pk)
    seen = form.cleaned_data["seen"] or plan.status
    if seen != plan.status:  # a stale page: someone moved the plan since it was shown
        messages.error(request, already.plan_moved(plan))
        return redirect("plans:plan", pk=plan.pk)
    to = PlanStatus(form.cleaned_data["to"])
    if to not in permissions.allowed_transitions(request.user, plan):
        raise Http404
    if to == PlanStatus.CLOSED and not form.cleaned_data["confirmed"]:
        return render(
            request,
            "plans/plan_close_confirm.html",
            {
                "plan": plan,
                "inspection": plan.inspection,
                "unfinished": selectors.unfinished_assignments(plan),
            },
        )
    try:
        services.action_plan_transition(
            actor=request.user, plan=plan, to=to, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The plan is now {to.label.lower()}.")
    return redirect("plans:plan", pk=plan.pk)


@login_required
@GET_POST
def plan_reopen(request, pk):
    plan = selectors.plan_for(request.user, pk)
    _allowed(permissions.can_manage_plan(request.user, plan))
    if not _frozen(plan):
        messages.info(request, "This plan is not closed, so there is nothing to reopen.")
        return redirect("plans:plan", pk=plan.pk)
    form = PlanReopenForm(request.POST or None)
    posted = form_post(
        request,
        form,
        lambda data: services.action_plan_reopen(
            actor=request.user, plan=plan, reason=data["reason"]
        ),
    )
    if posted.ok:
        messages.success(request, "The plan is open again and back in delivery.")
        return redirect("plans:plan", pk=plan.pk)
    return render(
        request,
        "plans/plan_reopen.html",
        {"plan": plan, "inspection": plan.inspection, "form": form},
        status=400 if form.is_bound else 200,
    )


# Update cycle --------------------------------------------------------------------------------


def _cycle_context(plan, form):
    cycle = selectors.update_cycle_of(plan)
    return {
        "plan": plan,
        "inspection": plan.inspection,
        "form": form,
        "cycle": cycle,
        "counts": selectors.update_request_counts(plan),
        "frozen": _frozen(plan),
    }


@login_required
@GET_POST
def update_cycle(request, pk):
    """Set the plan's update cycle (a coordinator's page), and start a round of requests."""
    plan = selectors.plan_for(request.user, pk)
    _allowed(permissions.can_manage_plan(request.user, plan))
    cycle = selectors.update_cycle_of(plan)
    initial = (
        {f: getattr(cycle, f) for f in services.CYCLE_FIELDS}
        if cycle
        else {"day_of_month": 1, "horizon_days": 45, "response_days": 7, "active": True}
    )
    form = UpdateCycleForm(request.POST or None, initial=initial)
    if request.method == "POST" and _frozen(plan):
        return _refuse_frozen(request, "plans:plan", plan.pk)
    posted = form_post(
        request,
        form,
        lambda data: services.update_cycle_set(actor=request.user, plan=plan, **data),
    )
    if posted.ok:
        messages.success(request, "Update cycle saved.")
        return redirect("plans:update_cycle", pk=plan.pk)
    return render(
        request,
        "plans/update_cycle.html",
        _cycle_context(plan, form),
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def update_cycle_run(request, pk):
    plan = selectors.plan_for(request.user, pk)
    _allowed(permissions.can_manage_plan(request.user, plan))
    if _frozen(plan):
        return _refuse_frozen(request, "plans:plan", plan.pk)
    try:
        made = services.update_requests_issue(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:update_cycle", pk=plan.pk)
    if made:
        due = made[0].due_back_on
        messages.success(
            request,
            f"Update cycle started: {len(made)} update request{'s' if len(made) != 1 else ''} "
            f"sent, due back {due.day} {due:%B %Y}.",
        )
    else:
        messages.info(request, "Every assignment in the cycle already has an open request.")
    return redirect("plans:update_cycle", pk=plan.pk)


# Actions -------------------------------------------------------------------------------------


@login_required
def action_create(request, pk):
    plan = selectors.plan_for(request.user, pk)
    _allowed(permissions.can_manage_plan(request.user, plan))
    if _frozen(plan):
        return _refuse_frozen(request, "plans:plan", plan.pk)
    initial = {}
    if request.GET.get("recommendation"):
        initial["recommendation"] = request.GET["recommendation"]
    form = ActionForm(request.POST or None, plan=plan, initial=initial)
    posted = form_post(
        request,
        form,
        lambda data: services.action_create(actor=request.user, plan=plan, **data),
    )
    if posted.ok:
        messages.success(request, "Action added. Now assign it to the units that will deliver it.")
        return redirect("plans:action", pk=posted.result.pk)
    return render(request, "plans/action_form.html", {"form": form, "plan": plan, "action": None})


@login_required
def action_edit(request, pk):
    action = selectors.action_for(request.user, pk)
    _allowed(permissions.can_manage_plan(request.user, action))
    if _frozen(action.plan):
        return _refuse_frozen(request, "plans:action", action.pk)
    initial = {
        "recommendation": action.recommendation,
        "title": action.title,
        "description": action.description,
        "success_measure": action.success_measure,
        "lead": action.lead,
        "partners": list(action.partners.all()),
        "due_on": action.due_on_override,
    }
    form = ActionForm(request.POST or None, plan=action.plan, initial=initial)
    posted = form_post(
        request,
        form,
        lambda data: services.action_update(actor=request.user, action=action, **data),
    )
    if posted.ok:
        messages.success(request, "Action updated.")
        return redirect("plans:action", pk=action.pk)
    return render(
        request, "plans/action_form.html", {"form": form, "plan": action.plan, "action": action}
    )


@login_required
def action(request, pk):
    action = selectors.action_for(request.user, pk)
    rows = selectors.assignment_rows(action.assignments.all())
    can_manage = permissions.can_manage_plan(request.user, action) and not _frozen(action.plan)
    form = AssignForm(action=action) if can_manage else None
    return render(
        request,
        "plans/action.html",
        {
            "action": action,
            "plan": action.plan,
            "table": presenters.assignment_table(rows, clock.today()),
            "later_than_recommendation": presenters.later_than_recommendation(action),
            "can_manage": can_manage,
            "form": form,
            "frozen": _frozen(action.plan),
            "can_read_plan": permissions.can_read_plan(request.user, action.plan),
        },
    )


@login_required
@require_POST
def action_assign(request, pk):
    action = selectors.action_for(request.user, pk)
    _allowed(permissions.can_manage_plan(request.user, action))
    if _frozen(action.plan):
        return _refuse_frozen(request, "plans:action", action.pk)
    try:
        if "every_district" in request.POST:
            created = services.assignments_create_for_districts(actor=request.user, action=action)
            messages.success(
                request, f"Assigned to {len(created)} district{'s' if len(created) != 1 else ''}."
            )
            return redirect("plans:action", pk=action.pk)
        form = AssignForm(request.POST, action=action)
        if form.is_valid() and form.cleaned_data["unit"]:
            assignment = services.assignment_create(
                actor=request.user,
                action=action,
                unit=form.cleaned_data["unit"],
                due_on=form.cleaned_data["due_on"],
            )
            messages.success(request, f"Assigned to {assignment.unit}.")
            return redirect("plans:action", pk=action.pk)
        if form.is_valid():
            form.add_error("unit", "Select the unit that will deliver this action")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:action", pk=action.pk)
    rows = selectors.assignment_rows(action.assignments.all())
    return render(
        request,
        "plans/action.html",
        {
            "action": action,
            "plan": action.plan,
            "form": form,
            "can_manage": True,
            "table": presenters.assignment_table(rows, clock.today()),
            "later_than_recommendation": presenters.later_than_recommendation(action),
            "can_read_plan": True,
        },
    )


# Assignment ----------------------------------------------------------------------------------


def _assignment_context(request, assignment, **forms):
    page = selectors.assignment_page(assignment)
    frozen = _frozen(assignment.action.plan)
    can_update = permissions.can_update_assignment(request.user, assignment) and not frozen
    open_for_work = assignment.closure_state in ("open",)
    context = {
        "assignment": assignment,
        "action": assignment.action,
        "plan": assignment.action.plan,
        "page": page,
        "standing": presenters.tag(page.row.standing),
        "timeline": presenters.timeline(page.timeline),
        # Only the latest update takes a correction.
        "latest_update_id": page.updates[0].pk if page.updates else None,
        "can_update": can_update,
        "can_decide": permissions.can_decide_closure(request.user, assignment) and not frozen,
        "frozen": frozen,
        "update_form": forms.get("update_form") or (UpdateForm() if can_update else None),
        "evidence_form": forms.get("evidence_form") or (EvidenceForm() if can_update else None),
        "closure_form": forms.get("closure_form")
        or (ClosureProposeForm(assignment=assignment) if can_update and open_for_work else None),
        "pending_closure": next(
            (c for c in page.closures if c.decision == ClosureDecision.PENDING), None
        ),
        "due": presenters.due_phrase(assignment.due_on, clock.today()),
        "update_requests": presenters.update_requests(
            selectors.requests_of(assignment), clock.today()
        ),
        "panels": extensions.assignment_panels(assignment, user=request.user, today=clock.today()),
    }
    return context


@login_required
def assignment(request, pk):
    assignment = selectors.assignment_for(request.user, pk)
    return render(request, "plans/assignment.html", _assignment_context(request, assignment))


def _assignment_form_post(request, pk, *, form, form_key, write, done):
    """The shape every assignment form shares: check the person may update this assignment,
    validate, call one service, then back to the page with a message — or the page again with
    the form's errors."""
    assignment = selectors.assignment_for(request.user, pk)
    _allowed(permissions.can_update_assignment(request.user, assignment))
    if _frozen(assignment.action.plan):
        return _refuse_frozen(request, "plans:assignment", assignment.pk)
    form = form(assignment)
    if form_post(request, form, lambda data: write(assignment, data)).ok:
        messages.success(request, done)
        return redirect("plans:assignment", pk=assignment.pk)
    return render(
        request,
        "plans/assignment.html",
        _assignment_context(request, assignment, **{form_key: form}),
        status=400,
    )


@login_required
@require_POST
def update_add(request, pk):
    return _assignment_form_post(
        request,
        pk,
        form=lambda assignment: UpdateForm(request.POST),
        form_key="update_form",
        write=lambda assignment, data: services.update_add(
            actor=request.user, assignment=assignment, **data
        ),
        done="Update added.",
    )


@login_required
@GET_POST
def update_correct(request, pk):
    """Correct the latest update: a new entry that supersedes it (never an edit in place)."""
    update = selectors.update_for_correction(request.user, pk)
    assignment = update.assignment
    _allowed(permissions.can_update_assignment(request.user, assignment))
    if _frozen(assignment.action.plan):
        return _refuse_frozen(request, "plans:assignment", assignment.pk)
    form = UpdateCorrectionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "narrative": update.narrative,
            "rag": update.rag,
            "percent_complete": update.percent_complete,
            "not_adopted_reason": update.not_adopted_reason,
        },
    )
    posted = form_post(
        request,
        form,
        lambda data: services.update_correct(actor=request.user, update=update, **data),
    )
    if posted.ok:
        messages.success(request, f"Update {update.sequence} corrected.")
        return redirect("plans:assignment", pk=assignment.pk)
    return render(
        request,
        "plans/update_correct.html",
        {"form": form, "update": update, "assignment": assignment, "action": assignment.action},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def evidence_add(request, pk):
    return _assignment_form_post(
        request,
        pk,
        form=lambda assignment: EvidenceForm(request.POST, request.FILES),
        form_key="evidence_form",
        write=lambda assignment, data: services.evidence_add(
            actor=request.user,
            assignment=assignment,
            kind=data["kind"],
            title=data["title"],
            upload=data.get("upload"),
            url=data.get("url") or "",
            note=data.get("note") or "",
        ),
        done="Evidence added.",
    )


@login_required
@require_POST
def evidence_version_add(request, pk):
    evidence = selectors.evidence_for(request.user, pk)
    assignment = evidence.assignment
    _allowed(permissions.can_update_assignment(request.user, assignment))
    form = EvidenceVersionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evidence_version_add(
                actor=request.user,
                evidence=evidence,
                upload=data.get("upload"),
                url=data.get("url") or "",
                note=data.get("note") or "",
            )
        except ValidationError as error:
            messages.error(request, f"{evidence.title}: {' '.join(error.messages)}")
        else:
            messages.success(request, f"New version of “{evidence.title}” added.")
    else:
        messages.error(request, f"{evidence.title}: enter a valid link")
    return redirect("plans:assignment", pk=assignment.pk)


@login_required
@require_safe
def evidence_download(request, pk):
    version = selectors.evidence_version_for(request.user, pk)
    services.evidence_download(actor=request.user, version=version)
    return FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.filename,
        content_type=version.content_type or "application/octet-stream",
    )


@login_required
@require_POST
def closure_propose(request, pk):
    return _assignment_form_post(
        request,
        pk,
        form=lambda assignment: ClosureProposeForm(request.POST, assignment=assignment),
        form_key="closure_form",
        write=lambda assignment, data: services.closure_propose(
            actor=request.user, assignment=assignment, **data
        ),
        done="Closure proposed. The approver will approve it or return it.",
    )


# Approvals and my work -----------------------------------------------------------------------


@login_required
def approvals(request):
    page = selectors.approvals_for(request.user, page=request.GET.get("page", 1))
    return render(
        request,
        "plans/approvals.html",
        {"closures": presenters.approval_rows(page.object_list, clock.today()), "page": page},
    )


def _decide(actor, closure, data) -> str:
    """Approve or return, as the approver chose; what to tell them."""
    if data["decision"] == ClosureDecision.APPROVED:
        services.closure_approve(
            actor=actor,
            closure=closure,
            comment=data["comment"],
            demonstration_months=data["demonstration_months"],
        )
        return "Closure approved."
    services.closure_return(actor=actor, closure=closure, comment=data["comment"])
    return "Closure returned to the unit with your comment."


@login_required
@GET_POST
def closure_decide(request, pk):
    closure = selectors.closure_for_decision(request.user, pk)
    _allowed(permissions.can_decide_closure(request.user, closure.assignment))
    if closure.decision != ClosureDecision.PENDING:
        messages.info(request, already.closure_decided(closure))
        return redirect("plans:assignment", pk=closure.assignment_id)
    if _frozen(closure.assignment.action.plan):
        return _refuse_frozen(request, "plans:assignment", closure.assignment_id)
    form = ClosureDecisionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.cleaned_data["decision"] == ClosureDecision.APPROVED
        and not request.POST.get("confirmed")
    ):
        # Approval cannot be undone: say what it will do and ask again.
        return render(
            request,
            "plans/closure_confirm.html",
            {
                "closure": closure,
                "assignment": closure.assignment,
                "data": form.cleaned_data,
                "completes_on": presenters.completes_on(
                    clock.today(), form.cleaned_data["demonstration_months"]
                ),
            },
        )
    if request.method == "POST" and form.is_valid():
        try:
            done = _decide(request.user, closure, form.cleaned_data)
        except PermissionDenied as error:
            raise Http404 from error
        except already.AlreadyDone as error:
            # Someone decided it while this person was reading: say who and when, on the page
            # that shows the outcome, rather than offering the form again.
            messages.error(request, " ".join(error.messages))
            return redirect("plans:assignment", pk=closure.assignment_id)
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, done)
            return redirect("plans:approvals")
    page = selectors.assignment_page(closure.assignment)
    return render(
        request,
        "plans/closure_decide.html",
        {
            "closure": closure,
            "assignment": closure.assignment,
            "form": form,
            "page": page,
            "standing": presenters.tag(page.row.standing),
            "panels": extensions.closure_panels(closure, user=request.user, today=clock.today()),
        },
    )


@login_required
def my_work(request):
    def content() -> dict:
        work = selectors.my_work(
            request.user,
            unit_id=_int_or_none(request.GET.get("unit")),
            mine=request.GET.get("mine") == "1",
            overdue_page=request.GET.get("overdue_page", 1),
            soon_page=request.GET.get("soon_page", 1),
            update_page=request.GET.get("update_page", 1),
            requested_page=request.GET.get("requested_page", 1),
        )
        return {
            "work": presenters.my_work(work),
            "overdue_query": _query_without(request, "overdue_page"),
            "soon_query": _query_without(request, "soon_page"),
            "update_query": _query_without(request, "update_page"),
            "requested_query": _query_without(request, "requested_page"),
            "filtered": "unit" in request.GET or "mine" in request.GET,
        }

    html = page_cache.fragment(
        "plans.my_work",
        (request.user.pk, sorted(request.GET.lists())),
        "plans/_my_work.html",
        content,
    )
    return render(request, "plans/my_work.html", {"content": html})


@login_required
@require_safe
def plan_export(request, pk, fmt):
    plan = selectors.plan_for(request.user, pk)
    if fmt not in export.FORMATS:
        raise Http404
    inspection = plan.inspection
    chunks = services.force_export_stream(
        actor=request.user, force=inspection.force, format=fmt, inspection=inspection
    )
    # Written as it is read: a national plan's export never sits whole in the worker's memory.
    response = StreamingHttpResponse(chunks, content_type=export.CONTENT_TYPES[fmt])
    filename = export.download_name(inspection.force, fmt, inspection=inspection)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def national(request):
    forces = selectors.national_forces(request.user, _int_or_none(request.GET.get("force")))
    areas = selectors.national_areas([f.pk for f in forces])
    form = NationalFilterForm(
        request.GET or None, forces=forces, areas=areas, states=presenters.NATIONAL_STATES
    )
    filters = form.cleaned_data if form.is_valid() else {}

    def content() -> dict:
        view = selectors.national_view(
            request.user,
            forces=forces,
            force_id=filters.get("force"),
            area=filters.get("area") or None,
            due=filters.get("due") or None,
            states=set(filters.get("state") or []),
            page=request.GET.get("page", 1),
            area_page=request.GET.get("area_page", 1),
        )
        return {
            "view": view,
            "form": form,
            "states": presenters.NATIONAL_STATES,
            "totals": presenters.national_counts(view.totals),
            "areas": [
                {**vars(row), "counts": presenters.national_counts(row.by_state)}
                for row in view.area_rows
            ],
            "comparison": [
                {**vars(row), "counts": presenters.national_counts(row.by_state)}
                for row in view.comparison
            ],
            "filtered": bool(set(request.GET) - {"page", "area_page"}),
            "page_query": _query_without(request, "page"),
            "area_page_query": _query_without(request, "area_page"),
            "compare_query": _query_without(request, "area", "page", "area_page"),
        }

    # What is shown depends on the forces the person covers and the filters, not on who they are.
    html = page_cache.fragment(
        "plans.national",
        (sorted(f.pk for f in forces), sorted(request.GET.lists())),
        "plans/_national.html",
        content,
    )
    return render(request, "plans/national.html", {"content": html, "errors": bool(form.errors)})
