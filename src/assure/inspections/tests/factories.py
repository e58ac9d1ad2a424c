"""Factories for inspections, findings and recommendations.

They write rows directly (no services, no audit events) so a test can set up the world it needs
in a line; tests of the services themselves call the services.

    rec = RecommendationFactory(deadline=DeadlineRule("within", 3, "months"))
    rec.due_on  # resolved from rec.inspection.published_on, as the services would store it
"""

import datetime

import factory
from django.utils import timezone

from assure.accounts.models import OrganisationKind
from assure.accounts.tests.factories import OrganisationFactory
from assure.inspections.deadlines import DeadlineRule, resolve_due_on
from assure.inspections.models import (
    Finding,
    FindingKind,
    Inspection,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
    RecommendationStatusChange,
)

# The day the seed document's inspection report was published is not stated; any fixed day
# keeps due dates predictable.
DEFAULT_PUBLISHED_ON = datetime.date(2015, 1, 31)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    force = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.FORCE)
    body = "HMIC"
    programme = "National child protection inspection"
    title = factory.Sequence(lambda n: f"Child protection inspection {n}")
    fieldwork_start = datetime.date(2014, 6, 2)
    fieldwork_end = datetime.date(2014, 6, 13)
    published_on = DEFAULT_PUBLISHED_ON


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    kind = FindingKind.CONCERN
    text = factory.Sequence(lambda n: f"Practice differs between districts ({n}).")
    position = factory.Sequence(lambda n: n + 1)


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A recommendation whose deadline fields agree with each other and whose ``due_on`` is what
    the services would have stored. Pass ``deadline=DeadlineRule(...)`` rather than the separate
    ``deadline_*`` fields; ``due_on=...`` overrides the resolution when a test needs to. Like
    ``recommendation_add``, it starts the status history with one entry (``history=False`` to
    skip it)."""

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    class Params:
        deadline = DeadlineRule("within", 3, "months")

    inspection = factory.SubFactory(InspectionFactory)
    kind = RecommendationKind.RECOMMENDATION
    ref = factory.Sequence(lambda n: f"R{n + 1}")
    area = "MISPERs"
    text = factory.Sequence(lambda n: f"The force should make sure that every child ({n}) ...")
    sub_points = factory.LazyFunction(list)
    deadline_rule = factory.LazyAttribute(lambda o: o.deadline.rule)
    deadline_amount = factory.LazyAttribute(lambda o: o.deadline.amount)
    deadline_unit = factory.LazyAttribute(lambda o: o.deadline.unit)
    deadline_date = factory.LazyAttribute(lambda o: o.deadline.date)
    deadline_inherited = factory.LazyAttribute(lambda o: o.deadline.inherited)
    due_on = factory.LazyAttribute(lambda o: resolve_due_on(o.deadline, o.inspection.published_on))
    status = RecommendationStatus.AWAITING_REVIEW
    position = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create and extracted is not False:
            RecommendationStatusChange.objects.create(
                recommendation=self, status=self.status, changed_at=timezone.now(), note="Recorded"
            )
