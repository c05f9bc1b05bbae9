from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.generator import build_demo
from plans.models import CycleState, Meeting, SupportCycle
from pupils.models import Pupil

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    build_demo()


def test_the_demo_has_cycles_at_every_stage_with_a_thread_from_earlier_cycles(demo):
    states = set(SupportCycle.objects.values_list("state", flat=True))
    assert states == set(CycleState.values)
    assert SupportCycle.objects.filter(previous__isnull=False, previous__state=CycleState.CLOSED).exists()
    assert Meeting.objects.filter(shared_with_parents_on__isnull=False).exists()
    # The SENDCo's work queue has pupils on the register with no current plan.
    on_support = Pupil.objects.filter(sen_status="K").count()
    with_open = (
        SupportCycle.objects.filter(pupil__sen_status="K").exclude(state=CycleState.CLOSED).values("pupil").count()
    )
    assert with_open < on_support


def test_every_demo_cycle_at_oakfield_opens_for_its_sendco(demo):
    client = Client()
    client.force_login(User.objects.get(email="sendco@oakfield.demo"))
    cycles = SupportCycle.objects.filter(school__name__startswith="Oakfield")
    assert cycles.count() > 10
    for cycle in cycles:
        assert client.get(reverse("plans:cycle", args=[cycle.uid])).status_code == 200
