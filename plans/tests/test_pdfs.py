"""The plan, the review and the one-page profile as PDFs: they render, carry what they should (checked in the HTML
WeasyPrint is given, since the PDF's text is compressed), are audited as printed, and follow the access rules."""

from __future__ import annotations

import datetime as dt

import pytest
import weasyprint
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from plans.models import (
    CycleState,
    Outcome,
    PlannedProvision,
    ProvisionImpact,
    ReviewDecision,
    SupportCycle,
    Voice,
)
from plans.tests.test_documents import other_class_teacher, start_cycle
from pupils.services import profile_save_version
from tests.cast import Cast


def planned_cycle(cast: Cast, *, reviewed: bool = False) -> SupportCycle:
    """A cycle with a full plan (two outcomes, two kinds of provision, views) and, if `reviewed`, its review.
    Built directly on the models: these tests are about what the documents show, not how a cycle gets there."""
    cycle = start_cycle(cast)
    today = timezone.localdate()
    cycle.needs_summary = "Receptive language delay; struggles with multi-step instructions."
    cycle.review_due_on = today + dt.timedelta(weeks=6)
    cycle.parents_at_home = "Read together for ten minutes each evening and talk about the pictures."
    cycle.parents_agreed_on = today
    cycle.parents_agreed_how = "at the planning meeting"
    cycle.pupil_agreed_on = today
    cycle.pupil_agreed_how = "talked it through with Mrs Hughes"
    cycle.state = CycleState.DO
    cycle.save()
    reading = Outcome.objects.create(
        cycle=cycle,
        position=1,
        description="Follow a two-step instruction in class without a reminder",
        success_criteria="Follows two-step instructions in 4 out of 5 observed lessons",
        baseline="1 out of 5 lessons",
        target_value="4 out of 5 lessons",
        measure_how="Observation by the class teacher",
        measure_when="Every Friday",
        measured_by="Class teacher",
    )
    words = Outcome.objects.create(
        cycle=cycle,
        position=2,
        description="Use five new topic words in speech with the SALT programme",
        success_criteria="Uses five topic words unprompted",
        baseline="Two topic words",
        measure_how="Word checklist",
        measure_when="Fortnightly",
        measured_by="TA",
    )
    group_work = PlannedProvision.objects.create(
        cycle=cycle,
        kind=PlannedProvision.Kind.INTERVENTION,
        description="Language group using the SALT programme",
        delivered_by="Mrs Singh (TA)",
        frequency="Three times a week, 20 minutes",
        sessions_per_week=3,
        minutes_per_session=20,
        starts_on=today,
    )
    group_work.outcomes.set([words])
    visual = PlannedProvision.objects.create(
        cycle=cycle,
        kind=PlannedProvision.Kind.ADJUSTMENT,
        description="Instructions given one step at a time with a visual prompt",
        delivered_by="Class teacher",
        frequency="Every lesson",
        starts_on=today,
    )
    visual.outcomes.set([reading])
    for whose, stage, views in (
        (Voice.Whose.PUPIL, Voice.Stage.ASSESS, "I like it when the teacher shows me what to do."),
        (Voice.Whose.PARENT, Voice.Stage.ASSESS, "She gets upset when there is too much talking."),
    ):
        Voice.objects.create(
            cycle=cycle, whose=whose, stage=stage, method="conversation", views=views, gathered_on=today,
            gathered_by=cast["sendco"],
        )  # fmt: skip
    if reviewed:
        cycle.state = CycleState.REVIEW
        cycle.reviewed_on = today
        cycle.staff_views = "Much more settled in lessons; still needs the visual prompt."
        cycle.decision = ReviewDecision.ANOTHER_CYCLE
        cycle.decision_notes = "Good progress; keep going with new goals."
        cycle.what_works = "Visual prompts and short steps."
        cycle.what_doesnt = "Long spoken explanations."
        cycle.save()
        Outcome.objects.filter(pk=reading.pk).update(
            rating="achieved", measured_value="5 out of 5 lessons", evidence="Observed in maths and English."
        )
        Outcome.objects.filter(pk=words.pk).update(
            rating="partly", measured_value="Four topic words", evidence="Word checklist, week 6."
        )
        PlannedProvision.objects.filter(pk=group_work.pk).update(
            impact=ProvisionImpact.GOOD, impact_notes="Attended 16 of 18 sessions."
        )
        for whose, views in (
            (Voice.Whose.PUPIL, "Group is fun and I know more words."),
            (Voice.Whose.PARENT, "She talks about school more at home."),
        ):
            Voice.objects.create(
                cycle=cycle, whose=whose, stage=Voice.Stage.REVIEW, method="conversation", views=views,
                gathered_on=today, gathered_by=cast["sendco"],
            )  # fmt: skip
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML each PDF was made from, in order. WeasyPrint still makes the real PDF."""
    captured: list[str] = []
    real = weasyprint.HTML

    def spy(*args, **kwargs):
        captured.append(kwargs["string"])
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    return captured


def assert_pdf(response) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Cache-Control"] == "private, no-store"


def printed(cast: Cast, object_type: str, role: str = "sendco") -> bool:
    return AuditEvent.objects.filter(
        actor=cast[role], action=AuditAction.PRINT, object_type=object_type, pupil=cast.pupil, detail={"format": "pdf"}
    ).exists()


@pytest.mark.django_db
def test_plan_pdf_carries_outcomes_provision_home_review_date_and_agreement(cast, client_for, pdf_html):
    cycle = planned_cycle(cast)
    response = client_for("sendco").get(reverse("plans:plan_pdf", args=[cycle.uid]))
    assert_pdf(response)
    [html] = pdf_html
    for text in (
        "SEN support plan for Amara Okafor",
        "Oakfield Primary",
        "Follow a two-step instruction in class without a reminder",
        "Follows two-step instructions in 4 out of 5 observed lessons",
        "1 out of 5 lessons",
        "Observation by the class teacher; Every Friday; Class teacher",
        "Language group using the SALT programme",
        "Three times a week, 20 minutes",
        "Read together for ten minutes each evening",
        f"{timezone.localdate() + dt.timedelta(weeks=6):%B %Y}",
        "at the planning meeting",
        "I like it when the teacher shows me what to do.",
        'counter(page) " of " counter(pages)',
    ):
        assert text in html, text
    assert cast.pupil.upn not in html
    assert printed(cast, "plans.plan")


@pytest.mark.django_db
def test_plan_pdf_uses_the_preferred_name(cast, client_for, pdf_html):
    cast.pupil.preferred_forename = "Mara"
    cast.pupil.save()
    cycle = planned_cycle(cast)
    assert_pdf(client_for("teacher").get(reverse("plans:plan_pdf", args=[cycle.uid])))
    assert "SEN support plan for Mara Okafor" in pdf_html[0]
    assert "Amara" not in pdf_html[0]


@pytest.mark.django_db
def test_review_pdf_carries_ratings_measures_impact_views_decision_and_learning(cast, client_for, pdf_html):
    cycle = planned_cycle(cast, reviewed=True)
    response = client_for("ta").get(reverse("plans:review_pdf", args=[cycle.uid]))
    assert_pdf(response)
    [html] = pdf_html
    for text in (
        "Review of Amara Okafor's support plan",
        "Achieved",
        "Partly achieved",
        "1 out of 5 lessons",
        "5 out of 5 lessons",
        "Observed in maths and English.",
        "Good impact",
        "Attended 16 of 18 sessions.",
        "Group is fun and I know more words.",
        "She talks about school more at home.",
        "Much more settled in lessons",
        "Another cycle of SEN support",
        "Good progress; keep going with new goals.",
        "Visual prompts and short steps.",
        "Long spoken explanations.",
    ):
        assert text in html, text
    # The views gathered at Assess belong to the plan, not the review.
    assert "I like it when the teacher shows me what to do." not in html
    assert printed(cast, "plans.review", role="ta")


@pytest.mark.django_db
def test_one_page_profile_pdf_shows_the_latest_version(cast, client_for, pdf_html):
    for how in ("Short instructions.", "Short instructions and a visual timetable."):
        profile_save_version(
            pupil=cast.pupil,
            data={"how_to_support": how, "likes": "Drawing and football.", "named_adult": "Mrs Hughes"},
            change_note="Agreed with Mum.",
            by=cast["sendco"],
        )
    response = client_for("teacher").get(reverse("plans:profile_pdf", args=[cast.pupil.uid]))
    assert_pdf(response)
    [html] = pdf_html
    assert "All about me: Amara Okafor" in html
    assert "Version 2" in html
    assert "Short instructions and a visual timetable." in html
    assert "Drawing and football." in html
    assert "Mrs Hughes" in html
    assert cast.pupil.upn not in html
    assert printed(cast, "pupil.profile", role="teacher")


@pytest.mark.django_db
def test_parents_may_print_their_childs_profile(cast, client_for):
    profile_save_version(pupil=cast.pupil, data={"likes": "Drawing."}, change_note="", by=cast["sendco"])
    assert_pdf(client_for("parent").get(reverse("plans:profile_pdf", args=[cast.pupil.uid])))


@pytest.mark.django_db
def test_no_profile_yet_is_a_404(cast, client_for):
    assert client_for("sendco").get(reverse("plans:profile_pdf", args=[cast.pupil.uid])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.PRINT).exists()


@pytest.mark.django_db
def test_plan_and_review_pdfs_are_404_outside_the_pupils_adults(cast, client, pdf_html):
    cycle = planned_cycle(cast, reviewed=True)
    for user in (other_class_teacher(cast), cast["outsider"], cast["governor"], cast["parent"]):
        client.force_login(user)
        for name in ("plans:plan_pdf", "plans:review_pdf"):
            assert client.get(reverse(name, args=[cycle.uid])).status_code == 404, (user.email, name)
    assert pdf_html == []
    assert not AuditEvent.objects.filter(action=AuditAction.PRINT).exists()


@pytest.mark.django_db
def test_pdfs_escape_what_staff_typed(cast, client_for, pdf_html):
    cycle = planned_cycle(cast)
    Outcome.objects.filter(cycle=cycle, position=1).update(description='<img src="http://example.com/x.png">')
    assert_pdf(client_for("sendco").get(reverse("plans:plan_pdf", args=[cycle.uid])))
    assert '<img src="http://example.com' not in pdf_html[0]
    assert "&lt;img" in pdf_html[0]
