"""Who gets what from each inspection page (merged into tests/test_url_matrix.py).

Every West Yorkshire reader (coordinator, approver, board, unit leads, the PCC's office, the
inspectorate) reads its inspections; the Leeds partner agency does not. Only the coordinator
changes them; the register status is also the inspector's to set. Whatever a person may not see
or may not change answers 404. The objects are made here (an inspection of the demo force with one
finding and one recommendation), so the rows do not depend on what the demo holds.
"""

from assure.core.tests.matrix import expect

READERS = expect(anonymous=302, partner_leeds=404, others=200)
COORDINATOR_ONLY = expect(anonymous=302, coordinator=200, others=404)


def _inspection():
    from assure.accounts.models import Organisation
    from assure.inspections.models import Inspection
    from assure.inspections.tests.factories import (
        FindingFactory,
        InspectionFactory,
        RecommendationFactory,
    )

    found = Inspection.objects.filter(title="URL matrix inspection").first()
    if found is None:
        found = InspectionFactory(
            force=Organisation.objects.get(slug="west-yorkshire"), title="URL matrix inspection"
        )
        FindingFactory(inspection=found)
        RecommendationFactory(inspection=found)
    return found


def _inspection_kwargs(users):
    return {"pk": _inspection().pk}


def _finding_kwargs(users):
    inspection = _inspection()
    return {"pk": inspection.pk, "finding_pk": inspection.findings.get().pk}


def _recommendation_kwargs(users):
    inspection = _inspection()
    return {"pk": inspection.pk, "recommendation_pk": inspection.recommendations.get().pk}


MATRIX = {
    # Everyone signed in may open the list; it shows only what they may read (the partner's is
    # empty).
    "inspections:list": expect(anonymous=302, others=200),
    "inspections:create": COORDINATOR_ONLY,
    "inspections:import": COORDINATOR_ONLY,
    # Without a draft in the session the preview sends the coordinator back to the import form.
    "inspections:import_preview": expect(anonymous=302, coordinator=302, others=404),
    "inspections:detail": READERS,
    "inspections:edit": COORDINATOR_ONLY,
    "inspections:finding_add": COORDINATOR_ONLY,
    "inspections:finding_edit": COORDINATOR_ONLY,
    "inspections:finding_delete": COORDINATOR_ONLY,
    "inspections:recommendation_add": COORDINATOR_ONLY,
    "inspections:recommendation_edit": COORDINATOR_ONLY,
    "inspections:recommendation_status": expect(
        anonymous=302, coordinator=200, inspector=200, others=404
    ),
}

URL_KWARGS = {
    "inspections:detail": _inspection_kwargs,
    "inspections:edit": _inspection_kwargs,
    "inspections:finding_add": _inspection_kwargs,
    "inspections:recommendation_add": _inspection_kwargs,
    "inspections:finding_edit": _finding_kwargs,
    "inspections:finding_delete": _finding_kwargs,
    "inspections:recommendation_edit": _recommendation_kwargs,
    "inspections:recommendation_status": _recommendation_kwargs,
}
