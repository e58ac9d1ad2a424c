"""While an import runs in one process, `assure indicators` in another answers from the
previous data version: a real two-process test, on an installation folder of its own.

The import is held just before its swap by ASSURE_TEST_PAUSE_BEFORE_SWAP (it waits while the
named file exists), so the test needs no timing: it waits for the import to say it is waiting.
"""

import json
import os
import subprocess
import sys
import time

SETUP = (
    "from assure.accounts.models import Organisation, Unit;"
    "f = Organisation.objects.create(name='West Yorkshire Police', slug='west-yorkshire', "
    "kind='force');"
    "[Unit.objects.create(organisation=f, kind='district', code=c, name=n) "
    "for c, n in (('LDS', 'Leeds'), ('KIR', 'Kirklees'))]"
)
HEADER = "conference_ref,unit,held_on,police_invited,police_attended\n"


def cli_env(data_dir, **extra):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["ASSURE_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def assure(*args, data_dir, **extra):
    done = subprocess.run(
        [sys.executable, "-m", "assure.site.cli", *args],
        env=cli_env(data_dir, **extra), capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def attendance(data_dir) -> dict:
    out = assure(
        "indicators", "--as-of", "2014-12-31", "--format", "json", "--no-cache", data_dir=data_dir
    )
    return {
        v["unit"]: (v["numerator"], v["denominator"])
        for v in json.loads(out)["indicators"]
        if v["id"] == "conferences.police_attendance_pct"
    }


def test_indicators_read_the_previous_version_while_an_import_is_paused(tmp_path):
    data_dir = tmp_path / "installation"
    assure("manage", "migrate", "--verbosity", "0", data_dir=data_dir)
    assure("manage", "shell", "-c", SETUP, data_dir=data_dir)
    old = tmp_path / "old.csv"
    old.write_text(HEADER + "CF1,Leeds,2014-02-01,true,true\nCF2,KIR,2014-02-02,true,false\n")
    assure("import-cases", "conferences", str(old), data_dir=data_dir)
    assert attendance(data_dir) == {"Leeds": (1, 1), "Kirklees": (0, 1), "ALL": (1, 2)}

    new = tmp_path / "new.csv"
    rows = [f"N{i},{'Leeds' if i % 2 else 'Kirklees'},2014-03-01,true,true" for i in range(50_000)]
    new.write_text(HEADER + "\n".join(rows) + "\n")
    flag = tmp_path / "hold"
    flag.touch()
    importing = subprocess.Popen(
        [sys.executable, "-m", "assure.site.cli", "import-cases", "conferences", str(new),
         "--replace"],
        env=cli_env(data_dir, ASSURE_TEST_PAUSE_BEFORE_SWAP=str(flag)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        waiting = flag.with_name("hold.waiting")
        deadline = time.monotonic() + 120
        while not waiting.exists():
            assert importing.poll() is None, importing.communicate()
            assert time.monotonic() < deadline, "the import never reached its swap"
            time.sleep(0.05)
        # The new file is written and checked; the other process still sees the old version.
        assert attendance(data_dir) == {"Leeds": (1, 1), "Kirklees": (0, 1), "ALL": (1, 2)}
    finally:
        flag.unlink(missing_ok=True)
        out, err = importing.communicate(timeout=120)
    assert importing.returncode == 0, err
    assert "50000 added, 0 updated, 2 removed" in out
    assert attendance(data_dir) == {
        "Leeds": (25_000, 25_000), "Kirklees": (25_000, 25_000), "ALL": (50_000, 50_000)
    }  # fmt: skip
