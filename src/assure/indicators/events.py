"""Audit event names written by the indicators app."""

CASES_IMPORTED = "indicators.cases.imported"
