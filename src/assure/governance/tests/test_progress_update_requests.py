"""The progress paper counts the plan's update requests, overdue ones by unit."""

import datetime
import json

import pytest

from assure.accounts.models import Role
from assure.accounts.tests.factories import person_with_role
from assure.governance.papers.documents import build
from assure.plans import services
from assure.plans.tests.factories import plan_with_assignments

pytestmark = pytest.mark.django_db


def test_the_progress_paper_counts_overdue_update_requests(settings):
    settings.ASSURE_TODAY = datetime.date(2015, 3, 2)
    data = plan_with_assignments(n_recommendations=1, n_districts=2, n_updates=1)
    coordinator = person_with_role(Role.COORDINATOR, organisation=data.force)
    services.update_cycle_set(
        actor=coordinator, plan=data.plan, day_of_month=1, horizon_days=90, response_days=3
    )
    services.update_requests_issue(actor=coordinator, plan=data.plan)
    settings.ASSURE_TODAY = datetime.date(2015, 3, 9)
    text = json.dumps(build("progress", data.inspection).as_json())
    names = sorted(u.name for u in data.force_units.districts)
    assert f"2 awaiting an update, 2 overdue ({names[0]} 1, {names[1]} 1), 0 answered" in text
