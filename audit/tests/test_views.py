from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def log_url(pupil):
    return reverse("audit:pupil_log", args=[pupil.uid])


def test_sendco_lists_every_read_and_write_of_a_record(cast, client_for):
    client_for("teacher").get(reverse("pupils:record", args=[cast.pupil.uid]))
    response = client_for("sendco").get(log_url(cast.pupil))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tom Hughes" in html  # the teacher's read
    assert "Whole record" in html
    assert "Register decision" in html  # the decision that placed the pupil on SEN support
    assert AuditEvent.objects.filter(object_type="pupil.audit_log", actor=cast["sendco"]).count() == 1


def test_the_head_can_see_the_log(cast, client_for):
    assert client_for("head").get(log_url(cast.pupil)).status_code == 200


def test_the_log_filters_by_action(cast, client_for):
    client_for("teacher").get(reverse("pupils:record", args=[cast.pupil.uid]))
    html = client_for("sendco").get(log_url(cast.pupil), {"action": "create"}).content.decode()
    assert "Register decision" in html
    assert "Tom Hughes" not in html


@pytest.mark.parametrize(
    ("role", "status"), [("teacher", 403), ("ta", 403), ("parent", 403), ("governor", 404), ("outsider", 404)]
)
def test_others_cannot_see_the_log(cast, client_for, role, status):
    assert client_for(role).get(log_url(cast.pupil)).status_code == status
    assert not AuditEvent.objects.filter(object_type="pupil.audit_log").exists()
