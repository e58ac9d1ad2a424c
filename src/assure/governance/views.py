"""Governance pages: resolve access → validate → call one service → redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from assure.core import clock
from assure.core.forms import GET_POST, form_post
from assure.inspections.models import Recommendation
from assure.plans import permissions as plan_permissions
from assure.plans.models import PlanStatus
from assure.plans.services import action_plan_transition

from . import permissions, presenters, selectors, services
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    BoardForm,
    CommitmentForm,
    ConfirmForm,
    DecisionForm,
    FollowUpForm,
    MeetingForm,
    MeetingSeriesForm,
    MinutesForm,
    PaperForm,
    QAReturnForm,
    ResponseForm,
    TransitionForm,
)
from .models import Commitment, PaperFormat, PccResponse, ResponseStatus


def _allowed(allowed: bool) -> None:
    if not allowed:
        raise Http404


# The inspectorate's side ----------------------------------------------------------------------


def _plan_qa_page(request, plan, *, status=200, **forms):
    """The QA page, with a form that was posted and refused shown with its errors."""
    recommendations = list(plan.inspection.recommendations.order_by("position", "id"))
    can_qa = permissions.can_quality_assure(request.user, plan)
    context = {
        "plan": plan,
        "inspection": plan.inspection,
        "snapshots": presenters.snapshot_rows(plan),
        "comments": presenters.qa_comments(plan),
        "moves": [
            {"to": t.value, "label": presenters.MOVE_LABELS[t]}
            for t in plan_permissions.allowed_transitions(request.user, plan)
            if t in presenters.MOVE_LABELS
        ],
        "move_form": None,
        "return_form": QAReturnForm(recommendations=recommendations)
        if can_qa and plan.status == PlanStatus.IN_QA
        else None,
        "follow_ups": presenters.follow_up_rows(recommendations),
        "follow_up_form": FollowUpForm(initial={"judged_on": clock.today()})
        if permissions.can_record_follow_up(request.user, plan)
        else None,
    }
    context.update(forms)
    context["error_form"] = next((f for f in forms.values() if f is not None and f.errors), None)
    return render(request, "governance/plan_qa.html", context, status=status)


@login_required
@require_GET
def plan_qa(request, pk):
    return _plan_qa_page(request, selectors.plan_for(request.user, pk))


@login_required
@require_POST
def plan_qa_move(request, pk):
    plan = selectors.plan_for(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise Http404
    to = PlanStatus(form.cleaned_data["to"])
    _allowed(to in plan_permissions.allowed_transitions(request.user, plan))
    posted = form_post(
        request, form, lambda d: action_plan_transition(actor=request.user, plan=plan, to=to)
    )
    if posted.ok:
        messages.success(request, f"The plan is now {to.label.lower()}.")
        return redirect("governance:plan_qa", pk=plan.pk)
    plan.refresh_from_db()
    return _plan_qa_page(request, plan, status=409, move_form=form)


@login_required
@require_POST
def plan_qa_return(request, pk):
    plan = selectors.plan_for(request.user, pk)
    _allowed(permissions.can_quality_assure(request.user, plan))
    form = QAReturnForm(request.POST, recommendations=plan.inspection.recommendations.all())
    posted = form_post(
        request,
        form,
        lambda d: services.plan_qa_return(
            actor=request.user, plan=plan, comments=form.comments(), note=d["note"]
        ),
    )
    if posted.ok:
        messages.success(request, "The plan is returned to the coordinator with your comments.")
        return redirect("governance:plan_qa", pk=plan.pk)
    plan.refresh_from_db()
    if plan.status != PlanStatus.IN_QA:  # someone moved it meanwhile: say so, offer no form
        return _plan_qa_page(request, plan, status=409, move_form=form)
    return _plan_qa_page(request, plan, status=400, return_form=form)


@login_required
@require_POST
def follow_up(request, pk):
    recommendation = selectors.recommendation_for(request.user, pk)
    _allowed(permissions.can_record_follow_up(request.user, recommendation.inspection))
    form = FollowUpForm(request.POST)
    posted = form_post(
        request,
        form,
        lambda data: services.follow_up_record(
            actor=request.user, recommendation=recommendation, **data
        ),
    )
    if posted.ok:
        messages.success(request, f"Follow-up judgement recorded for {recommendation.ref}.")
    else:
        messages.error(request, "Choose a judgement and a date to record a follow-up.")
    plan = getattr(recommendation.inspection, "action_plan", None)
    if plan is not None:
        return redirect("governance:plan_qa", pk=plan.pk)
    return redirect("inspections:detail", pk=recommendation.inspection_id)


# PCC oversight --------------------------------------------------------------------------------


@login_required
@GET_POST
def commitments(request, slug):
    force = selectors.force_for(request.user, slug)
    can_record = permissions.can_record_commitment(request.user, force)
    recs = _force_recommendations(force)
    form = CommitmentForm(request.POST or None, recommendations=recs) if can_record else None
    if request.method == "POST":
        _allowed(can_record)
        posted = form_post(
            request,
            form,
            lambda d: services.commitment_create(
                actor=request.user, force=force, **_commitment_fields(d)
            ),
        )
        if posted.ok:
            messages.success(request, "Commitment recorded.")
            return redirect("governance:commitments", slug=force.slug)
    rows = list(
        Commitment.objects.filter(force=force)
        .prefetch_related("recommendations")
        .order_by("committed_on", "pk")
    )
    return render(
        request,
        "governance/commitments.html",
        {
            "force": force,
            "rows": presenters.commitment_rows(rows),
            "form": form,
            "can_edit": can_record,
        },
    )


def _force_recommendations(force):
    """The recommendations a commitment may fund: the force's, in report order."""
    return Recommendation.objects.filter(inspection__force=force).order_by("inspection", "position")


def _commitment_fields(data) -> dict:
    """The commitment form's cleaned data as the create and update services take it."""
    return {
        "amount": data["amount"],
        "committed_on": data["committed_on"],
        "purpose": data["purpose"],
        "outputs": data["outputs"],
        "spend_to_date": data["spend_to_date"] or 0,
        "recommendations": data["recommendations"],
    }


@login_required
@GET_POST
def commitment_edit(request, pk):
    found = selectors.commitment_for(request.user, pk)
    _allowed(permissions.can_record_commitment(request.user, found.force))
    recs = _force_recommendations(found.force)
    initial = {
        "amount": found.amount,
        "committed_on": found.committed_on,
        "purpose": found.purpose,
        "outputs": found.outputs,
        "spend_to_date": found.spend_to_date,
        "recommendations": list(found.recommendations.all()),
    }
    form = CommitmentForm(request.POST or None, recommendations=recs, initial=initial)
    posted = form_post(
        request,
        form,
        lambda d: services.commitment_update(
            actor=request.user, commitment=found, **_commitment_fields(d)
        ),
    )
    if posted.ok:
        messages.success(request, f"Commitment updated: {presenters.money(found.amount)}.")
        return redirect("governance:commitments", slug=found.force.slug)
    return render(
        request,
        "governance/commitment_edit.html",
        {"commitment": found, "force": found.force, "form": form},
        status=400 if form.is_bound else 200,
    )


def _response_forms(request, inspection):
    existing = PccResponse.objects.filter(inspection=inspection).first()
    recommendations = list(inspection.recommendations.order_by("position", "id"))
    can_write = permissions.can_write_response(request.user, inspection) and (
        existing is None or existing.status == ResponseStatus.DRAFT
    )
    initial = presenters.response_initial(existing)
    form = (
        ResponseForm(request.POST or None, recommendations=recommendations, initial=initial)
        if can_write
        else None
    )
    return existing, can_write, form


def _response_page(request, inspection, existing, form, *, publish_form=None, status=200):
    can_write = form is not None
    return render(
        request,
        "governance/response.html",
        {
            "inspection": inspection,
            "response": existing,
            "statements": presenters.statements(existing),
            "form": form,
            "publish_form": publish_form,
            "can_publish": can_write and existing is not None,
        },
        status=status,
    )


@login_required
@GET_POST
def response(request, pk):
    inspection = selectors.inspection_for(request.user, pk)
    existing, can_write, form = _response_forms(request, inspection)
    if request.method == "POST":
        _allowed(can_write)
        posted = form_post(
            request,
            form,
            lambda d: services.response_save(
                actor=request.user,
                inspection=inspection,
                summary=d["summary"],
                statements=form.statements(),
                general=d["general"].splitlines(),
            ),
        )
        if posted.ok:
            messages.success(request, "Draft response saved. Publish it when it is ready.")
            return redirect("governance:response", pk=inspection.pk)
    return _response_page(
        request, inspection, existing, form, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
def response_publish(request, pk):
    inspection = selectors.inspection_for(request.user, pk)
    existing = PccResponse.objects.filter(inspection=inspection).first()
    _allowed(existing is not None and permissions.can_write_response(request.user, inspection))
    form = ConfirmForm(request.POST)
    posted = form_post(
        request, form, lambda d: services.response_publish(actor=request.user, response=existing)
    )
    if posted.ok:
        messages.success(request, "The response is published on the public page.")
        return redirect("governance:response", pk=inspection.pk)
    existing.refresh_from_db()
    request.method = "GET"  # show the page as it now is, with the refusal on top
    _existing, _can_write, draft_form = _response_forms(request, inspection)
    return _response_page(request, inspection, existing, draft_form, publish_form=form, status=409)


@require_GET
def public_force(request, slug):
    force, responses = selectors.published_responses(slug)
    return render(request, "governance/public_force.html", {"force": force, "responses": responses})


@require_GET
def public_response(request, slug, pk):
    found = selectors.published_response(slug, pk)
    return render(
        request,
        "governance/public_response.html",
        {
            "response": found,
            "inspection": found.inspection,
            "statements": presenters.statements(found),
        },
    )


# Boards and meetings --------------------------------------------------------------------------


@login_required
@require_GET
def boards(request):
    _allowed(permissions.sees_boards(request.user))
    return render(
        request,
        "governance/boards.html",
        {
            "boards": selectors.boards_for(request.user),
            "forces_run": list(permissions.forces_run_by(request.user).order_by("name")),
        },
    )


@login_required
@GET_POST
def board_create(request, slug):
    force = selectors.force_for(request.user, slug)
    _allowed(permissions.can_run_meetings(request.user, force))
    form = BoardForm(request.POST or None, people=selectors.force_people(force))
    posted = form_post(
        request,
        form,
        lambda d: services.board_create(actor=request.user, force=force, **d),
    )
    if posted.ok:
        messages.success(request, "Board set up. Now arrange its meetings.")
        return redirect("governance:board", pk=posted.result.pk)
    return render(
        request,
        "governance/board_form.html",
        {"force": force, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@GET_POST
def meeting_series(request, pk):
    found = selectors.board_for(request.user, pk)
    _allowed(permissions.can_run_meetings(request.user, found))
    form = MeetingSeriesForm(request.POST or None)
    posted = form_post(
        request,
        form,
        lambda d: services.meeting_series_create(actor=request.user, board=found, **d),
    )
    if posted.ok:
        made = posted.result or []
        messages.success(
            request,
            f"{len(made)} meetings arranged, each with the open action plans as standing items.",
        )
        return redirect("governance:board", pk=found.pk)
    return render(
        request,
        "governance/meeting_series.html",
        {"board": found, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@GET_POST
def board(request, pk):
    found = selectors.board_for(request.user, pk)
    can_run = permissions.can_run_meetings(request.user, found)
    form = MeetingForm(request.POST or None) if can_run else None
    if request.method == "POST":
        _allowed(can_run)
        posted = form_post(
            request,
            form,
            lambda d: services.meeting_create(
                actor=request.user,
                board=found,
                held_on=d["held_on"],
                location=d["location"],
                items=[(d["item"], d["restricted"])],
            ),
        )
        if posted.ok:
            messages.success(request, "Meeting arranged, with the action plan as a standing item.")
            return redirect("governance:meeting", pk=posted.result.pk)
    return render(
        request,
        "governance/board.html",
        {
            "board": found,
            "members": list(found.members.order_by("full_name")),
            "meetings": selectors.board_meetings(found, page=request.GET.get("page", 1)),
            "form": form,
        },
    )


def _meeting_context(request, meeting, **forms):
    user = request.user
    recs = presenters.force_recommendations(meeting.board.force)
    can_run = permissions.can_run_meetings(user, meeting)
    members = list(meeting.board.members.order_by("full_name"))
    presence = {a.user_id: a.presence for a in meeting.attendance.all()}
    context = {
        "meeting": meeting,
        "board": meeting.board,
        **presenters.meeting_page(meeting, user),
        "can_run": can_run,
        "can_decide": permissions.can_record_decision(user, meeting),
        "attendance_form": AttendanceForm(members=members, initial_presence=presence)
        if can_run and members
        else None,
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes})
        if can_run and meeting.minutes_status != "approved"
        else None,
        "agenda_form": AgendaItemForm() if can_run else None,
        "decision_form": DecisionForm(recommendations=recs)
        if permissions.can_record_decision(user, meeting)
        else None,
        "paper_form": PaperForm() if permissions.can_generate_papers(user, meeting) else None,
    }
    context.update(forms)
    context["error_form"] = next((f for f in forms.values() if f is not None and f.errors), None)
    return context


@login_required
@require_GET
def meeting(request, pk):
    found = selectors.meeting_for(request.user, pk)
    return render(request, "governance/meeting.html", _meeting_context(request, found))


def _meeting_post(request, pk, *, allowed, form_class, call, success, form_kwargs=None):
    found = selectors.meeting_for(request.user, pk)
    _allowed(allowed(request.user, found))
    form = (
        form_class(request.POST, **form_kwargs(found)) if form_kwargs else form_class(request.POST)
    )
    posted = form_post(request, form, lambda d: call(found, form, d))
    if posted.ok:
        messages.success(request, success)
        return redirect("governance:meeting", pk=found.pk)
    key = {
        AttendanceForm: "attendance_form",
        MinutesForm: "minutes_form",
        AgendaItemForm: "agenda_form",
        DecisionForm: "decision_form",
        PaperForm: "paper_form",
        ConfirmForm: "approve_form",
    }[form_class]
    return render(
        request,
        "governance/meeting.html",
        _meeting_context(request, found, **{key: form}),
        status=409 if key == "approve_form" else 400,
    )


@login_required
@require_POST
def meeting_attendance(request, pk):
    return _meeting_post(
        request,
        pk,
        allowed=permissions.can_run_meetings,
        form_class=AttendanceForm,
        form_kwargs=lambda m: {
            "members": list(m.board.members.all()),
            "initial_presence": {},
        },
        call=lambda m, form, d: services.attendance_record(
            actor=request.user, meeting=m, presence=form.presence()
        ),
        success="Attendance recorded.",
    )


@login_required
@require_POST
def meeting_minutes(request, pk):
    return _meeting_post(
        request,
        pk,
        allowed=permissions.can_run_meetings,
        form_class=MinutesForm,
        form_kwargs=None,
        call=lambda m, form, d: services.minutes_save(
            actor=request.user, meeting=m, minutes=d["minutes"]
        ),
        success="Draft minutes saved. The board approves them at its next meeting.",
    )


@login_required
@require_POST
def meeting_agenda(request, pk):
    return _meeting_post(
        request,
        pk,
        allowed=permissions.can_run_meetings,
        form_class=AgendaItemForm,
        form_kwargs=None,
        call=lambda m, form, d: services.agenda_item_add(actor=request.user, meeting=m, **d),
        success="Agenda item added.",
    )


@login_required
@require_POST
def meeting_decision(request, pk):
    return _meeting_post(
        request,
        pk,
        allowed=permissions.can_record_decision,
        form_class=DecisionForm,
        form_kwargs=lambda m: {"recommendations": presenters.force_recommendations(m.board.force)},
        call=lambda m, form, d: services.decision_record(actor=request.user, meeting=m, **d),
        success="Decision recorded.",
    )


@login_required
@require_POST
def meeting_approve_minutes(request, pk):
    return _meeting_post(
        request,
        pk,
        allowed=permissions.can_approve_minutes,
        form_class=ConfirmForm,
        form_kwargs=None,
        call=lambda m, form, d: services.minutes_approve(actor=request.user, meeting=m),
        success="The minutes of the previous meeting are approved.",
    )


@login_required
@require_POST
def meeting_paper(request, pk):
    return _meeting_post(
        request,
        pk,
        allowed=permissions.can_generate_papers,
        form_class=PaperForm,
        form_kwargs=None,
        call=lambda m, form, d: services.paper_request(actor=request.user, meeting=m, **d),
        success="The paper is being generated.",
    )


@login_required
@require_GET
def paper_job(request, pk):
    job = selectors.job_for(request.user, pk)
    return render(request, "governance/paper_job.html", {"job": job})


@login_required
@require_GET
def paper_download(request, pk):
    paper = selectors.paper_for(request.user, pk)
    services.paper_download(actor=request.user, paper=paper)
    types = {
        PaperFormat.PDF: "application/pdf",
        PaperFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    response_ = HttpResponse(bytes(paper.content), content_type=types[paper.format])
    response_["Content-Disposition"] = (
        f'attachment; filename="{paper.kind}-{paper.pk}.{paper.format}"'
    )
    response_["X-Content-SHA256"] = paper.sha256
    return response_
