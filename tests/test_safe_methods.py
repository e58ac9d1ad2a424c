"""Downloads and exports answer only GET and HEAD: any other method is refused (405) before the
export runs, so nothing is computed, handed out or written to the audit trail."""

import pytest
from django.urls import reverse

from assure.core.models import AuditEvent
from assure.plans.tests.url_matrix import URL_KWARGS

DOWNLOADS = ["site:audit_export", "plans:plan_export", "plans:evidence_download"]
UNSAFE = ["post", "put", "patch", "delete", "trace"]


@pytest.mark.django_db
def test_downloads_refuse_every_method_but_get_and_head(client, demo_users):
    client.force_login(demo_users["coordinator"])
    before = AuditEvent.objects.count()
    for name in DOWNLOADS:
        url = reverse(name, kwargs=URL_KWARGS.get(name, lambda users: {})(demo_users))
        for method in UNSAFE:
            response = getattr(client, method)(url)
            assert response.status_code == 405, (name, method)
            assert response["Allow"] == "GET, HEAD", (name, method)
            assert "attachment" not in response.get("Content-Disposition", "")
    assert AuditEvent.objects.count() == before
    for name in DOWNLOADS:
        url = reverse(name, kwargs=URL_KWARGS.get(name, lambda users: {})(demo_users))
        assert client.get(url).status_code == 200, name
        assert client.head(url).status_code == 200, name
