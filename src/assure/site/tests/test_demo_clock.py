"""The demo on its pinned clock: it reads as a live plan ("252 days overdue", not "4,263")."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assure.core import clock
from assure.plans.demo_story import read_story
from assure.site.demo import pin_demo_clock

STORY_DAY = datetime.date(2015, 12, 21)


@pytest.fixture
def unpinned():
    yield
    clock.pin(None)  # pin_demo_clock pins the process; leave the next test on the real clock


def days_overdue(html: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"([\d,]+) days? overdue", html)]


def test_the_demo_story_is_read_on_the_monday_after_its_last_event():
    story = read_story()
    last = max(e.on for h in story.history for e in h.events)
    assert story.today == STORY_DAY
    assert datetime.timedelta(0) < story.today - last <= datetime.timedelta(days=7)


def rows_under(page: str, caption: str) -> int:
    """How many assignments the table with this caption lists."""
    table = page.split(f">{caption}</caption>", 1)[1].split("</table>", 1)[0]
    return table.count('<span class="govuk-visually-hidden">: ')


def leeds_review_page(client, demo_users) -> str:
    from assure.plans.models import Assignment

    assignment = Assignment.objects.get(
        unit__code="LEE", action__title__startswith="Supervise every child abuse investigation"
    )
    client.force_login(demo_users["lead.leeds"])
    return client.get(reverse("plans:assignment", kwargs={"pk": assignment.pk})).content.decode()


def test_pinned_to_the_story_day_leeds_work_is_months_not_years_overdue(
    client, demo_users, settings
):
    settings.ASSURE_TODAY = STORY_DAY
    client.force_login(demo_users["lead.leeds"])
    work = client.get(reverse("plans:my_work")).content.decode()
    assert rows_under(work, "Overdue") >= 5  # Leeds is behind, as the follow-up inspection found
    assert "Today is 21 December 2015" in work
    assert days_overdue(leeds_review_page(client, demo_users)) == [252]  # due 13 April 2015


def test_on_the_real_day_the_same_work_is_years_overdue(client, demo_users):
    assert days_overdue(leeds_review_page(client, demo_users))[0] > 3000


def test_pinned_mid_year_the_leeds_lead_sees_work_due_soon(client, demo_users, settings):
    settings.ASSURE_TODAY = datetime.date(2015, 6, 15)
    client.force_login(demo_users["lead.leeds"])
    work = client.get(reverse("plans:my_work")).content.decode()
    assert rows_under(work, "Due in the next 45 days") >= 3  # the front door, kiosks, recording
    assert rows_under(work, "Overdue") >= 1


def test_what_a_person_records_in_a_pinned_demo_is_dated_that_day(demo_users, settings):
    from assure.plans.models import Assignment, Rag
    from assure.plans.services import update_add

    settings.ASSURE_TODAY = STORY_DAY
    assignment = Assignment.objects.get(
        unit__code="LEE", action__title__startswith="Review statutory"
    )
    update = update_add(
        actor=demo_users["lead.leeds"],
        assignment=assignment,
        narrative="LSCB took the review's findings on 17 December.",
        rag=Rag.AMBER,
        percent_complete=70,
    )
    assert timezone.localdate(update.created_at) == STORY_DAY


def test_assure_demo_records_the_day_once_and_keeps_it(tmp_path, settings, unpinned):
    settings.ASSURE_TODAY_FILE = tmp_path / "demo-today"
    assert pin_demo_clock() == STORY_DAY
    assert settings.ASSURE_TODAY_FILE.read_text().strip() == "2015-12-21"
    assert clock.today() == STORY_DAY
    clock.pin(None)
    settings.ASSURE_TODAY = datetime.date(2015, 9, 30)  # e.g. ASSURE_TODAY, read from the file
    assert pin_demo_clock() == datetime.date(2015, 9, 30)
    assert settings.ASSURE_TODAY_FILE.read_text().strip() == "2015-12-21"  # recorded once
