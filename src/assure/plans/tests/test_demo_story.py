"""The demo's story is data: a mistake in it is reported with the file and the entry it is in,
before anything is written."""

import datetime
import shutil

import pytest

from assure.accounts import demo as accounts_demo
from assure.core.audit import SystemActor
from assure.inspections import demo as inspections_demo
from assure.plans import demo as plans_demo
from assure.plans import demo_story
from assure.plans.demo_story import StoryError, read_story
from assure.plans.models import ActionPlan, Rag


@pytest.fixture
def story_dir(tmp_path):
    folder = tmp_path / "demo_data"
    shutil.copytree(demo_story.DATA_DIR, folder)
    return folder


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_shipped_story_reads_cleanly():
    story = read_story()
    assert len(story.actions) == 15
    assert sum(len(demo_story.unit_labels(a)) for a in story.actions) == len(story.history) == 44
    first = story.history[0].events[0]
    assert (first.on, first.rag, first.percent) == (datetime.date(2015, 2, 6), Rag.GREEN, 40)
    # wrapped over lines in the file, one line in the plan
    assert first.text.startswith("Review meeting held with the Bradford Safeguarding Children")
    assert "\n" not in first.text
    assert "  " not in first.text


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "history.toml",
            'action = "working-together"\nunit = "KIR"',
            'action = "working-together"\nunit = "KRK"',
            "history.toml, assignment 3 (working-together): unit 'KRK' is not one of 'BRA',",
        ),
        (
            "plan.toml",
            'units = ["LEE", "CS:Leeds"]',
            'units = ["LEE", "CS:Leds"]',
            "plan.toml, action 3 (leeds-front-door): units: 'CS:Leds' is not one of",
        ),
        (
            "history.toml",
            "on = 2015-03-06",
            'on = "2015-13-06"',
            "history.toml, assignment 1 (working-together BRA), event 2: "
            "on '2015-13-06' is not a date such as 2015-03-31",
        ),
        (
            "history.toml",
            "on = 2015-03-06",
            "on = 2015-01-06",
            "assignment 1 (working-together BRA), event 2 (update on 2015-01-06): "
            "dated 2015-01-06, before the event above it (2015-02-06)",
        ),
        (
            "history.toml",
            'rag = "green"\npercent = 40',
            'rag = "gren"\npercent = 40',
            "assignment 1 (working-together BRA), event 1 (update on 2015-02-06): rag 'gren'",
        ),
        (
            "history.toml",
            "percent = 40",
            "precent = 40",
            "event 1 (update on 2015-02-06): percent is missing",
        ),
        (
            "history.toml",
            'file = "icpc-attendance-bradford-2015q1.csv"',
            'file = "icpc-attendance.csv"',
            "event 3 (evidence on 2015-03-18): file 'icpc-attendance.csv' is not in "
            "demo_data/files/",
        ),
        (
            "plan.toml",
            'lead = "lead.leeds"',
            'lead = "lead.leeeds"',
            "plan.toml, action 3 (leeds-front-door): lead 'lead.leeeds' is not one of",
        ),
        (
            "history.toml",
            'kind = "closure proposed"\nsummary',
            'kind = "evidence"\ntitle = "Sign-off"\nnote',
            "event 6 (closure approved on 2015-03-26): a closure is decided but none was proposed",
        ),
    ],
)
def test_a_mistake_names_its_file_and_entry(story_dir, file, old, new, message):
    edit(story_dir / file, old, new)
    with pytest.raises(StoryError) as error:
        read_story(story_dir)
    assert message in str(error.value)


def test_a_date_that_does_not_exist_names_its_line(story_dir):
    edit(story_dir / "history.toml", "on = 2015-03-06", "on = 2015-02-30")
    with pytest.raises(StoryError, match=r"^history\.toml: .*line \d+"):
        read_story(story_dir)


def test_an_unknown_key_is_refused(story_dir):
    edit(story_dir / "history.toml", "percent = 40\n", "percent = 40\nprogress = 40\n")
    with pytest.raises(StoryError, match=r"event 1 \(update on 2015-02-06\): unknown 'progress'"):
        read_story(story_dir)


def test_an_unknown_recommendation_stops_the_load_before_anything_is_written(
    db, story_dir, monkeypatch
):
    edit(story_dir / "plan.toml", 'recommendation = "3.1 (2)"', 'recommendation = "3.9"')
    monkeypatch.setattr(demo_story, "DATA_DIR", story_dir)
    accounts_demo.load(actor=SystemActor("test"), password="a-long-demo-password")
    inspection, _ = inspections_demo.load()
    with pytest.raises(StoryError, match=r"action 2 \(marac-research\).*no recommendation '3\.9'"):
        plans_demo.load(inspection=inspection)
    assert not ActionPlan.objects.exists()
