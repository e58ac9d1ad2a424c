"""The demo's case data: 2014 and 2015 of synthetic West Yorkshire records, imported through the
audited path, so that every indicator has figures for every district from the first run."""

import io
import json

from django.core.management import call_command

from assure.accounts.demo import DISTRICTS, FORCE_SLUG
from assure.core.audit import SystemActor
from assure.core.demo import DemoContext
from assure.core.models import AuditEvent
from assure.indicators import events, store
from assure.indicators.definitions import INDICATORS
from assure.indicators.demo import load_for_demo
from assure.indicators.models import CaseImport
from assure.indicators.synth import KINDS


def indicators(*args) -> str:
    out = io.StringIO()
    call_command("indicators", "--force", FORCE_SLUG, *args, stdout=out)
    return out.getvalue()


def values(as_of: str) -> dict[tuple[str, str], dict]:
    result = json.loads(indicators("--as-of", as_of, "--format", "json"))
    return {(v["id"], v["unit"]): v for v in result["indicators"]}


def test_the_table_shows_every_indicator_for_the_five_districts_and_all(demo):
    table = indicators("--as-of", "2015-12-31", "--format", "table")
    blocks = table.split("\n\n")
    for definition in INDICATORS:
        [block] = [b for b in blocks if f"[{definition.id}]" in b]
        rows = {line.strip().split("  ")[0] for line in block.splitlines()[1:]}
        assert {*DISTRICTS, "ALL"} <= rows, definition.id


def test_every_district_has_figures_for_every_district_measure(demo):
    found = values("2015-12-31")
    forensic = {"forensics.awaiting", "forensics.median_wait_days"}  # the HTCU's alone
    for definition in INDICATORS:
        units = ["ALL"] if definition.id in forensic else [*DISTRICTS, "ALL"]
        for unit in units:
            assert found[definition.id, unit]["value"] is not None, (definition.id, unit)


def test_kirklees_manages_about_100_offenders_per_officer_and_calderdale_58_before_the_plan(
    demo,
):
    before = values("2014-12-31")
    assert 90 <= before["offenders.per_officer", "Kirklees"]["value"] <= 110
    assert 52 <= before["offenders.per_officer", "Calderdale"]["value"] <= 64
    after = values("2015-12-31")
    assert after["offenders.per_officer", "Kirklees"]["value"] < 75  # officers were added


def test_the_case_data_is_imported_by_the_demo_through_the_audited_path(demo):
    imports = CaseImport.objects.filter(force__slug=FORCE_SLUG)
    assert sorted(imports.values_list("kind", flat=True)) == sorted(m.KIND for m in KINDS)
    assert {i.actor_label for i in imports} == {"system: demo loader"}
    assert AuditEvent.objects.filter(event=events.CASES_IMPORTED).count() == len(KINDS)


def test_loading_the_demo_again_changes_no_case_data(demo):
    before = store.snapshot(FORCE_SLUG)
    imports, audit = CaseImport.objects.count(), AuditEvent.objects.count()
    context = DemoContext(actor=SystemActor("demo loader"), password="unused")
    assert load_for_demo(context=context) == []
    assert store.snapshot(FORCE_SLUG) == before
    assert (CaseImport.objects.count(), AuditEvent.objects.count()) == (imports, audit)
