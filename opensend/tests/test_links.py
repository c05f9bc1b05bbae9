from __future__ import annotations

import uuid

from django.urls import reverse

from opensend.links import url_for_uid


def test_a_url_for_a_uid_is_the_url_reverse_gives() -> None:
    record = url_for_uid("pupils:record")
    uids = [uuid.uuid4(), uuid.uuid4()]

    assert [record(uid) for uid in uids] == [reverse("pupils:record", args=[uid]) for uid in uids]
    assert record(str(uids[0])) == reverse("pupils:record", args=[uids[0]])
