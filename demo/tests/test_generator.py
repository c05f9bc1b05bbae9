"""The default demo (Brightwater Learning Trust, about 1,850 pupils), built once for this module."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from accounts.models import Membership, Role, User
from audit.models import AuditEvent
from demo.generator import CROSS_SCHOOL_SENDCO, DEMO_PASSWORD, DEMO_PUPILS, SHOWCASE_PARENT
from demo.signins import FEATURED
from demo.tests.checks import assert_demo_invariants
from pupils.models import GroupMembership, ParentLink, ProfileVersion, Pupil
from pupils.permissions import pupils_visible_to
from register.models import Need, RegisterDecision, SenStatus
from schools.models import AcademicYear, School, StaffAssignment, TeachingGroup, Term

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_output(django_db_setup, django_db_blocker):
    """Build the demo once, inside a transaction rolled back when the module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def share(part: int, whole: int) -> float:
    return 100 * part / whole


def test_the_demo_trust_has_four_schools_and_the_default_number_of_pupils():
    schools = list(School.objects.order_by("urn").values_list("name", "phase", "trust__name", "local_authority__code"))
    assert schools == [
        ("Oakfield Primary School", "primary", "Brightwater Learning Trust", "919"),
        ("Riverside Primary School", "primary", "Brightwater Learning Trust", "919"),
        ("Kingsmead Academy", "secondary", "Brightwater Learning Trust", "919"),
        ("Willow Bank School", "special", "Brightwater Learning Trust", "919"),
    ]
    assert Pupil.objects.count() == DEMO_PUPILS
    assert all(len(str(s.urn)) == 6 and len(s.establishment_number) == 4 for s in School.objects.all())


def test_the_generated_rows_keep_every_register_invariant():
    assert_demo_invariants()


def test_mainstream_prevalence_is_close_to_national_and_the_special_school_is_nearly_all_ehc_plans():
    for school in School.objects.annotate(total=Count("pupils")):
        counts = Counter(school.pupils.values_list("sen_status", flat=True))
        if school.phase == School.Phase.SPECIAL:
            assert share(counts["E"], school.total) > 90
        else:
            assert 12 <= share(counts["K"], school.total) <= 17, school.name
            assert 1.5 <= share(counts["E"], school.total) <= 5, school.name


def test_boys_are_over_represented_as_nationally():
    for status, low, high in (("K", 56, 66), ("E", 64, 78)):
        sexes = Counter(Pupil.objects.filter(sen_status=status).values_list("sex", flat=True))
        assert low <= share(sexes["M"], sexes["M"] + sexes["F"]) <= high, status


def test_need_mix_puts_slcn_first_for_sen_support_and_asd_first_for_ehc_plans():
    mainstream = Need.objects.filter(rank=1, ended_on__isnull=True).exclude(pupil__school__phase="special")
    support = Counter(mainstream.filter(pupil__sen_status="K").values_list("code", flat=True))
    plans = Counter(
        Need.objects.filter(rank=1, ended_on__isnull=True, pupil__sen_status="E").values_list("code", flat=True)
    )
    assert support.most_common(1)[0][0] == "SLCN"
    assert 18 <= share(support["SLCN"], sum(support.values())) <= 34
    assert {"SEMH", "MLD", "SPLD", "ASD"} <= set(support)
    assert plans.most_common(1)[0][0] == "ASD"
    special = Counter(
        Need.objects.filter(rank=1, pupil__school__phase="special", pupil__sen_status="E").values_list(
            "code", flat=True
        )
    )
    assert {"SLD", "PMLD"} <= set(special)


def test_the_demo_includes_secondary_needs_down_syndrome_and_nsa_only_with_sen_support():
    assert Need.objects.filter(rank=2, ended_on__isnull=True).count() > 50
    assert Need.objects.filter(code="DS").exists()
    nsa = Need.objects.filter(code="NSA", ended_on__isnull=True)
    assert nsa.exists()
    assert not nsa.exclude(pupil__sen_status="K").exists()


def test_some_pupils_have_an_earlier_closed_status():
    routes = Counter(
        tuple(RegisterDecision.objects.filter(pupil=p).order_by("decided_on").values_list("to_status", flat=True))
        for p in Pupil.objects.filter(register_decisions__from_status="K").distinct()
    )
    assert routes[("K", "E")] >= 5  # SEN support first, then an EHC plan
    assert routes[("K", "N")] >= 5  # SEN support, then back to quality-first teaching
    removed = Pupil.objects.filter(sen_status="N", sen_statuses__isnull=False).distinct()
    assert not Need.objects.filter(pupil__in=removed, ended_on__isnull=True).exists()
    assert SenStatus.objects.filter(ended_on__isnull=False).count() >= 10


def test_every_decision_was_made_by_a_sendco_of_the_school():
    sendcos = set(Membership.objects.filter(role=Role.SENDCO).values_list("user_id", "school_id"))
    for decided_by, school in RegisterDecision.objects.values_list("decided_by_id", "school_id"):
        assert (decided_by, school) in sendcos


def test_pupil_characteristics_are_realistic():
    mainstream = Pupil.objects.exclude(school__phase="special")
    total = mainstream.count()
    assert 20 <= share(mainstream.filter(free_school_meals=True).count(), total) <= 30
    assert 15 <= share(mainstream.filter(eal=True).count(), total) <= 25
    assert share(mainstream.filter(looked_after=True).count(), total) < 3
    assert not mainstream.filter(free_school_meals=True, pupil_premium=False).exists()
    assert 45 <= share(mainstream.filter(sex="M").count(), total) <= 57


def test_profiles_have_later_versions_that_say_what_changed():
    assert ProfileVersion.objects.filter(number=2).count() > 30
    assert ProfileVersion.objects.filter(number=3).exists()
    assert not ProfileVersion.objects.filter(number__gt=1, change_note="").exists()
    first = ProfileVersion.objects.filter(number=1).first()
    assert first is not None
    assert all(getattr(first, name) for name in ProfileVersion.PROFILE_FIELDS)


def test_the_secondary_teaches_in_tutor_groups_and_sets():
    kingsmead = School.objects.get(name="Kingsmead Academy")
    groups = TeachingGroup.objects.filter(school=kingsmead)
    assert groups.filter(kind="registration").count() == 40
    assert set(groups.filter(kind="teaching").values_list("subject", flat=True)) == {
        "English",
        "Mathematics",
        "Science",
    }
    sets = Counter(GroupMembership.objects.filter(group__kind="teaching").values_list("pupil_id", flat=True))
    assert all(sets[pk] == 3 for pk in kingsmead.pupils.values_list("pk", flat=True))


def test_every_group_has_a_teacher_and_terms_cover_two_years():
    assert not TeachingGroup.objects.exclude(staff__role="teacher").exists()
    assert StaffAssignment.objects.filter(role="ta").exists()
    assert AcademicYear.objects.count() == 2
    assert Term.objects.count() == 4 * 2 * 3


def test_each_featured_account_signs_in_with_the_demo_password():
    users = {u.email: u for u in User.objects.filter(email__in=[email for _, email in FEATURED])}
    assert set(users) == {email for _, email in FEATURED}
    assert users["sendco@oakfield.demo"].check_password(DEMO_PASSWORD)
    assert len({u.password for u in User.objects.all()}) == 1  # one Argon2 hash, computed once


def test_featured_accounts_see_what_their_role_allows():
    user = User.objects.get
    cross = user(email=CROSS_SCHOOL_SENDCO)
    assert set(cross.memberships.filter(role=Role.SENDCO).values_list("school__name", flat=True)) == {
        "Riverside Primary School",
        "Willow Bank School",
    }
    teacher_sees = pupils_visible_to(user(email="teacher@oakfield.demo"))
    assert 0 < teacher_sees.count() <= 40
    assert teacher_sees.filter(sen_status__in=["K", "E"]).exists()
    assert pupils_visible_to(user(email="ta@oakfield.demo")).filter(sen_status__in=["K", "E"]).exists()
    assert pupils_visible_to(user(email="sendco@oakfield.demo")).count() == 210
    for aggregate_only in ("governor@oakfield.demo", "admin@oakfield.demo", "trust@brightwater.demo", "la@wyvern.demo"):
        assert not pupils_visible_to(user(email=aggregate_only)).exists()
    assert user(email="trust@brightwater.demo").memberships.get().role == Role.TRUST_ADMIN
    assert user(email="la@wyvern.demo").memberships.get().role == Role.LA_OFFICER


def test_the_demo_parent_has_a_child_with_a_profile_and_barriers_in_the_featured_class():
    child = pupils_visible_to(User.objects.get(email=SHOWCASE_PARENT)).get()
    assert child.sen_status == "K"
    assert child.profile_versions.count() == 3
    assert child.barriers.count() == 3
    assert child in pupils_visible_to(User.objects.get(email="teacher@oakfield.demo"))
    link = ParentLink.objects.get(parent__email=SHOWCASE_PARENT)
    assert link.parental_responsibility


def test_every_pupil_with_sen_has_a_parent_account():
    with_sen = Pupil.objects.filter(sen_status__in=["K", "E"])
    assert not with_sen.exclude(parent_links__isnull=False).exists()


def test_the_demo_writes_nothing_to_the_audit_log():
    assert not AuditEvent.objects.exists()


def test_the_command_prints_counts_and_one_sign_in_per_role(demo_output):
    for _, email in FEATURED:
        assert email in demo_output
    assert DEMO_PASSWORD in demo_output
    assert "Oakfield Primary School" in demo_output


def test_running_again_changes_nothing_and_prints_the_sign_ins():
    before = (Pupil.objects.count(), User.objects.count(), School.objects.count())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert "sendco@oakfield.demo" in out.getvalue()
    assert (Pupil.objects.count(), User.objects.count(), School.objects.count()) == before
