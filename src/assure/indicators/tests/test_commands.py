"""`assure indicators` and `assure import-cases` through call_command (the subprocess test is
test_two_processes.py)."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assure.accounts.tests.factories import OrganisationFactory
from assure.indicators import store
from assure.indicators.definitions import INDICATORS
from assure.indicators.models import CaseImport

from .conftest import write
from .test_hand_worked import FILES


@pytest.fixture
def loaded(force, data_dir, tmp_path):
    for kind, text in FILES.items():
        call_command("import_cases", kind, str(write(tmp_path / f"{kind}.csv", text)))
    return force


def indicators(capsys, *args):
    call_command("indicators", *args)
    return capsys.readouterr().out


def test_json_is_the_contract_shape_with_every_indicator_for_every_unit(loaded, capsys):
    out = json.loads(
        indicators(capsys, "--as-of", "2015-05-31", "--from", "2014-01-01", "--to", "2014-12-31")
    )
    assert list(out) == ["force", "as_of", "from", "to", "indicators"]
    assert (out["force"], out["as_of"], out["from"], out["to"]) == (
        "west-yorkshire", "2015-05-31", "2014-01-01", "2014-12-31"
    )  # fmt: skip
    assert len(out["indicators"]) == 15 * 4
    first = next(v for v in out["indicators"] if v["id"] == "investigations.open_over_3_months")
    assert first == {
        "id": "investigations.open_over_3_months", "unit": "Bradford", "value": 0,
        "numerator": 0, "denominator": None,
    }  # fmt: skip


def test_the_default_period_is_the_twelve_months_to_as_of(loaded, capsys):
    out = json.loads(indicators(capsys, "--as-of", "2014-12-31"))
    assert (out["from"], out["to"]) == ("2014-01-01", "2014-12-31")


def test_the_table_shows_every_indicator_for_each_unit_and_all(loaded, capsys):
    out = indicators(capsys, "--as-of", "2015-05-31", "--from", "2014-01-01", "--to",
                     "2014-12-31", "--format", "table")  # fmt: skip
    for indicator in INDICATORS:
        assert f"[{indicator.id}]" in out
    assert "  Leeds       33.3 %   (1 of 3)" in out
    assert "  Kirklees   no data   (0 of 0)" in out
    assert out.count("\n  ALL ") == 15


def test_results_are_cached_per_data_version_and_no_cache_recomputes(loaded, capsys, tmp_path):
    args = ["--as-of", "2014-12-31"]
    first = indicators(capsys, *args)
    cached = list(store.cache_dir("west-yorkshire").iterdir())
    assert len(cached) == 1
    cached[0].write_text(json.dumps([]))  # what the cache says is what is printed...
    assert json.loads(indicators(capsys, *args))["indicators"] == []
    assert indicators(capsys, *args, "--no-cache") == first  # ...until recomputed
    call_command(
        "import_cases", "conferences",
        str(write(tmp_path / "more.csv", "conference_ref,unit,held_on,police_invited\n"
                  "CF9,Leeds,2014-03-01,true\n")),
    )  # fmt: skip
    capsys.readouterr()
    after = json.loads(indicators(capsys, *args))  # a new version: a new key
    leeds = next(
        v
        for v in after["indicators"]
        if v["id"] == "conferences.police_attendance_pct" and v["unit"] == "Leeds"
    )
    assert (leeds["numerator"], leeds["denominator"]) == (1, 4)


def test_a_monthly_series_has_one_entry_per_month(loaded, capsys):
    out = json.loads(indicators(capsys, "--as-of", "2014-12-31", "--from", "2014-01-15",
                                "--to", "2014-03-31", "--monthly"))  # fmt: skip
    assert [(m["month"], m["from"], m["to"], m["as_of"]) for m in out["months"]] == [
        ("2014-01", "2014-01-15", "2014-01-31", "2014-01-31"),
        ("2014-02", "2014-02-01", "2014-02-28", "2014-02-28"),
        ("2014-03", "2014-03-01", "2014-03-31", "2014-03-31"),
    ]
    february = {(v["id"], v["unit"]): v["value"] for v in out["months"][1]["indicators"]}
    assert february[("conferences.police_attendance_pct", "Leeds")] == 33.3


def test_the_force_must_be_named_when_there_are_two(force, data_dir, capsys):
    OrganisationFactory(slug="north-yorkshire")
    with pytest.raises(CommandError, match="name the force with --force SLUG"):
        call_command("indicators", "--as-of", "2014-12-31")


def test_a_command_import_is_recorded_with_its_counts(force, data_dir, tmp_path, capsys):
    path = write(tmp_path / "c.csv", "conference_ref,unit,held_on,police_invited\n"
                 "CF1,Leeds,2014-02-01,true\n")  # fmt: skip
    call_command("import_cases", "conferences", str(path))
    record = CaseImport.objects.get()
    assert (record.kind, record.file_name, record.rows_added, record.data_version) == (
        "conferences", "c.csv", 1, 1
    )  # fmt: skip
    assert record.actor_label == "system: import-cases command"


def test_a_coordinator_of_another_force_may_not_import(force, data_dir, tmp_path):
    from django.core.exceptions import PermissionDenied

    from assure.accounts.tests.factories import MembershipFactory
    from assure.indicators.importer import import_cases

    other = MembershipFactory(organisation=OrganisationFactory(slug="north-yorkshire")).user
    path = write(tmp_path / "c.csv", "conference_ref,unit,held_on,police_invited\n"
                 "CF1,Leeds,2014-02-01,true\n")  # fmt: skip
    with pytest.raises(PermissionDenied):
        import_cases(actor=other, force=force, kind="conferences", path=path)
    coordinator = MembershipFactory(organisation=force).user
    record, _ = import_cases(actor=coordinator, force=force, kind="conferences", path=path)
    assert record.imported_by == coordinator
