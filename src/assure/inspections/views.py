"""Pages for inspections: resolve access → validate → call one service → redirect or render.

Whatever a person may not see, or may not change, answers 404 (no existence leaks).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from assure.core import clock
from assure.core.forms import GET_POST, attach_error, form_post

from . import extensions, permissions, presenters, selectors, services
from . import report_import as drafts
from .forms import (
    FindingDraftFormSet,
    FindingForm,
    InspectionForm,
    PreviewForm,
    RecommendationDraftFormSet,
    RecommendationForm,
    RegisterStatusForm,
    ReportImportForm,
    summary_errors,
)


def _managed(request, pk):
    """An inspection the user may change, or 404."""
    inspection = selectors.inspection_for(request.user, pk)
    if not permissions.can_manage_inspection(request.user, inspection):
        raise Http404
    return inspection


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# --- Inspections --------------------------------------------------------------------


@login_required
def inspection_list(request):
    inspections = list(selectors.inspections_for_list(request.user))
    columns = extensions.list_columns(inspections)
    rows = [
        {
            "inspection": i,
            "published": presenters.long_date(i.published_on) or "Not yet",
            "cells": [column.cells.get(i.pk) for column in columns],
        }
        for i in inspections
    ]
    can_create = bool(selectors.forces_for_new_inspection(request.user))
    return render(
        request,
        "inspections/list.html",
        {"rows": rows, "columns": columns, "can_create": can_create},
    )


@login_required
@GET_POST
def inspection_create(request):
    forces = selectors.forces_for_new_inspection(request.user)
    if not forces:
        raise Http404
    form = InspectionForm(request.POST or None, forces=forces)
    posted = form_post(
        request,
        form,
        lambda _data: services.inspection_create(
            actor=request.user, force=form.chosen_force(), **form.details()
        ),
    )
    if posted.ok:
        messages.success(request, f"Inspection “{posted.result.title}” added")
        return redirect("inspections:detail", pk=posted.result.pk)
    return render(request, "inspections/inspection_form.html", {"form": form, "inspection": None})


@login_required
@GET_POST
def inspection_edit(request, pk):
    inspection = _managed(request, pk)
    initial = {name: getattr(inspection, name) for name in services.INSPECTION_FIELDS}
    form = InspectionForm(request.POST or None, initial=initial, editing=True)
    posted = form_post(
        request,
        form,
        lambda _data: services.inspection_update(
            actor=request.user, inspection=inspection, **form.details()
        ),
    )
    if posted.ok:
        message = "Inspection details saved"
        if "published_on" in form.changed_data:
            moved = _plural(posted.result.due_dates_moved, "due date")
            message += f". {moved} moved with the publication date"
        messages.success(request, message)
        return redirect("inspections:detail", pk=inspection.pk)
    return render(
        request, "inspections/inspection_form.html", {"form": form, "inspection": inspection}
    )


@login_required
def inspection_detail(request, pk):
    page = selectors.inspection_page(request.user, pk, page=request.GET.get("page", 1))
    inspection = page.inspection
    panels = extensions.panels(
        inspection,
        recommendations=page.recommendations,
        user=request.user,
        today=clock.today(),
    )
    rows = [
        presenters.recommendation_row(
            r,
            r.status_changes.all(),
            lines=[p.per_recommendation[r.pk] for p in panels if r.pk in p.per_recommendation],
        )
        for r in page.recommendations
    ]
    details = [
        ("Force", inspection.force.name),
        ("Inspectorate", inspection.body),
        ("Programme", inspection.programme or "Not recorded"),
        (
            "Fieldwork",
            presenters.fieldwork_text(inspection.fieldwork_start, inspection.fieldwork_end),
        ),
        ("Published", presenters.long_date(inspection.published_on) or "Not yet published"),
    ]
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "details": details,
            "panels": panels,
            "findings": [
                {"finding": f, "tag": presenters.finding_tag(f.kind)} for f in page.findings
            ],
            "areas": presenters.group_by_area(rows),
            "recommendation_count": page.page.paginator.count if page.page else len(rows),
            "recommendation_page": page.page,
            "can_manage": permissions.can_manage_inspection(request.user, inspection),
            "can_set_status": permissions.can_set_register_status(request.user, inspection.force),
        },
    )


# --- Findings -----------------------------------------------------------------------


@login_required
@GET_POST
def finding_add(request, pk):
    inspection = _managed(request, pk)
    form = FindingForm(request.POST or None)
    posted = form_post(
        request,
        form,
        lambda data: services.finding_add(
            actor=request.user, inspection=inspection, text=data["text"], kind=data["kind"]
        ),
    )
    if posted.ok:
        messages.success(request, "Finding added")
        return redirect(reverse("inspections:detail", args=[pk]) + "#findings")
    return render(
        request,
        "inspections/finding_form.html",
        {"form": form, "inspection": inspection, "finding": None},
    )


@login_required
@GET_POST
def finding_edit(request, pk, finding_pk):
    finding = selectors.finding_for(request.user, pk, finding_pk)
    if not permissions.can_manage_inspection(request.user, finding.inspection):
        raise Http404
    form = FindingForm(request.POST or None, initial={"kind": finding.kind, "text": finding.text})
    posted = form_post(
        request,
        form,
        lambda data: services.finding_update(
            actor=request.user, finding=finding, text=data["text"], kind=data["kind"]
        ),
    )
    if posted.ok:
        messages.success(request, "Finding saved")
        return redirect(reverse("inspections:detail", args=[pk]) + "#findings")
    return render(
        request,
        "inspections/finding_form.html",
        {"form": form, "inspection": finding.inspection, "finding": finding},
    )


@login_required
@GET_POST
def finding_delete(request, pk, finding_pk):
    finding = selectors.finding_for(request.user, pk, finding_pk)
    if not permissions.can_manage_inspection(request.user, finding.inspection):
        raise Http404
    if request.method == "POST":
        services.finding_delete(actor=request.user, finding=finding)
        messages.success(request, "Finding deleted")
        return redirect(reverse("inspections:detail", args=[pk]) + "#findings")
    return render(
        request,
        "inspections/finding_delete.html",
        {
            "finding": finding,
            "inspection": finding.inspection,
            "tag": presenters.finding_tag(finding.kind),
        },
    )


# --- Recommendations ----------------------------------------------------------------


def _recommendation_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "ref": data["ref"],
        "area": data["area"],
        "text": data["text"],
        "sub_points": data["sub_points"],
        "kind": data["kind"],
        "deadline": data["deadline"],
    }


@login_required
@GET_POST
def recommendation_add(request, pk):
    inspection = _managed(request, pk)
    form = RecommendationForm(request.POST or None)
    posted = form_post(
        request,
        form,
        lambda _data: services.recommendation_add(
            actor=request.user, inspection=inspection, **_recommendation_fields(form)
        ),
    )
    if posted.ok:
        recommendation = posted.result
        messages.success(request, f"Recommendation {recommendation.ref} added")
        return redirect(
            reverse("inspections:detail", args=[pk]) + f"#recommendation-{recommendation.pk}"
        )
    return render(
        request,
        "inspections/recommendation_form.html",
        {"form": form, "inspection": inspection, "recommendation": None},
    )


@login_required
@GET_POST
def recommendation_edit(request, pk, recommendation_pk):
    recommendation = selectors.recommendation_for(request.user, pk, recommendation_pk)
    if not permissions.can_manage_inspection(request.user, recommendation.inspection):
        raise Http404
    form = RecommendationForm(
        request.POST or None, initial=RecommendationForm.initial_from(recommendation)
    )
    posted = form_post(
        request,
        form,
        lambda _data: services.recommendation_update(
            actor=request.user, recommendation=recommendation, **_recommendation_fields(form)
        ),
    )
    if posted.ok:
        messages.success(request, f"Recommendation {recommendation.ref} saved")
        return redirect(
            reverse("inspections:detail", args=[pk]) + f"#recommendation-{recommendation.pk}"
        )
    return render(
        request,
        "inspections/recommendation_form.html",
        {
            "form": form,
            "inspection": recommendation.inspection,
            "recommendation": recommendation,
        },
    )


@login_required
@GET_POST
def recommendation_status(request, pk, recommendation_pk):
    recommendation = selectors.recommendation_for(request.user, pk, recommendation_pk)
    inspection = recommendation.inspection
    if not permissions.can_set_register_status(request.user, inspection.force):
        raise Http404
    form = RegisterStatusForm(request.POST or None, initial={"status": recommendation.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_status_set(
                actor=request.user,
                recommendation=recommendation,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                attach_error(form, error)
            else:
                form.add_error("status", error.messages)
        else:
            label = presenters.status_tag(recommendation.status)["text"].lower()
            messages.success(request, f"Recommendation {recommendation.ref} is now {label}")
            return redirect(
                reverse("inspections:detail", args=[pk]) + f"#recommendation-{recommendation.pk}"
            )
    row = presenters.recommendation_row(recommendation, selectors.status_history(recommendation))
    return render(
        request,
        "inspections/recommendation_status.html",
        {"form": form, "inspection": inspection, "row": row},
    )


# --- Import a report ----------------------------------------------------------------


@login_required
@GET_POST
def report_import(request):
    forces = selectors.forces_for_new_inspection(request.user)
    if not forces:
        raise Http404
    form = ReportImportForm(request.POST or None, request.FILES or None, forces=forces)
    if request.method == "POST" and form.is_valid():
        try:
            draft = drafts.start_draft(
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
                force_id=form.chosen_force().pk,
                published_on=form.cleaned_data["published_on"],
            )
        except drafts.ImportRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            request.session[drafts.SESSION_KEY] = draft
            return redirect("inspections:import_preview")
    return render(request, "inspections/import.html", {"form": form})


def _draft_forms(draft, data=None):
    form = PreviewForm(
        data,
        initial={"title": draft.get("title", ""), "published_on": drafts.published_on(draft)},
    )
    findings = FindingDraftFormSet(data, initial=draft["findings"], prefix="finding")
    recommendations = RecommendationDraftFormSet(
        data,
        initial=[
            {
                "ref": r["ref"],
                "area": r["area"],
                "text": r["text"],
                "sub_points": "\n".join(r["sub_points"]),
                **RecommendationForm.initial_for(drafts.deadline(r)),
            }
            for r in draft["recommendations"]
        ],
        prefix="rec",
    )
    for number, finding in enumerate(findings.forms, start=1):
        finding.fields["text"].label = f"Finding {number}"
        finding.fields["kind"].label = f"Kind of finding {number}"
    for item in recommendations.forms:  # the hints are on the first page; here they are noise
        item.fields["ref"].help_text = item.fields["area"].help_text = ""
    return form, findings, recommendations


def _render_preview(request, draft, force, form, findings, recommendations, error=""):
    earlier = selectors.earlier_import(
        force.pk, draft["source_sha256"], draft.get("content_sha256", "")
    )
    items = []
    for index, rec_form in enumerate(recommendations.forms):
        item = draft["recommendations"][index] if index < len(draft["recommendations"]) else None
        due = drafts.due_on(draft, item) if item else None
        items.append(
            {
                "form": rec_form,
                "index": index,
                "number": index + 1,
                "due": presenters.due_text(drafts.deadline(item), due) if item else "",
            }
        )
    errors = ([{"href": None, "text": error}] if error else []) + summary_errors(
        form, *findings.forms, *recommendations.forms
    )
    areas = {r["area"] for r in draft["recommendations"]}
    return render(
        request,
        "inspections/import_preview.html",
        {
            "draft": draft,
            "force": force,
            "form": form,
            "findings": findings,
            "recommendations": recommendations,
            "items": items,
            "errors": errors,
            "earlier": earlier,
            "area_count": len(areas),
        },
    )


@login_required
@GET_POST
def report_import_preview(request):
    forces = {f.pk: f for f in selectors.forces_for_new_inspection(request.user)}
    if not forces:
        raise Http404
    draft = request.session.get(drafts.SESSION_KEY)
    if not draft:
        return redirect("inspections:import")
    force = forces.get(draft["force_id"])
    if force is None:
        raise Http404
    if request.method == "GET":
        return _render_preview(request, draft, force, *_draft_forms(draft))

    forms_ = _draft_forms(draft, request.POST)
    try:
        outcome = drafts.PreviewPost(draft, request.POST.get("action", ""), *forms_).decide()
    except drafts.UnknownAction:
        raise Http404 from None
    if outcome.step == "stale":
        return _render_preview(request, draft, force, *_draft_forms(draft), error=outcome.error)
    if outcome.step == "invalid":
        return _render_preview(request, outcome.draft, force, *forms_, error=outcome.error)
    request.session[drafts.SESSION_KEY] = outcome.draft
    if outcome.step == "confirm":
        return _confirm_import(request, outcome.draft, force, *forms_)
    anchor = f"#{outcome.anchor}" if outcome.anchor else ""
    return redirect(reverse("inspections:import_preview") + anchor)


def _confirm_import(request, draft, force, form, findings, recommendations):
    try:
        inspection = drafts.confirm(
            actor=request.user, force=force, draft=draft, again=form.cleaned_data["import_again"]
        )
    except ValidationError as error:
        attach_error(form, error)
        return _render_preview(request, draft, force, form, findings, recommendations)
    del request.session[drafts.SESSION_KEY]
    messages.success(
        request,
        f"Inspection imported with {_plural(len(draft['findings']), 'finding')} and "
        f"{_plural(len(draft['recommendations']), 'recommendation')}",
    )
    return redirect("inspections:detail", pk=inspection.pk)
