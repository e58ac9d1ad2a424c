"""Outcome pages: resolve access → validate → call one service (or read) → render."""

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from assure.core import clock
from assure.core.forms import GET_POST, form_post, given_filters
from assure.core.spreadsheets import as_text_cell, csv_stream

from . import agreement, charts, permissions, presenters, selectors, services
from .case_rows import case_rows, remember
from .definitions import INDICATORS
from .engine import WORKLISTS, worklist_page
from .forms import (
    AccessLogFilterForm,
    GradeForm,
    JustificationForm,
    PeriodForm,
    ReviewForm,
    SampleForm,
    SnapshotForm,
    TargetForm,
)
from .kinds import GRADES
from .models import AuditSample, Grade, Purpose, SampledCase, Worklist
from .values import ALL

GET_HEAD = require_http_methods(["GET", "HEAD"])
PAGE_SIZE = 50
WORKLIST_TITLES = {w.value: w.label for w in Worklist}
REVIEW_URLS = {
    Worklist.OVER_3_MONTHS: "indicators:review",
    Worklist.MISSING_72H: "indicators:review_missing",
    Worklist.HELD_AFTER_CHARGE: "indicators:review_custody",
}
WORKLIST_URLS = {
    Worklist.OVER_3_MONTHS: "indicators:worklist",
    Worklist.MISSING_72H: "indicators:worklist_missing",
    Worklist.HELD_AFTER_CHARGE: "indicators:worklist_custody",
}


def _period(request) -> tuple[selectors.Period, PeriodForm]:
    form = PeriodForm(request.GET or None)
    default = selectors.Period.default(clock.today())
    if not request.GET or not form.is_valid():
        return default, PeriodForm(
            initial={
                "as_of": default.as_of,
                "date_from": default.date_from,
                "date_to": default.date_to,
            }
        ) if not request.GET else form
    data = form.cleaned_data
    as_of = data.get("as_of") or default.as_of
    base = selectors.Period.default(data.get("date_to") or as_of)
    return (
        selectors.Period(as_of, data.get("date_from") or base.date_from, base.date_to),
        form,
    )


def _table(force, period):
    units = selectors.units_of(force)
    values, snapshot = selectors.figures(force, units, period)
    names = [u.name for u in units]
    rows = presenters.rows(
        INDICATORS, names, selectors.by_indicator(values), selectors.targets(force)
    )
    return units, names, rows, snapshot


@login_required
@GET_HEAD
def indicators(request, slug):
    force = selectors.force_for(request.user, slug)
    period, form = _period(request)
    _units, names, rows, snapshot = _table(force, period)
    return render(
        request,
        "indicators/indicators.html",
        {
            "force": force,
            "period": period,
            "form": form,
            "units": names,
            "rows": rows,
            "versions": snapshot.versions(),
            "method": presenters.consistency.METHOD,
            "can_see_rows": permissions.may_see_case_rows(request.user, force),
            "can_view_access_log": permissions.can_view_access_log(request.user, force),
        },
    )


@login_required
@GET_HEAD
def indicator(request, slug, indicator_id):
    force = selectors.force_for(request.user, slug)
    ind = selectors.indicator_or_404(indicator_id)
    period, form = _period(request)
    units, names, rows, _snapshot = _table(force, period)
    row = next(r for r in rows if r.indicator.id == ind.id)
    series = selectors.monthly(force, units, period)
    months = [m.month for m in series]
    by_month = [selectors.by_indicator(m.values).get(ind.id, {}) for m in series]
    unit_series = [
        charts.Series(n, [m[n].value if n in m else None for m in by_month]) for n in names
    ]
    force_series = charts.Series(
        "Force (ALL)", [m[ALL].value if ALL in m else None for m in by_month]
    )
    table = [
        {
            "month": month,
            "cells": [
                presenters.value_text(ind, m[n].value if n in m else None) for n in [*names, ALL]
            ],
        }
        for month, m in zip(months, by_month, strict=True)
    ]
    return render(
        request,
        "indicators/indicator.html",
        {
            "force": force,
            "indicator": ind,
            "period": period,
            "form": form,
            "row": row,
            "units": names,
            "svg": charts.trend_svg(ind, months, unit_series, force_series),
            "legend": charts.legend(unit_series),
            "table": table,
            "target_form": TargetForm(units=units)
            if permissions.can_set_target(request.user, force)
            else None,
            "method": presenters.consistency.METHOD,
        },
    )


@login_required
@require_POST
def target_set(request, slug, indicator_id):
    force = selectors.force_for(request.user, slug)
    ind = selectors.indicator_or_404(indicator_id)
    if not permissions.can_set_target(request.user, force):
        raise Http404
    units = selectors.units_of(force)
    form = TargetForm(request.POST, units=units)
    by_code = {u.code: u for u in units}
    posted = form_post(
        request,
        form,
        lambda data: services.indicator_target_set(
            actor=request.user,
            force=force,
            indicator=ind.id,
            value=data["value"],
            unit=by_code.get(data["unit"]),
        ),
    )
    if posted.ok:
        messages.success(request, "Target set.")
    else:
        messages.error(request, "Enter the target as a number, like 90.")
    return redirect("indicators:indicator", slug=force.slug, indicator_id=ind.id)


@login_required
@GET_HEAD
def download(request, slug, fmt):
    force = selectors.force_for(request.user, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    period, _form = _period(request)
    _units, _names, rows, _snapshot = _table(force, period)
    header = [
        "indicator",
        "title",
        "unit",
        "value",
        "numerator",
        "denominator",
        "target",
        "status",
        "gap_to_force",
        "z_score",
        "as_of",
        "from",
        "to",
    ]
    values = selectors.by_indicator(selectors.figures(force, _units, period)[0])
    lines = []
    for row in rows:
        for cell in [*row.cells, row.force]:
            v = values[row.indicator.id][cell.unit]
            lines.append(
                [
                    row.indicator.id,
                    row.indicator.title,
                    cell.unit,
                    v.value,
                    v.numerator,
                    v.denominator,
                    cell.target,
                    cell.tag["text"],
                    cell.gap,
                    cell.z,
                    period.as_of.isoformat(),
                    period.date_from.isoformat(),
                    period.date_to.isoformat(),
                ]
            )
    name = f"indicators-{force.slug}-{period.as_of}"
    if fmt == "csv":
        response = HttpResponse(
            b"".join(csv_stream(header, lines)), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Indicators"
        sheet.append(header)
        for line in lines:
            sheet.append([as_text_cell(c) if isinstance(c, str) else c for c in line])
        out_bytes = io.BytesIO()
        book.save(out_bytes)
        response = HttpResponse(
            out_bytes.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# Justified access ---------------------------------------------------------------------------


@login_required
@GET_POST
def justify(request, slug, purpose):
    force = get_object_or_404(selectors.Organisation, slug=slug, kind="force")
    if not permissions.may_see_case_rows(request.user, force) or purpose not in Purpose.values:
        raise Http404
    form = JustificationForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if not request.session.session_key:
        request.session.save()
    posted = form_post(
        request,
        form,
        lambda data: services.case_access_justify(
            actor=request.user,
            force=force,
            purpose=purpose,
            reason=data["reason"],
            session_key=request.session.session_key or "",
        ),
    )
    if posted.ok:
        remember(request, force, purpose, posted.result.pk)
        target = form.cleaned_data.get("next") or reverse(
            "indicators:worklists", kwargs={"slug": slug}
        )
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("indicators:worklists", kwargs={"slug": slug})
        return redirect(target)
    return render(
        request,
        "indicators/justify.html",
        {"force": force, "purpose": Purpose(purpose), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@GET_HEAD
def access_log(request, slug):
    force = selectors.force_for(request.user, slug)
    if not permissions.can_view_access_log(request.user, force):
        raise Http404
    form = AccessLogFilterForm(request.GET or None, people=selectors.access_log_people(force))
    # Filters that cannot be read show (and download) nothing, never the whole log.
    filters = given_filters(form)
    if request.GET.get("format") == "csv" and filters is not None:
        chunks = services.access_log_export(actor=request.user, force=force, filters=filters)
        response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="case-access-{slug}.csv"'
        return response
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "indicators/access_log.html",
        {
            "force": force,
            "form": form,
            "page": selectors.access_log_page(
                force, page=request.GET.get("page", 1), filters=filters
            ),
            "query": query.urlencode(),
            "filtered": bool(request.GET.keys() - {"page", "format"}),
        },
        status=400 if filters is None else 200,
    )


# Worklists ------------------------------------------------------------------------------------


@login_required
@GET_HEAD
def worklists(request, slug):
    force = get_object_or_404(selectors.Organisation, slug=slug, kind="force")
    if not permissions.may_see_case_rows(request.user, force):
        raise Http404
    allowed = permissions.case_row_units(request.user, force)
    units = [u for u in selectors.units_of(force) if allowed is None or u.pk in allowed]
    period, period_form = _period(request)
    counts = selectors.worklist_counts(force, units, period)
    return render(
        request,
        "indicators/worklists.html",
        {
            "force": force,
            "period": period,
            "form": period_form,
            "rows": [
                {
                    "unit": unit,
                    "lists": [
                        {
                            "title": WORKLIST_TITLES[name],
                            "url": reverse(WORKLIST_URLS[Worklist(name)], args=[slug, unit.code]),
                            "counts": counts.get((unit.name, name), (0, 0)),
                        }
                        for name in WORKLISTS
                    ],
                }
                for unit in units
            ],
            "can_view_access_log": permissions.can_view_access_log(request.user, force),
        },
    )


def _unit_from_code(force, *, code, **kwargs):
    return selectors.unit_by_code(force, code)


@login_required
@GET_HEAD
@case_rows(
    name="indicators:worklist", purpose=Purpose.INVESTIGATION_REVIEW, unit_of=_unit_from_code
)
def worklist_over_3_months(request, *, force, unit, code):
    return _worklist(request, force, unit, "over-3-months")


@login_required
@GET_HEAD
@case_rows(
    name="indicators:worklist_missing", purpose=Purpose.MISSING_REVIEW, unit_of=_unit_from_code
)
def worklist_missing(request, *, force, unit, code):
    return _worklist(request, force, unit, "missing-72h")


@login_required
@GET_HEAD
@case_rows(
    name="indicators:worklist_custody", purpose=Purpose.CUSTODY_TRANSFER, unit_of=_unit_from_code
)
def worklist_custody(request, *, force, unit, code):
    return _worklist(request, force, unit, "held-after-charge")


def _worklist(request, force, unit, name):
    period, period_form = _period(request)
    try:
        page_number = max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        page_number = 1
    page = worklist_page(
        selectors.snapshot(force),
        name,
        unit=unit.name,
        as_of=period.as_of,
        date_from=period.date_from,
        date_to=period.date_to,
        done=selectors.done_refs(force, unit, name),
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    spec = WORKLISTS[name]
    refs = [r[spec.ref] for r in page.rows]
    reviews = selectors.reviews(force, name, refs)
    rows = [
        {
            "ref": r[spec.ref],
            "cells": [r[c] for c in spec.columns[1:]],
            "review": reviews.get(r[spec.ref]),
        }
        for r in page.rows
    ]
    pages = max(1, -(-page.total // PAGE_SIZE))
    response = render(
        request,
        "indicators/worklist.html",
        {
            "force": force,
            "unit": unit,
            "name": name,
            "title": WORKLIST_TITLES[name],
            "page": page,
            "rows": rows,
            "headings": [c.replace("_", " ") for c in spec.columns],
            "page_number": page_number,
            "pages": pages,
            "period": period,
            "form": period_form,
            "review_form": ReviewForm(),
            "review_url": REVIEW_URLS[Worklist(name)],
        },
    )
    response.case_rows = len(rows)
    response.case_rows_what = (
        f"{WORKLIST_TITLES[name]}, {unit.name}, {period.date_from} to {period.date_to}"
        f" as at {period.as_of}, page {page_number}"
    )
    return response


def _worklist_place(back: str) -> str:
    """The worklist's period and page the review was recorded from, as a query string, so the
    reviewer returns to where they were; only those fields are taken from the posted text."""
    given = QueryDict(back[:200])
    kept = {k: given[k] for k in ("as_of", "date_from", "date_to", "page") if given.get(k)}
    return f"?{urlencode(kept)}" if kept else ""


def _review(request, force, unit, name):
    """Record a review of one case on the unit's list; the access log names the case."""
    form = ReviewForm(request.POST)
    posted = form_post(
        request,
        form,
        lambda data: services.case_review_record(
            actor=request.user,
            force=force,
            unit=unit,
            worklist=name,
            case_ref=data["case_ref"],
            status=data["status"],
            note=data["note"],
        ),
    )
    response = redirect(
        reverse(WORKLIST_URLS[Worklist(name)], kwargs={"slug": force.slug, "code": unit.code})
        + _worklist_place(request.POST.get("back", ""))
    )
    if posted.ok and posted.result is not None:
        review = posted.result
        messages.success(request, f"Review of {review.case_ref} recorded.")
        response.case_rows = 1
        response.case_rows_what = (
            f"Review of {review.case_ref} recorded ({review.get_status_display()}):"
            f" {WORKLIST_TITLES[name]}, {unit.name}"
        )
    else:
        messages.error(request, "Choose the outcome of the review.")
    return response


@login_required
@case_rows(
    name="indicators:review",
    purpose=Purpose.INVESTIGATION_REVIEW,
    unit_of=_unit_from_code,
    method="POST",
)
@require_POST
def review(request, *, force, unit, code):
    return _review(request, force, unit, Worklist.OVER_3_MONTHS)


@login_required
@case_rows(
    name="indicators:review_missing",
    purpose=Purpose.MISSING_REVIEW,
    unit_of=_unit_from_code,
    method="POST",
)
@require_POST
def review_missing(request, *, force, unit, code):
    return _review(request, force, unit, Worklist.MISSING_72H)


@login_required
@case_rows(
    name="indicators:review_custody",
    purpose=Purpose.CUSTODY_TRANSFER,
    unit_of=_unit_from_code,
    method="POST",
)
@require_POST
def review_custody(request, *, force, unit, code):
    return _review(request, force, unit, Worklist.HELD_AFTER_CHARGE)


# Case audits ----------------------------------------------------------------------------------


@login_required
@GET_HEAD
def audits(request, slug):
    force = get_object_or_404(selectors.Organisation, slug=slug, kind="force")
    if not permissions.may_see_case_rows(request.user, force):
        raise Http404
    return _audits(request, force)


def _audits(request, force, form=None):
    units = selectors.units_of(force)
    counts = selectors.grade_counts(force)
    distribution = {}
    for unit, auditor, grade, n in counts:
        distribution.setdefault(
            unit, {a: dict.fromkeys(GRADES, 0) for a in ("force", "inspectorate")}
        )
        distribution[unit][auditor][grade] = n
    pairs = selectors.graded_pairs(force)
    agreed = agreement.agreement([(f, i) for _u, f, i in pairs])
    return render(
        request,
        "indicators/audits.html",
        {
            "force": force,
            "samples": selectors.samples(force, request.user, page=request.GET.get("page", 1)),
            "form": form
            or (
                SampleForm(units=units)
                if permissions.can_draw_sample(request.user, force)
                else None
            ),
            "distribution": distribution,
            "grades": [Grade(g) for g in GRADES],
            "agreement": agreed,
            "table": [{"grade": Grade(g), "cells": agreed.table[i]} for i, g in enumerate(GRADES)],
        },
        status=400 if form else 200,
    )


@login_required
@require_POST
def sample_draw(request, slug):
    force = get_object_or_404(selectors.Organisation, slug=slug, kind="force")
    if not permissions.can_draw_sample(request.user, force):
        raise Http404
    units = selectors.units_of(force)
    form = SampleForm(request.POST, units=units)
    by_code = {u.code: u for u in units}
    posted = form_post(
        request,
        form,
        lambda data: services.audit_sample_draw(
            actor=request.user,
            force=force,
            unit=by_code[data["unit"]],
            size=data["size"],
            seed=data["seed"],
            as_of=data["as_of"] or clock.today(),
        ),
    )
    if posted.ok:
        return redirect("indicators:sample", slug=force.slug, pk=posted.result.pk)
    return _audits(request, force, form)


def _unit_of_sample(force, *, pk, **kwargs):
    sample = AuditSample.objects.filter(pk=pk, force=force).select_related("unit").first()
    return sample.unit if sample else None


@login_required
@GET_HEAD
@case_rows(name="indicators:sample", purpose=Purpose.CASE_AUDIT, unit_of=_unit_of_sample)
def sample(request, *, force, unit, pk):
    sample = get_object_or_404(AuditSample, pk=pk, force=force)
    cases = selectors.sample_cases(sample)
    response = render(
        request,
        "indicators/sample.html",
        {
            "force": force,
            "sample": sample,
            "cases": cases,
            "grade_form": GradeForm(),
            "grades": Grade.choices,
            "grades_force": permissions.can_grade(request.user, force, unit.pk, "force"),
            "grades_inspectorate": permissions.can_grade(
                request.user, force, unit.pk, "inspectorate"
            ),
        },
    )
    response.case_rows = len(cases)
    response.case_rows_what = f"Audit sample {sample.pk} ({sample.unit.name}, seed {sample.seed})"
    return response


@login_required
@case_rows(
    name="indicators:grade", purpose=Purpose.CASE_AUDIT, unit_of=_unit_of_sample, method="POST"
)
@require_POST
def grade(request, *, force, unit, pk):
    form = GradeForm(request.POST, cases=SampledCase.objects.filter(sample_id=pk))
    try:
        posted = form_post(
            request,
            form,
            lambda data: services.audit_grade_record(
                actor=request.user, case=data["case"], auditor=data["auditor"], grade=data["grade"]
            ),
        )
    except PermissionDenied:
        raise Http404 from None
    response = redirect("indicators:sample", slug=force.slug, pk=pk)
    if posted.ok and posted.result is not None:
        case = posted.result
        messages.success(request, f"Grade recorded for {case.case_ref}.")
        response.case_rows = 1
        response.case_rows_what = (
            f"Grade recorded for {case.case_ref} ({form.cleaned_data['auditor']}:"
            f" {Grade(form.cleaned_data['grade']).label}), audit sample {pk} ({unit.name})"
        )
    else:
        messages.error(request, "Choose a grade.")
    return response


# Links to the plan ----------------------------------------------------------------------------


@login_required
@require_POST
def snapshot_attach(request, pk):
    from assure.plans import permissions as plan_permissions
    from assure.plans import selectors as plan_selectors

    assignment = plan_selectors.assignment_for(request.user, pk)
    if not plan_permissions.can_update_assignment(request.user, assignment):
        raise Http404
    form = SnapshotForm(request.POST)
    period = selectors.Period.default(clock.today())
    posted = form_post(
        request,
        form,
        lambda data: services.indicator_snapshot_attach(
            actor=request.user,
            assignment=assignment,
            indicator=data["indicator"],
            as_of=period.as_of,
            date_from=period.date_from,
            date_to=period.date_to,
        ),
    )
    if posted.ok:
        messages.success(request, "Indicator snapshot attached as evidence.")
    else:
        messages.error(request, "Choose an indicator.")
    return redirect("plans:assignment", pk=assignment.pk)


@login_required
@GET_HEAD
def home(request):
    """The header's "Indicators": the first force the user reads."""
    from assure.accounts.permissions import readable_force_ids

    force = (
        selectors.Organisation.objects.filter(pk__in=readable_force_ids(request.user))
        .order_by("name")
        .first()
    )
    if force is None:
        raise Http404
    return redirect("indicators:indicators", slug=force.slug)
