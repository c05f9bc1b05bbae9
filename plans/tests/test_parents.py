"""The plan in plain English for parents: reached from "My children" only once shared, previewed by staff, with the
school's abbreviations spelled out, as a page and as a PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from plans.tests.test_documents import other_class_teacher
from plans.tests.test_pdfs import assert_pdf, pdf_html, planned_cycle  # noqa: F401 - pdf_html is a fixture
from pupils.models import ParentLink
from tests.cast import make_user


def share(cycle) -> None:
    cycle.plan_shared_with_parents_on = timezone.localdate()
    cycle.save(update_fields=["plan_shared_with_parents_on"])


@pytest.mark.django_db
def test_parent_cannot_see_the_plan_before_it_is_shared_and_can_after(cast, client_for):
    cycle = planned_cycle(cast)
    client = client_for("parent")
    url = reverse("plans:parent_plan", args=[cycle.uid])
    assert client.get(url).status_code == 404
    assert client.get(reverse("plans:parent_plan_pdf", args=[cycle.uid])).status_code == 404
    assert "Amara's plan" not in client.get(reverse("pupils:my_children")).content.decode()

    share(cycle)
    children = client.get(reverse("pupils:my_children")).content.decode()
    assert f'href="{url}"' in children
    assert "Amara's plan, shared on" in children
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(
        actor=cast["parent"], action=AuditAction.VIEW, object_type="plans.parent_plan", pupil=cast.pupil
    ).exists()


@pytest.mark.django_db
def test_the_plan_for_parents_answers_their_questions_in_plain_english(cast, client_for):
    cycle = planned_cycle(cast)
    share(cycle)
    page = client_for("parent").get(reverse("plans:parent_plan", args=[cycle.uid])).content.decode()
    for heading in (
        "What we are working on",
        "How we will know it is working",
        "What we will do at school",
        "What you can do at home",
        "When we will meet again",
        "Who to contact",
    ):
        assert f">{heading}</h2>" in page, heading
    for text in (
        "Follow a two-step instruction in class without a reminder",
        "Where Amara is now: 1 out of 5 lessons",
        "Follows two-step instructions in 4 out of 5 observed lessons",
        "Read together for ten minutes each evening",
        f"{timezone.localdate() + dt.timedelta(weeks=6):%B %Y}",
        "Sam Patel, the school&#x27;s special needs co-ordinator",
        "Tom Hughes, teacher, 4B",
    ):
        assert text in page, text
    # Abbreviations are spelled out where they first appear; the plan's codes never reach parents.
    assert "speech and language therapy (SALT)" in page
    assert "Who will check: teaching assistant (TA)." in page
    assert "SEN support plan" not in page
    assert cast.pupil.upn not in page
    # The staff-only banner is not shown to parents.
    assert "as Amara&#x27;s parents see it" not in page


@pytest.mark.django_db
def test_staff_who_work_with_the_pupil_can_preview_it_before_it_is_shared(cast, client_for):
    cycle = planned_cycle(cast)
    for role in ("sendco", "teacher", "ta", "head"):
        response = client_for(role).get(reverse("plans:parent_plan", args=[cycle.uid]))
        assert response.status_code == 200, role
        assert "It has not been shared with them yet" in response.content.decode()


@pytest.mark.django_db
def test_nobody_else_sees_the_plan_for_parents(cast, client, client_for):
    cycle = planned_cycle(cast)
    share(cycle)
    # A parent at the same school, of another child.
    stranger = make_user("another.parent@example.test", "Pat Carter")
    ParentLink.objects.create(
        parent=stranger, pupil=cast.untaught_pupil, relationship="father", started_on=timezone.localdate()
    )
    for user in (other_class_teacher(cast), cast["outsider"], cast["governor"], cast["school_admin"], stranger):
        client.force_login(user)
        assert client.get(reverse("plans:parent_plan", args=[cycle.uid])).status_code == 404, user.email
        assert client.get(reverse("plans:parent_plan_pdf", args=[cycle.uid])).status_code == 404, user.email


@pytest.mark.django_db
def test_a_parent_whose_link_has_ended_no_longer_sees_the_plan(cast, client_for):
    cycle = planned_cycle(cast)
    share(cycle)
    ParentLink.objects.filter(parent=cast["parent"]).update(ended_on=timezone.localdate())
    assert client_for("parent").get(reverse("plans:parent_plan", args=[cycle.uid])).status_code == 404


@pytest.mark.django_db
def test_the_plan_for_parents_prints_as_a_pdf_and_the_print_is_audited(cast, client_for, pdf_html):  # noqa: F811
    cycle = planned_cycle(cast)
    share(cycle)
    assert_pdf(client_for("parent").get(reverse("plans:parent_plan_pdf", args=[cycle.uid])))
    [html] = pdf_html
    assert "What you can do at home" in html
    assert "speech and language therapy (SALT)" in html
    assert 'counter(page) " of " counter(pages)' in html
    assert AuditEvent.objects.filter(
        actor=cast["parent"], action=AuditAction.PRINT, object_type="plans.parent_plan", pupil=cast.pupil
    ).exists()
