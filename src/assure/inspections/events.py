"""Audit event names this app records: every ``audit.record`` names one of these (a name stays
as first recorded: it is data in the trail)."""

FINDING_ADDED = "inspections.finding.added"
FINDING_DELETED = "inspections.finding.deleted"
FINDING_UPDATED = "inspections.finding.updated"
INSPECTION_CREATED = "inspections.inspection.created"
INSPECTION_IMPORTED = "inspections.inspection.imported"
INSPECTION_UPDATED = "inspections.inspection.updated"
RECOMMENDATION_ADDED = "inspections.recommendation.added"
RECOMMENDATION_STATUS_SET = "inspections.recommendation.status_set"
RECOMMENDATION_UPDATED = "inspections.recommendation.updated"
