"""The demo's sign-ins and headline counts, read back from the database so a second run prints the same."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Membership, Role, User
from accounts.selectors import access_for, active_q
from demo.generator import CROSS_SCHOOL_SENDCO, DEMO_PASSWORD, DEMO_SCHOOLS, SHOWCASE_PARENT
from pupils.models import ParentLink, Pupil, SenStatusCode
from pupils.permissions import pupils_visible_to
from schools.models import School, StaffAssignment

K, E = SenStatusCode.SUPPORT, SenStatusCode.EHC_PLAN

# One sign-in per role, all at the demo trust.
FEATURED = (
    ("SENDCo", "sendco@oakfield.demo"),
    ("SENDCo, two schools", CROSS_SCHOOL_SENDCO),
    ("Headteacher", "head@oakfield.demo"),
    ("Class teacher", "teacher@oakfield.demo"),
    ("Teaching assistant", "ta@oakfield.demo"),
    ("Governor (SEND link)", "governor@oakfield.demo"),
    ("School administrator", "admin@oakfield.demo"),
    ("Trust administrator", "trust@brightwater.demo"),
    ("LA officer", "la@wyvern.demo"),
    ("Parent", SHOWCASE_PARENT),
)
DEMO_MARKER = FEATURED[0][1]


@dataclass(frozen=True)
class SignIn:
    role: str
    email: str
    sees: str


@dataclass(frozen=True)
class SchoolCount:
    name: str
    phase: str
    pupils: int
    support: int
    plans: int


def demo_loaded() -> bool:
    return User.objects.filter(email=DEMO_MARKER).exists()


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _describe(user: User) -> str:
    """What this account can see, worked out with the same access rules the pages use."""
    access = access_for(user)
    today = timezone.localdate()
    visible = pupils_visible_to(user)
    total = visible.count()
    with_sen = visible.filter(sen_status__in=[K, E]).count()
    school_names = list(
        School.objects.filter(pk__in=access.roles_by_school).order_by("name").values_list("name", flat=True)
    )
    if access.whole_school_ids:
        scope = f"Every pupil at {_names(school_names)} ({total:,}, {with_sen:,} with SEN)"
        if access.schools_with({Role.SENDCO}):
            return f"{scope}; keeps the register, runs support cycles, the work queue and the provision map"
        return f"{scope}, read only; the work queue, costs and who has seen each record"
    if access.group_school_ids:
        groups = list(
            StaffAssignment.objects.filter(active_q(today), user=user)
            .order_by("group__name")
            .values_list("group__name", flat=True)
        )
        can_edit = "can edit" if access.schools_with({Role.TEACHER}) else "read only"
        work = (
            "plans and their own work queue"
            if access.schools_with({Role.TEACHER})
            else "plans, notes and the session log"
        )
        return f"The {total:,} pupils in {_names(groups)} ({with_sen:,} with SEN): profiles, {work}, {can_edit}"
    if ParentLink.objects.filter(active_q(today), parent=user).exists():
        children = [
            f"{Pupil(sen_status=status).get_sen_status_display()}, {school}"
            for status, school in visible.values_list("sen_status", "school__name")
        ]
        return f"Their child ({_names(children)}): profile, needs, and the plans and meeting notes shared with them"
    memberships = Membership.objects.filter(active_q(today), user=user).select_related("trust", "local_authority")
    for membership in memberships:
        if membership.role == Role.TRUST_ADMIN and membership.trust is not None:
            count = membership.trust.schools.count()
            return f"Figures for the {count} schools of {membership.trust.name}; no names"
        if membership.role == Role.LA_OFFICER and membership.local_authority is not None:
            count = membership.local_authority.schools.count()
            return f"Figures for the {count:,} schools in {membership.local_authority.name}; no names"
        if membership.role == Role.SCHOOL_ADMIN:
            return f"Figures and term dates for {_names(school_names)}; no names"
    return f"Figures for {_names(school_names)}; no names"


def demo_sign_ins() -> list[SignIn]:
    users = {user.email: user for user in User.objects.filter(email__in=[email for _, email in FEATURED])}
    return [SignIn(role, email, _describe(users[email])) for role, email in FEATURED if email in users]


def demo_counts() -> tuple[list[SchoolCount], SchoolCount]:
    """Pupils, SEN support and EHC plans at each of the demo trust's schools, and across every school."""
    counted = (
        School.objects.filter(urn__in=[school[4] for school in DEMO_SCHOOLS])
        .annotate(
            total=Count("pupils"),
            support=Count("pupils", filter=Q(pupils__sen_status=K)),
            plans=Count("pupils", filter=Q(pupils__sen_status=E)),
        )
        .order_by("urn")
    )
    rows = [SchoolCount(s.name, s.get_phase_display(), s.total, s.support, s.plans) for s in counted]
    totals = Pupil.objects.aggregate(
        total=Count("id"), support=Count("id", filter=Q(sen_status=K)), plans=Count("id", filter=Q(sen_status=E))
    )
    schools = School.objects.count()
    everything = SchoolCount(f"All {schools:,} schools", "", totals["total"], totals["support"], totals["plans"])
    return rows, everything


def _percent(part: int, whole: int) -> str:
    return f"{part:,} ({100 * part / whole:.1f}%)" if whole else "0"


def render_report() -> str:
    """The counts and the sign-in table, as printed by load_demo."""
    rows, everything = demo_counts()
    lines = [f"{'School':<28} {'Phase':<10} {'Pupils':>8} {'SEN support':>15} {'EHC plan':>15}"]
    for row in [*rows, everything]:
        lines.append(
            f"{row.name:<28} {row.phase:<10} {row.pupils:>8,} {_percent(row.support, row.pupils):>15} "
            f"{_percent(row.plans, row.pupils):>15}"
        )
    sign_ins = demo_sign_ins()
    width = max((len(s.email) for s in sign_ins), default=10)
    lines += [
        "",
        f"Sign in at http://127.0.0.1:8000/ with any of these. Every demo account has the password {DEMO_PASSWORD}",
        "",
        f"{'Role':<22} {'Email':<{width}} {'Password':<14} What they can see",
    ]
    lines += [f"{s.role:<22} {s.email:<{width}} {DEMO_PASSWORD:<14} {s.sees}" for s in sign_ins]
    lines += [
        "",
        "The other schools have the same roles: sendco@, head@, teacher@, ta@, governor@ and admin@ at "
        "riverside.demo, kingsmead.demo and willowbank.demo",
        f"(Riverside and Willow Bank share the SENDCo {CROSS_SCHOOL_SENDCO}).",
    ]
    return "\n".join(lines)
