"""The outcome pages over small synthetic case data: the consistency view, the cache and a fixed
query count, targets, justified access to case rows, worklist reviews, audits and snapshots."""

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.accounts.models import Membership, Role, Unit
from assure.accounts.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from assure.core.audit import SystemActor
from assure.indicators import case_rows, engine, importer, views
from assure.indicators.models import CaseAccess, CaseReview
from assure.indicators.synth import WEST_YORKSHIRE_UNITS, generate

PERIOD = {"as_of": "2015-06-30", "date_from": "2014-07-01", "date_to": "2015-06-30"}


def _load(force, tmp_path, scale, seed=3):
    paths = generate(
        date_from=dt.date(2014, 1, 1), date_to=dt.date(2015, 6, 30), scale=scale, seed=seed,
        out_dir=tmp_path / f"synth-{scale}",
    )  # fmt: skip
    for kind, path in paths.items():
        importer.import_cases(
            actor=SystemActor("tests"), force=force, kind=kind, path=path, replace=True
        )


@pytest.fixture
def wy(db, data_dir):
    from assure.accounts.models import OrganisationKind

    force = OrganisationFactory(
        name="West Yorkshire Police", slug="west-yorkshire", kind=OrganisationKind.FORCE
    )
    for spec in WEST_YORKSHIRE_UNITS:
        UnitFactory(organisation=force, kind=spec.kind, code=spec.code, name=spec.name)
    return force


@pytest.fixture
def loaded(wy, tmp_path):
    _load(wy, tmp_path, 0.1)
    return wy


def _member(force, role, unit=None, org=None):
    user = UserFactory()
    Membership.objects.create(user=user, organisation=org or force, role=role, unit=unit)
    return user


def test_kirklees_stands_out_on_offenders_per_officer(client, loaded):
    client.force_login(_member(loaded, Role.COORDINATOR))
    response = client.get(reverse("indicators:indicators", args=["west-yorkshire"]), PERIOD)
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r.indicator.id == "offenders.per_officer")
    assert row.highlighted_units == ["Kirklees"]
    kirklees = next(c for c in row.cells if c.unit == "Kirklees")
    assert kirklees.z >= 2
    assert "against the force" in kirklees.gap
    assert "offenders," in kirklees.fraction
    assert "officers" in kirklees.fraction
    html = response.content.decode()
    assert "Differs most: z" in html
    assert "standard deviations" in html


def test_the_page_reads_the_cache_and_its_query_count_does_not_grow(client, wy, tmp_path):
    from assure.indicators import engine

    user = _member(wy, Role.COORDINATOR)
    url = reverse("indicators:indicators", args=["west-yorkshire"])
    counts = []
    for scale in (0.02, 0.2):  # ten times the case rows
        _load(wy, tmp_path, scale)
        client.force_login(user)
        client.get(url, PERIOD)  # fills the cache for this data version
        with (
            CaptureQueriesContext(connection) as queries,
            mock.patch.object(engine, "compute_snapshot") as compute,
        ):
            assert client.get(url, PERIOD).status_code == 200
        compute.assert_not_called()  # unchanged data: from the cache, not recomputed
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_indicator_page_has_a_chart_and_the_same_numbers_in_a_table(client, loaded):
    client.force_login(_member(loaded, Role.BOARD_MEMBER))
    response = client.get(
        reverse("indicators:indicator", args=["west-yorkshire", "offenders.per_officer"]), PERIOD
    )
    html = response.content.decode()
    assert "<svg" in html
    assert "<polyline" in html
    assert 'id="trend-table"' in html
    assert len(response.context["table"]) == 12
    assert "Investigations" in html  # the recommendation area it evidences


def test_downloads_are_aggregates_in_csv_and_xlsx(client, loaded):
    client.force_login(_member(loaded, Role.BOARD_MEMBER))
    csv = client.get(reverse("indicators:download", args=["west-yorkshire", "csv"]), PERIOD)
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("indicator,title,unit,value,numerator,denominator")
    assert len(lines) == 1 + 15 * 8
    xlsx = client.get(reverse("indicators:download", args=["west-yorkshire", "xlsx"]), PERIOD)
    assert xlsx.content[:2] == b"PK"
    assert (
        client.post(reverse("indicators:download", args=["west-yorkshire", "csv"])).status_code
        == 405
    )


def test_a_target_moves_the_tag(client, loaded):
    from assure.indicators.models import Target

    coordinator = _member(loaded, Role.COORDINATOR)
    client.force_login(coordinator)
    url = reverse("indicators:indicators", args=["west-yorkshire"])

    def kirklees_tag():
        rows = client.get(url, PERIOD).context["rows"]
        row = next(r for r in rows if r.indicator.id == "offenders.per_officer")
        return next(c for c in row.cells if c.unit == "Kirklees").tag["text"]

    assert kirklees_tag() == "Target not met"
    client.post(
        reverse("indicators:target_set", args=["west-yorkshire", "offenders.per_officer"]),
        {"value": "500", "unit": "KIR"},
    )
    assert Target.objects.get().value == 500
    assert kirklees_tag() == "Target met"
    board = _member(loaded, Role.BOARD_MEMBER)
    client.force_login(board)
    response = client.post(
        reverse("indicators:target_set", args=["west-yorkshire", "offenders.per_officer"]),
        {"value": "1"},
    )
    assert response.status_code == 404


def test_case_rows_need_a_justification_and_each_view_is_logged(client, loaded):
    kirklees = Unit.objects.get(code="KIR")
    lead = _member(loaded, Role.UNIT_LEAD, unit=kirklees)
    client.force_login(lead)
    url = reverse("indicators:worklist", args=["west-yorkshire", "KIR"])
    first = client.get(url)
    assert first.status_code == 302
    assert "/case-rows/justify/investigation_review/" in first.url
    client.post(first.url, {"reason": "Monthly review of long-running cases", "next": url})
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["page"].total > 0
    client.get(url)
    entries = list(CaseAccess.objects.filter(user=lead))
    assert len(entries) == 2
    assert entries[0].justification.reason == "Monthly review of long-running cases"
    # Another district's list, and the aggregate-only roles: 404.
    assert (
        client.get(reverse("indicators:worklist", args=["west-yorkshire", "LEE"])).status_code
        == 404
    )
    for role in (Role.BOARD_MEMBER,):
        client.force_login(_member(loaded, role))
        assert client.get(url).status_code == 404


LISTS = {
    "over-3-months": ("indicators:worklist", "indicators:review"),
    "missing-72h": ("indicators:worklist_missing", "indicators:review_missing"),
    "held-after-charge": ("indicators:worklist_custody", "indicators:review_custody"),
}


@pytest.fixture
def mid_2015(settings):
    """The clock at the end of the synthetic data, so every worklist (the twelve months to
    today) has cases on it."""
    settings.ASSURE_TODAY = dt.date(2015, 6, 30)


def _justify(client, url, reason="Checking the list for the board"):
    redirect = client.get(url)
    assert redirect.status_code == 302
    client.post(redirect.url, {"reason": reason, "next": url})


def test_every_case_row_view_writes_one_access_entry(client, loaded, mid_2015):
    """Enumerates the registry: a case-row view that shows rows, or acts on one, without
    logging it fails here."""
    from assure.indicators import views  # noqa: F401  (fills the registry, as the URLconf does)
    from assure.indicators.services import audit_sample_draw

    coordinator = _member(loaded, Role.COORDINATOR)
    sample = audit_sample_draw(
        actor=coordinator, force=loaded, unit=Unit.objects.get(code="KIR"), size=3,
        as_of=dt.date(2015, 6, 30), seed=7,
    )  # fmt: skip
    kir = {"code": "KIR"}
    shows = {
        "indicators:worklist": kir,
        "indicators:worklist_missing": kir,
        "indicators:worklist_custody": kir,
        "indicators:sample": {"pk": sample.pk},
    }
    client.force_login(coordinator)
    assert len(case_rows.REGISTRY) == 8
    for view in (v for v in case_rows.REGISTRY if v.method == "GET"):
        assert view.name in shows, f"add {view.name} to this test"
        url = reverse(view.name, kwargs={"slug": "west-yorkshire", **shows[view.name]})
        _justify(client, url)
        before = CaseAccess.objects.count()
        assert client.get(url).status_code == 200
        entry = CaseAccess.objects.latest("id")
        assert CaseAccess.objects.count() == before + 1, view.name
        assert entry.view == view.name
        assert entry.justification.purpose == view.purpose

    # Each post that acts on a row: what it posts, and the reference its entry must name.
    def first_ref(list_name):
        shown, _review = LISTS[list_name]
        response = client.get(reverse(shown, args=["west-yorkshire", "KIR"]))
        assert response.status_code == 200
        page = response.context["page"]
        return page.rows[0][engine.WORKLISTS[list_name].ref]

    case = sample.cases.first()
    acts = {
        "indicators:grade": (
            {"slug": "west-yorkshire", "pk": sample.pk},
            {"case": case.pk, "auditor": "force", "grade": "good"},
            case.case_ref,
        ),
    }
    for list_name, (_shown, review) in LISTS.items():
        ref = first_ref(list_name)
        acts[review] = (
            {"slug": "west-yorkshire", "code": "KIR"},
            {"case_ref": ref, "status": "action_needed", "note": "Chased the supervisor"},
            ref,
        )
    for view in (v for v in case_rows.REGISTRY if v.method == "POST"):
        assert view.name in acts, f"add {view.name} to this test"
        kwargs, data, ref = acts[view.name]
        url = reverse(view.name, kwargs=kwargs)
        before = CaseAccess.objects.count()
        assert client.post(url, {**data, "status": "", "grade": ""}).status_code == 302
        assert CaseAccess.objects.count() == before, f"{view.name}: an invalid post changed nothing"
        assert client.post(url, data).status_code == 302
        assert CaseAccess.objects.count() == before + 1, view.name
        entry = CaseAccess.objects.latest("id")
        assert entry.view == view.name
        assert entry.justification.purpose == view.purpose
        assert entry.rows == 1
        assert ref in entry.what
    # And a post without a justification for its purpose is refused before it acts.
    client.force_login(_member(loaded, Role.COORDINATOR))
    for view in (v for v in case_rows.REGISTRY if v.method == "POST"):
        kwargs, data, _ref = acts[view.name]
        assert client.post(reverse(view.name, kwargs=kwargs), data).status_code == 404


def test_a_review_survives_a_reimport_and_takes_the_case_off_the_list(client, loaded, tmp_path):
    kirklees = Unit.objects.get(code="KIR")
    lead = _member(loaded, Role.UNIT_LEAD, unit=kirklees)
    client.force_login(lead)
    url = reverse("indicators:worklist", args=["west-yorkshire", "KIR"])
    _justify(client, url, "Reviewing long-running cases")
    page = client.get(url).context["page"]
    ref = page.rows[0]["investigation_ref"]
    client.post(
        reverse("indicators:review", args=["west-yorkshire", "KIR"]),
        {"case_ref": ref, "status": "reviewed", "note": "Supervised, plan agreed"},
    )
    review = CaseReview.objects.get()
    assert (review.case_ref, review.worklist) == (ref, "over-3-months")
    _load(loaded, tmp_path, 0.1)  # the same nightly extract again
    again = client.get(url).context["page"]
    assert again.left == page.left - 1
    assert again.total == page.total


@pytest.mark.parametrize("list_name", list(LISTS))
def test_each_worklist_counts_what_is_left_as_reviews_are_recorded(
    client, loaded, mid_2015, list_name
):
    """Every list, not only the > 3 months one: "reviewed" and "closed" take a case off,
    "action needed" keeps (or puts) it on, and the same reference reviewed on another list
    leaves this one alone."""
    shown, review = LISTS[list_name]
    ref_column = engine.WORKLISTS[list_name].ref
    client.force_login(_member(loaded, Role.COORDINATOR))
    url = reverse(shown, args=["west-yorkshire", "LEE"])
    _justify(client, url)
    start = client.get(url)
    page = start.context["page"]
    assert page.total >= 3, "the synthetic data should put three cases on each list"
    assert page.left == page.total
    assert f"{page.total} left</strong> of {page.total}" in start.content.decode()
    refs = [r[ref_column] for r in page.rows[:3]]
    post = reverse(review, args=["west-yorkshire", "LEE"])

    def review_as(ref, status):
        client.post(post, {"case_ref": ref, "status": status, "note": ""})
        return client.get(url)

    assert review_as(refs[0], "reviewed").context["page"].left == page.total - 1
    assert review_as(refs[1], "action_needed").context["page"].left == page.total - 1
    after = review_as(refs[2], "closed")
    assert after.context["page"].left == page.total - 2
    assert after.context["page"].total == page.total
    assert f"{page.total - 2} left</strong> of {page.total}" in after.content.decode()
    assert review_as(refs[0], "action_needed").context["page"].left == page.total - 1
    # The same reference reviewed on another list: no change here.
    other_list = next(n for n in LISTS if n != list_name)
    CaseReview.objects.create(
        force=loaded, worklist=other_list, case_ref=refs[1], unit=Unit.objects.get(code="LEE"),
        status="closed", reviewed_at=dt.datetime.now(dt.UTC), reviewed_by=UserFactory(),
    )  # fmt: skip
    assert client.get(url).context["page"].left == page.total - 1
    # What the page shows beside each case is that list's review.
    rows = {r["ref"]: r for r in client.get(url).context["rows"]}
    assert rows[refs[2]]["review"].status == "closed"
    assert rows[refs[1]]["review"].status == "action_needed"


def test_worklist_pages_cost_the_same_queries_at_ten_times_the_data(client, wy, tmp_path, mid_2015):
    """Each worklist, with reviews recorded, costs a fixed number of SQL queries whatever the
    number of case rows and of reviews (Leeds: the synthetic data puts cases on each list at
    both sizes)."""
    from assure.indicators.services import case_review_record

    coordinator = _member(wy, Role.COORDINATOR)
    leeds = Unit.objects.get(code="LEE")
    counts: dict[str, list[int]] = {name: [] for name in LISTS}
    for scale, reviewed in ((0.02, 1), (0.2, 10)):
        _load(wy, tmp_path, scale)
        client.force_login(coordinator)
        for name, (shown, _review) in LISTS.items():
            url = reverse(shown, args=["west-yorkshire", "LEE"])
            if client.get(url).status_code == 302:  # once per session and purpose
                _justify(client, url)
            page = client.get(url).context["page"]
            column = engine.WORKLISTS[name].ref
            for row in page.rows[:reviewed]:
                case_review_record(
                    actor=coordinator, force=wy, unit=leeds, worklist=name,
                    case_ref=row[column], status="reviewed",
                )  # fmt: skip
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[name].append(len(queries))
        with CaptureQueriesContext(connection) as queries:  # every unit's counts of every list
            index = client.get(reverse("indicators:worklists", args=["west-yorkshire"]))
            assert index.status_code == 200
        counts.setdefault("index", []).append(len(queries))
    for name, (small, large) in counts.items():
        assert small == large, name


def test_audit_sample_is_reproducible_and_kappa_is_shown(client, loaded):
    from assure.indicators.services import audit_grade_record, audit_sample_draw

    inspector_org = OrganisationFactory(kind="inspectorate")
    inspector_org.forces.add(loaded)
    inspector = _member(loaded, Role.INSPECTOR, org=inspector_org)
    unit = Unit.objects.get(code="KIR")
    a = audit_sample_draw(actor=inspector, force=loaded, unit=unit, size=4,
                          as_of=dt.date(2015, 6, 30), seed=11)  # fmt: skip
    b = audit_sample_draw(actor=inspector, force=loaded, unit=unit, size=4,
                          as_of=dt.date(2015, 6, 30), seed=11)  # fmt: skip
    refs = [c.case_ref for c in a.cases.all()]
    assert refs == [c.case_ref for c in b.cases.all()]
    assert len(refs) == 4
    coordinator = _member(loaded, Role.COORDINATOR)
    grades = [("good", "good"), ("adequate", "adequate"), ("good", "inadequate"),
              ("requires_improvement", "requires_improvement")]  # fmt: skip
    for case, (f, i) in zip(a.cases.all(), grades, strict=True):
        audit_grade_record(actor=coordinator, case=case, auditor="force", grade=f)
        audit_grade_record(actor=inspector, case=case, auditor="inspectorate", grade=i)
    client.force_login(inspector)
    response = client.get(reverse("indicators:audits", args=["west-yorkshire"]))
    agreement = response.context["agreement"]
    assert agreement.pairs == 4
    assert agreement.agree == 3
    assert agreement.kappa == 0.67
    assert "Cohen’s kappa: <strong>0.67</strong>" in response.content.decode()


def test_kappa_hand_worked():
    from assure.indicators.agreement import agreement

    assert agreement([]).kappa is None
    assert agreement([("good", "good")] * 3).kappa is None  # 0/0
    assert agreement([("good", "good"), ("inadequate", "inadequate")]).kappa == 1.0


def test_partner_and_pcc_office_see_no_case_rows(client, loaded):
    pcc = OrganisationFactory(kind="pcc_office")
    pcc.forces.add(loaded)
    oversight = _member(loaded, Role.OVERSIGHT, org=pcc)
    client.force_login(oversight)
    assert client.get(reverse("indicators:indicators", args=["west-yorkshire"])).status_code == 200
    for name in ("indicators:worklists", "indicators:audits", "indicators:access_log"):
        assert client.get(reverse(name, args=["west-yorkshire"])).status_code == 404
    assert (
        client.get(reverse("indicators:worklist", args=["west-yorkshire", "KIR"])).status_code
        == 404
    )


def test_coordinator_reads_and_downloads_the_access_log(client, loaded):
    kirklees = Unit.objects.get(code="KIR")
    lead = _member(loaded, Role.UNIT_LEAD, unit=kirklees)
    client.force_login(lead)
    url = reverse("indicators:worklist", args=["west-yorkshire", "KIR"])
    client.post(client.get(url).url, {"reason": "Reviewing long-running cases", "next": url})
    client.get(url)
    client.force_login(_member(loaded, Role.COORDINATOR))
    log = reverse("indicators:access_log", args=["west-yorkshire"])
    assert "Reviewing long-running cases" in client.get(log).content.decode()
    assert client.get(log, {"purpose": "case_audit"}).context["page"].paginator.count == 0
    csv = b"".join(client.get(log, {"format": "csv"}).streaming_content).decode()
    assert "Reviewing long-running cases" in csv
    assert lead.email in csv


def test_unit_lead_attaches_a_frozen_snapshot_to_an_assignment(client, loaded, settings):
    from assure.indicators.models import IndicatorSnapshot
    from assure.inspections.tests.factories import InspectionFactory
    from assure.plans.tests.factories import ActionFactory, ActionPlanFactory, AssignmentFactory

    kirklees = Unit.objects.get(code="KIR")
    plan = ActionPlanFactory(inspection=InspectionFactory(force=loaded))
    action = ActionFactory(plan=plan, recommendation__area="Investigations")
    assignment = AssignmentFactory(action=action, unit=kirklees)
    lead = _member(loaded, Role.UNIT_LEAD, unit=kirklees)
    client.force_login(lead)
    page = client.get(reverse("plans:assignment", args=[assignment.pk])).content.decode()
    assert "Indicators for Kirklees" in page
    client.post(
        reverse("indicators:snapshot_attach", args=[assignment.pk]),
        {"indicator": "offenders.per_officer"},
    )
    snapshot = IndicatorSnapshot.objects.get()
    assert [v["unit"] for v in snapshot.values] == ["Kirklees", "ALL"]
    assert snapshot.data_versions["offenders"] >= 1
    page = client.get(reverse("plans:assignment", args=[assignment.pk])).content.decode()
    assert 'id="indicator-snapshots"' in page
    other = _member(loaded, Role.UNIT_LEAD, unit=Unit.objects.get(code="LEE"))
    client.force_login(other)
    response = client.post(
        reverse("indicators:snapshot_attach", args=[assignment.pk]),
        {"indicator": "offenders.per_officer"},
    )
    assert response.status_code == 404


def _kirklees_assignment(force, area="Investigations"):
    from assure.inspections.tests.factories import InspectionFactory
    from assure.plans.tests.factories import ActionFactory, ActionPlanFactory, AssignmentFactory

    plan = ActionPlanFactory(inspection=InspectionFactory(force=force))
    action = ActionFactory(plan=plan, recommendation__area=area)
    return AssignmentFactory(action=action, unit=Unit.objects.get(code="KIR"))


def test_approver_sees_the_snapshots_when_deciding_a_closure(client, loaded):
    """Issue 12 item 2: the approver deciding a closure sees the outcome evidence for the
    assignment's unit, frozen, beside the figure now; and the page's query count does not grow
    with the snapshots attached."""
    from assure.indicators.services import indicator_snapshot_attach
    from assure.plans.tests.factories import ClosureFactory

    assignment = _kirklees_assignment(loaded)
    lead = _member(loaded, Role.UNIT_LEAD, unit=assignment.unit)
    period = {"as_of": dt.date(2015, 6, 30), "date_from": dt.date(2014, 7, 1),
              "date_to": dt.date(2015, 6, 30)}  # fmt: skip
    snapshot = indicator_snapshot_attach(
        actor=lead, assignment=assignment, indicator="offenders.per_officer", **period
    )
    closure = ClosureFactory(assignment=assignment)
    approver = _member(loaded, Role.APPROVER)
    client.force_login(approver)
    url = reverse("plans:closure_decide", kwargs={"pk": closure.pk})
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Outcome evidence for Kirklees" in html
    assert 'id="closure-snapshots"' in html
    frozen = next(v for v in snapshot.values if v["unit"] == "Kirklees")
    assert f"Kirklees: {frozen['value']:.1f} ({frozen['numerator']:,} offenders," in html
    assert "1 July 2014 to 30 June 2015" in html
    assert f"offenders v{snapshot.data_versions['offenders']}" in html
    assert 'id="closure-figures"' in html  # the Investigations indicators, for Kirklees now

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for indicator in ("investigations.open_over_3_months", "audits.inadequate_pct") * 5:
        indicator_snapshot_attach(actor=lead, assignment=assignment, indicator=indicator, **period)
    assert count() == before
    assert client.get(url).content.decode().count('<tr class="govuk-table__row">') >= 11


def test_a_closure_with_no_snapshot_says_so(client, loaded):
    from assure.plans.tests.factories import ClosureFactory

    closure = ClosureFactory(assignment=_kirklees_assignment(loaded, area="Training"))
    client.force_login(_member(loaded, Role.APPROVER))
    html = client.get(reverse("plans:closure_decide", kwargs={"pk": closure.pk})).content.decode()
    assert "Kirklees has attached no indicator snapshot to this assignment." in html
    assert 'id="closure-figures"' not in html  # no indicator evidences "Training"


def test_the_audits_page_lists_every_sample_a_page_at_a_time(client, loaded):
    from django.utils import timezone

    from assure.indicators.models import AuditSample
    from assure.indicators.selectors import SAMPLES_PAGE_SIZE

    kirklees = Unit.objects.get(code="KIR")
    for seed in range(SAMPLES_PAGE_SIZE + 5):
        AuditSample.objects.create(
            force=loaded, unit=kirklees, seed=seed, size=1, data_version=1,
            drawn_at=timezone.now() - dt.timedelta(days=seed),
        )  # fmt: skip
    client.force_login(_member(loaded, Role.COORDINATOR))
    url = reverse("indicators:audits", args=["west-yorkshire"])
    first = client.get(url)
    assert f"{SAMPLES_PAGE_SIZE + 5} samples" in first.content.decode()
    assert [s.seed for s in first.context["samples"].object_list] == list(range(SAMPLES_PAGE_SIZE))
    second = client.get(url, {"page": 2}).context["samples"].object_list
    assert [s.seed for s in second] == list(range(SAMPLES_PAGE_SIZE, SAMPLES_PAGE_SIZE + 5))


def test_a_worklist_shows_the_chosen_period_and_a_review_returns_to_it(client, loaded, mid_2015):
    """The twelve months to today by default; a reviewer can pick another period, page through
    it, and record a review without losing their place."""
    client.force_login(_member(loaded, Role.COORDINATOR))
    url = reverse("indicators:worklist_missing", args=["west-yorkshire", "LEE"])
    _justify(client, url)
    year = client.get(url).context["page"]
    period = {"as_of": "2015-06-30", "date_from": "2015-04-01", "date_to": "2015-06-30"}
    chosen = client.get(url, period)
    html = chosen.content.decode()
    assert "period from 1 April 2015" in html
    assert 0 < chosen.context["page"].total < year.total  # three months hold fewer episodes
    assert chosen.context["form"]["date_from"].value() == "2015-04-01"
    query = "as_of=2015-06-30&amp;date_from=2015-04-01&amp;date_to=2015-06-30"
    assert f'name="back" value="{query}&amp;page=1"' in html
    # The access log says which period's rows were seen.
    assert CaseAccess.objects.latest("id").what.endswith(
        "2015-04-01 to 2015-06-30 as at 2015-06-30, page 1"
    )

    ref = chosen.context["rows"][0]["ref"]
    back = "as_of=2015-06-30&date_from=2015-04-01&date_to=2015-06-30&page=1&next=//evil.example"
    response = client.post(
        reverse("indicators:review_missing", args=["west-yorkshire", "LEE"]),
        {"case_ref": ref, "status": "reviewed", "note": "", "back": back},
    )
    assert response.url == f"{url}?{query.replace('&amp;', '&')}&page=1"
    assert client.get(response.url).context["page"].left == chosen.context["page"].total - 1


def test_a_worklist_says_what_is_wrong_with_a_period_it_cannot_read(client, loaded, mid_2015):
    client.force_login(_member(loaded, Role.COORDINATOR))
    url = reverse("indicators:worklist_missing", args=["west-yorkshire", "LEE"])
    _justify(client, url)
    response = client.get(url, {"as_of": "2015-06-31", "date_from": "", "date_to": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "govuk-error-summary" in response.content.decode()


def test_the_worklists_page_counts_what_is_left_in_every_unit_as_each_list_does(
    client, loaded, mid_2015
):
    """Units down, lists across, each cell the list's own "left of" figures: a review on one
    unit's list moves only that cell. Figures, so no justification is asked for."""
    coordinator = _member(loaded, Role.COORDINATOR)
    client.force_login(coordinator)
    index = reverse("indicators:worklists", args=["west-yorkshire"])
    before = client.get(index)
    assert before.status_code == 200
    cells = {
        (row["unit"].code, item["title"]): item["counts"]
        for row in before.context["rows"]
        for item in row["lists"]
    }
    leeds_missing = reverse("indicators:worklist_missing", args=["west-yorkshire", "LEE"])
    for name, (shown, _review) in LISTS.items():
        _justify(client, reverse(shown, args=["west-yorkshire", "LEE"]))  # one per purpose
        for code in ("LEE", "KIR"):
            page = client.get(reverse(shown, args=["west-yorkshire", code])).context["page"]
            title = views.WORKLIST_TITLES[name]
            assert cells[(code, title)] == (page.total, page.left), (code, name)
    page = client.get(leeds_missing).context
    client.post(
        reverse("indicators:review_missing", args=["west-yorkshire", "LEE"]),
        {"case_ref": page["rows"][0]["ref"], "status": "closed", "note": ""},
    )
    after = {
        (row["unit"].code, item["title"]): item["counts"]
        for row in client.get(index).context["rows"]
        for item in row["lists"]
    }
    missing = views.WORKLIST_TITLES["missing-72h"]
    total, left = cells[("LEE", missing)]
    assert after[("LEE", missing)] == (total, left - 1)
    assert {k: v for k, v in after.items() if k != ("LEE", missing)} == {
        k: v for k, v in cells.items() if k != ("LEE", missing)
    }


def test_a_unit_lead_sees_only_their_own_units_counts(client, loaded, mid_2015):
    kirklees = Unit.objects.get(code="KIR")
    client.force_login(_member(loaded, Role.UNIT_LEAD, unit=kirklees))
    rows = client.get(reverse("indicators:worklists", args=["west-yorkshire"])).context["rows"]
    assert [row["unit"].code for row in rows] == ["KIR"]


def test_cached_worklist_counts_are_the_counts_worked_out_afresh(
    client, loaded, tmp_path, mid_2015, settings
):
    """With the page cache on: after a review (a service's write) and after an import (a new
    generation of the case data), the counts read are those worked out without the cache."""
    coordinator = _member(loaded, Role.COORDINATOR)
    client.force_login(coordinator)
    index = reverse("indicators:worklists", args=["west-yorkshire"])

    def counts(cached: bool):
        settings.ASSURE_PAGE_CACHE = cached
        return [
            (row["unit"].code, item["title"], item["counts"])
            for row in client.get(index).context["rows"]
            for item in row["lists"]
        ]

    first = counts(cached=True)
    assert first == counts(cached=False)
    leeds = reverse("indicators:worklist", args=["west-yorkshire", "LEE"])
    _justify(client, leeds)
    ref = client.get(leeds).context["rows"][0]["ref"]
    client.post(
        reverse("indicators:review", args=["west-yorkshire", "LEE"]),
        {"case_ref": ref, "status": "closed", "note": ""},
    )
    reviewed = counts(cached=True)
    assert reviewed != first
    assert reviewed == counts(cached=False)
    _load(loaded, tmp_path, 0.2, seed=9)  # other case data: another generation
    imported = counts(cached=True)
    assert imported != reviewed
    assert imported == counts(cached=False)
