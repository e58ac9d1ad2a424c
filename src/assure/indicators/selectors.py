"""Reads for the outcome pages, scoped to what the user may see. Indicator figures come from the
engine through the cache (cache.py), so an unchanged page is never recomputed; the web database
costs a fixed number of queries whatever the number of case rows."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404

from assure.accounts.models import Organisation, OrganisationKind, Unit, User
from assure.core import page_cache
from assure.inspections.deadlines import add_months

from . import cache, permissions, store
from .definitions import BY_ID, INDICATORS, Indicator
from .models import AuditSample, CaseAccess, CaseReview, ReviewStatus, SampledCase, Target
from .values import ALL, IndicatorValue, MonthValues

#: Review outcomes that take a case off its worklist.
DONE = (ReviewStatus.REVIEWED, ReviewStatus.CLOSED)


@dataclass(frozen=True)
class Period:
    as_of: date
    date_from: date
    date_to: date

    @classmethod
    def default(cls, as_of: date) -> "Period":
        """The engine's default: the twelve months to ``as_of``."""
        return cls(as_of, add_months(as_of, -12) + timedelta(days=1), as_of)

    def query(self) -> str:
        return f"as_of={self.as_of}&date_from={self.date_from}&date_to={self.date_to}"


def force_for(user, slug: str) -> Organisation:
    force = get_object_or_404(Organisation, slug=slug, kind=OrganisationKind.FORCE)
    if not permissions.reads_indicators(user, force):
        raise Http404
    return force


def indicator_or_404(indicator_id: str) -> Indicator:
    try:
        return BY_ID[indicator_id]
    except KeyError:
        raise Http404 from None


def units_of(force: Organisation) -> list[Unit]:
    return list(force.units.exclude(kind="partner").order_by("kind", "name"))


def unit_by_code(force: Organisation, code: str) -> Unit | None:
    return force.units.filter(code__iexact=code).first()


def targets(force: Organisation) -> dict[tuple[str, str | None], float]:
    """(indicator, unit name or None for force-wide) → the force's target."""
    return {
        (t.indicator, t.unit.name if t.unit is not None else None): float(t.value)
        for t in Target.objects.filter(force=force).select_related("unit")
    }


def target_for(found: dict, indicator: Indicator, unit: str | None) -> float:
    if unit not in (None, ALL) and (indicator.id, unit) in found:
        return found[(indicator.id, unit)]
    return found.get((indicator.id, None), indicator.target)


def figures(force: Organisation, units: list[Unit], period: Period):
    values, snapshot = cache.indicators(
        force=force.slug,
        as_of=period.as_of,
        date_from=period.date_from,
        date_to=period.date_to,
        units=[u.name for u in units],
    )
    return values, snapshot


def monthly(force: Organisation, units: list[Unit], period: Period) -> list[MonthValues]:
    series, _snapshot = cache.monthly(
        force=force.slug,
        date_from=period.date_from,
        date_to=period.date_to,
        units=[u.name for u in units],
    )
    return series


def by_indicator(values: list[IndicatorValue]) -> dict[str, dict[str, IndicatorValue]]:
    found: dict[str, dict[str, IndicatorValue]] = {}
    for v in values:
        found.setdefault(v.id, {})[v.unit] = v
    return found


def indicators_for_areas(areas: set[str]) -> list[Indicator]:
    return [i for i in INDICATORS if areas & set(i.areas)]


def snapshot(force: Organisation) -> store.Snapshot:
    return store.snapshot(force.slug)


def reviews(force: Organisation, worklist: str, refs: list[str]) -> dict[str, CaseReview]:
    """The latest review of each of ``refs`` on the worklist (one query, bounded by the page)."""
    return {
        r.case_ref: r
        for r in CaseReview.objects.filter(
            force=force, worklist=worklist, case_ref__in=refs
        ).select_related("reviewed_by")
    }


def done_refs_by_list(force: Organisation, units: list[Unit]) -> dict[str, dict[str, list[str]]]:
    """``done_refs`` for every list and every one of ``units``, in one query: list -> unit name
    -> references."""
    names = {u.pk: u.name for u in units}
    found: dict[str, dict[str, list[str]]] = {}
    reviews = CaseReview.objects.filter(force=force, unit_id__in=list(names), status__in=DONE)
    for worklist, unit_id, ref in reviews.values_list("worklist", "unit_id", "case_ref"):
        found.setdefault(worklist, {}).setdefault(names[unit_id], []).append(ref)
    return found


def worklist_counts(
    force: Organisation, units: list[Unit], period: Period
) -> dict[tuple[str, str], tuple[int, int]]:
    """(total, left) of each list for each of ``units``, kept until the case data or a review
    changes (the data version moves with every review recorded)."""
    from .engine import worklist_counts as count

    snapshot_ = snapshot(force)

    def compute():
        return count(
            snapshot_,
            as_of=period.as_of,
            date_from=period.date_from,
            date_to=period.date_to,
            done=done_refs_by_list(force, units),
        )

    return page_cache.cached(
        "indicators.worklist_counts",
        (force.pk, sorted(u.pk for u in units), period, snapshot_.generation),
        compute,
    )


def done_refs(force: Organisation, unit: Unit, worklist: str) -> list[str]:
    """References whose review takes them off the unit's list: reviewed or closed (one query on
    an index; the engine counts what is left against them, in SQL)."""
    return list(
        CaseReview.objects.filter(
            force=force, worklist=worklist, unit=unit, status__in=DONE
        ).values_list("case_ref", flat=True)
    )


SAMPLES_PAGE_SIZE = 25


def samples(force: Organisation, user, *, page: int | str = 1) -> Page:
    """The force's audit samples the person may see, newest first, a page at a time."""
    qs = AuditSample.objects.filter(force=force).select_related("unit", "drawn_by")
    units = permissions.case_row_units(user, force)
    if units is not None:
        qs = qs.filter(unit_id__in=units)
    return Paginator(qs.order_by("-drawn_at", "-id"), SAMPLES_PAGE_SIZE).get_page(page)


def sample_cases(sample: AuditSample) -> list[SampledCase]:
    return list(sample.cases.all())


def graded_pairs(force: Organisation) -> list[tuple[str, str, str]]:
    """(unit name, force grade, inspectorate grade) of every case graded by both, one query."""
    return list(
        SampledCase.objects.filter(sample__force=force)
        .exclude(force_grade="")
        .exclude(inspectorate_grade="")
        .values_list("sample__unit__name", "force_grade", "inspectorate_grade")
    )


def grade_counts(force: Organisation) -> list[tuple[str, str, str, int]]:
    """(unit, auditor field, grade, count), aggregated in SQL."""
    from django.db.models import Count

    rows = []
    for field, auditor in (("force_grade", "force"), ("inspectorate_grade", "inspectorate")):
        for r in (
            SampledCase.objects.filter(sample__force=force)
            .exclude(**{field: ""})
            .values("sample__unit__name", field)
            .annotate(n=Count("id"))
        ):
            rows.append((r["sample__unit__name"], auditor, r[field], r["n"]))
    return rows


ACCESS_LOG_PAGE_SIZE = 50


def access_log(force: Organisation, *, person=None, purpose="", date_from=None, date_to=None):
    """The force's log of looks at case rows, newest first, filtered in the database (the index
    on force and time serves the order)."""
    qs = CaseAccess.objects.filter(force=force).select_related("user", "justification")
    if person:
        qs = qs.filter(user_id=person)
    if purpose:
        qs = qs.filter(justification__purpose=purpose)
    if date_from:
        qs = qs.filter(accessed_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(accessed_at__date__lte=date_to)
    return qs.order_by("-accessed_at", "-id")


def access_log_page(force: Organisation, *, page: int | str = 1, filters: dict | None) -> Page:
    """A page of the log under ``filters``; ``None`` (filters that could not be read) is an
    empty page, never the whole log."""
    entries = access_log(force, **filters) if filters is not None else CaseAccess.objects.none()
    return Paginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(page)


def access_log_people(force: Organisation) -> list[tuple[int, str]]:
    """The people who have looked at the force's case rows, by name, for the log's filter: the
    few dozen who may see case rows, however long the log."""
    people = (
        User.objects.filter(pk__in=CaseAccess.objects.filter(force=force).values("user_id"))
        .order_by("full_name", "email")
        .values_list("pk", "full_name", "email")
    )
    return [(pk, name or email) for pk, name, email in people]
