"""Who gets what from each outcome page (merged into tests/test_url_matrix.py), on the demo.

Case-row URLs (worklists, audit samples and their posts) answer 404 to partners, board members
and the PCC office, and to a unit lead for another unit's rows, before any data is read; those
who may see rows are first sent (302) to state a justification. The demo may hold no case data:
the checks come before the data, so the rows hold either way."""

from assure.core.tests.matrix import expect

AGGREGATES = expect(anonymous=302, partner_leeds=404, others=200)
POST_ONLY = expect(anonymous=302, others=405)
# Roles that may see some case rows of the force.
ROW_ROLES = expect(anonymous=302, board=404, partner_leeds=404, oversight=404, others=200)
# Kirklees's rows: the force-wide roles are asked for a justification; everyone else gets 404.
KIRKLEES_ROWS = expect(anonymous=302, coordinator=302, approver=302, inspector=302, others=404)
FORCE = {"slug": "west-yorkshire"}


def _sample():
    from django.utils import timezone

    from assure.accounts.models import Unit
    from assure.indicators.models import AuditSample, SampledCase

    unit = Unit.objects.get(organisation__slug="west-yorkshire", code="KIR")
    sample = AuditSample.objects.filter(unit=unit).first()
    if sample is None:
        sample = AuditSample.objects.create(
            force=unit.organisation, unit=unit, seed=1, size=1, data_version=1,
            drawn_at=timezone.now(),
        )  # fmt: skip
        SampledCase.objects.create(sample=sample, position=1, case_ref="INV-MATRIX")
    return {"slug": "west-yorkshire", "pk": sample.pk}


def _assignment():
    from assure.plans.models import Assignment

    return {"pk": Assignment.objects.filter(unit__code="KIR").order_by("pk").first().pk}


MATRIX = {
    "indicators:home": expect(anonymous=302, partner_leeds=404, others=302),
    "indicators:indicators": AGGREGATES,
    "indicators:indicator": AGGREGATES,
    "indicators:download": AGGREGATES,
    "indicators:target_set": POST_ONLY,
    "indicators:justify": ROW_ROLES,
    "indicators:access_log": expect(anonymous=302, coordinator=200, others=404),
    "indicators:worklists": ROW_ROLES,
    "indicators:worklist": KIRKLEES_ROWS,
    "indicators:worklist_missing": KIRKLEES_ROWS,
    "indicators:worklist_custody": KIRKLEES_ROWS,
    "indicators:review": KIRKLEES_ROWS,
    "indicators:review_missing": KIRKLEES_ROWS,
    "indicators:review_custody": KIRKLEES_ROWS,
    "indicators:audits": ROW_ROLES,
    "indicators:sample_draw": POST_ONLY,
    "indicators:sample": KIRKLEES_ROWS,
    "indicators:grade": KIRKLEES_ROWS,
    "indicators:snapshot_attach": POST_ONLY,
}

URL_KWARGS = {
    "indicators:indicators": lambda users: FORCE,
    "indicators:indicator": lambda users: {**FORCE, "indicator_id": "offenders.per_officer"},
    "indicators:download": lambda users: {**FORCE, "fmt": "csv"},
    "indicators:target_set": lambda users: {**FORCE, "indicator_id": "offenders.per_officer"},
    "indicators:justify": lambda users: {**FORCE, "purpose": "investigation_review"},
    "indicators:access_log": lambda users: FORCE,
    "indicators:worklists": lambda users: FORCE,
    "indicators:worklist": lambda users: {**FORCE, "code": "KIR"},
    "indicators:worklist_missing": lambda users: {**FORCE, "code": "KIR"},
    "indicators:worklist_custody": lambda users: {**FORCE, "code": "KIR"},
    "indicators:review": lambda users: {**FORCE, "code": "KIR"},
    "indicators:review_missing": lambda users: {**FORCE, "code": "KIR"},
    "indicators:review_custody": lambda users: {**FORCE, "code": "KIR"},
    "indicators:audits": lambda users: FORCE,
    "indicators:sample_draw": lambda users: FORCE,
    "indicators:sample": lambda users: _sample(),
    "indicators:grade": lambda users: _sample(),
    "indicators:snapshot_attach": lambda users: _assignment(),
}
