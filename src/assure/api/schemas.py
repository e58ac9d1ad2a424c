"""What the API answers: one schema per resource, named for the OpenAPI document.

Fields are the records' own columns and the ids of what they hang off, so a BI tool can join
them like tables; labels that need another table (a unit's name, a force's slug) are read with
the row (``resources.py`` says how), never one query per row.
"""

import datetime

from ninja import Schema
from pydantic import Field


class Error(Schema):
    detail: str = Field(description="What went wrong, for a person reading it")


class InspectionOut(Schema):
    id: int
    force: str = Field(description="The inspected force's slug")
    body: str
    programme: str
    title: str
    fieldwork_start: datetime.date | None
    fieldwork_end: datetime.date | None
    published_on: datetime.date | None
    report_url: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_force(obj) -> str:
        return obj.force.slug


class FindingOut(Schema):
    id: int
    inspection_id: int
    kind: str
    text: str
    position: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class RecommendationOut(Schema):
    id: int
    inspection_id: int
    kind: str
    ref: str
    area: str
    text: str
    sub_points: list[str]
    deadline_rule: str
    deadline_amount: int | None
    deadline_unit: str | None
    deadline_date: datetime.date | None
    due_on: datetime.date | None
    status: str
    discharged_on: datetime.date | None
    position: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_sub_points(obj) -> list[str]:
        return [str(point) for point in obj.sub_points or []]


class PlanOut(Schema):
    id: int
    inspection_id: int
    status: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ActionOut(Schema):
    id: int
    plan_id: int
    recommendation_id: int
    title: str
    description: str
    success_measure: str
    lead: str | None = Field(description="The lead's name")
    partners: list[str] = Field(description="Slugs of the partner agencies the action names")
    due_on: datetime.date | None
    due_on_override: datetime.date | None
    position: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_lead(obj) -> str | None:
        return obj.lead.display_name if obj.lead_id else None

    @staticmethod
    def resolve_partners(obj) -> list[str]:
        return [organisation.slug for organisation in obj.partners.all()]


class AssignmentOut(Schema):
    id: int
    action_id: int
    unit_id: int
    unit: str = Field(description="The delivering unit's name")
    due_on: datetime.date | None
    due_on_override: datetime.date | None
    closure_state: str
    closure_approved_on: datetime.date | None
    demonstration_until: datetime.date | None
    completed_on: datetime.date | None
    update_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.name


class UpdateOut(Schema):
    id: int
    assignment_id: int
    sequence: int
    author: str = Field(description="Who wrote it, as recorded then")
    created_at: datetime.datetime
    narrative: str
    rag: str
    percent_complete: int = Field(ge=0, le=100)
    not_adopted_reason: str

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author_label


class ClosureOut(Schema):
    id: int
    assignment_id: int
    proposed_at: datetime.datetime
    summary: str
    decision: str
    decided_at: datetime.datetime | None
    comment: str
    demonstration_months: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
