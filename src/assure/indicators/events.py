"""Audit event names written by the indicators app."""

CASES_IMPORTED = "indicators.cases.imported"
TARGET_SET = "indicators.target.set"
CASE_ACCESS_JUSTIFIED = "indicators.case_access.justified"
CASE_ROWS_VIEWED = "indicators.case_rows.viewed"
CASE_REVIEWED = "indicators.case.reviewed"  # a review on any worklist
AUDIT_SAMPLE_DRAWN = "indicators.audit_sample.drawn"
AUDIT_GRADE_RECORDED = "indicators.audit_grade.recorded"
SNAPSHOT_ATTACHED = "indicators.snapshot.attached"
ACCESS_LOG_EXPORTED = "indicators.access_log.exported"
