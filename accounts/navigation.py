"""The links each user gets: their home page's workspaces and the service menu."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts.models import GROUP_ROLES, Role, User
from accounts.selectors import access_for, active_q
from provision.permissions import CATALOGUE_VIEWER_ROLES, COST_VIEWER_ROLES
from schools.models import LocalAuthority, School, Trust
from schools.permissions import AGGREGATE_VIEWER_ROLES, REGISTER_VIEWER_ROLES, SETUP_ROLES


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class Workspace:
    title: str
    roles: str
    links: list[Link]


def workspaces_for(user: User) -> list[Workspace]:
    """One workspace per school, trust and LA where the user holds a role, plus their children if a parent."""
    access = access_for(user)
    result: list[Workspace] = []
    schools = School.objects.filter(pk__in=access.roles_by_school).select_related("local_authority").order_by("name")
    for school in schools:
        held = access.roles_by_school[school.pk]
        links: list[Link] = []
        if held & REGISTER_VIEWER_ROLES:
            links.append(
                Link(
                    "SEN register",
                    reverse("register:list", args=[school.urn]),
                    "Pupils on SEN support and with EHC plans",
                )
            )
        if held & REGISTER_VIEWER_ROLES:
            links.append(
                Link(
                    "Work queue",
                    reverse("plans:queue", args=[school.urn]),
                    "Reviews due, plans missing, meetings with parents and profiles to update",
                )
            )
        if held & GROUP_ROLES:
            links.append(
                Link(
                    "My pupils", reverse("pupils:my_pupils"), "Needs, barriers and strategies for the pupils you teach"
                )
            )
            links.append(
                Link("My work", reverse("plans:my_work"), "Reviews, plans and meetings due for the pupils you teach")
            )
        if held & AGGREGATE_VIEWER_ROLES:
            links.append(
                Link(
                    "SEN at a glance",
                    reverse("analytics:school", args=[school.urn]),
                    "Counts and need mix, without names",
                )
            )
        if held & (GROUP_ROLES | REGISTER_VIEWER_ROLES):
            links.append(
                Link(
                    "Intervention groups",
                    reverse("provision:groups", args=[school.urn]),
                    "Groups, their pupils and the session log",
                )
            )
        if held & COST_VIEWER_ROLES:
            links.append(
                Link(
                    "Provision map",
                    reverse("provision:map", args=[school.urn]),
                    "Pupils, hours and cost by year group and area of need",
                )
            )
            links.append(
                Link(
                    "Impact of interventions",
                    reverse("provision:impact", args=[school.urn]),
                    "Progress, effect size and value for money",
                )
            )
            links.append(Link("Staff rates", reverse("provision:rates", args=[school.urn]), "Hourly cost of each role"))
        if held & CATALOGUE_VIEWER_ROLES:
            links.append(
                Link(
                    "Intervention catalogue",
                    reverse("provision:catalogue", args=[school.urn]),
                    "What the school offers and how it works",
                )
            )
        if held & SETUP_ROLES:
            links.append(
                Link("Term dates", reverse("schools:terms", args=[school.urn]), "The school's academic years and terms")
            )
        labels = ", ".join(sorted(Role(role).label for role in held))
        result.append(Workspace(title=school.name, roles=labels, links=links))
    for trust in Trust.objects.filter(pk__in=access.trust_ids).order_by("name"):
        result.append(
            Workspace(
                title=trust.name,
                roles=Role.TRUST_ADMIN.label,
                links=[
                    Link(
                        "Trust overview",
                        reverse("analytics:trust", args=[trust.uid]),
                        "Every school in the trust, without names",
                    )
                ],
            )
        )
    for la in LocalAuthority.objects.filter(pk__in=access.local_authority_ids).order_by("name"):
        result.append(
            Workspace(
                title=la.name,
                roles=Role.LA_OFFICER.label,
                links=[
                    Link(
                        "Local authority overview",
                        reverse("analytics:local_authority", args=[la.code]),
                        "Every school in the LA, without names",
                    )
                ],
            )
        )
    if user.parent_links.filter(active_q(timezone.localdate())).exists():
        result.append(
            Workspace(
                title="Your children",
                roles="Parent or carer",
                links=[Link("My children", reverse("pupils:my_children"))],
            )
        )
    return result


def nav_items(request: HttpRequest, *, active: str = "") -> list[dict[str, object]]:
    user = request.user
    if not isinstance(user, User):
        return []
    access = access_for(user)
    items = [("home", "Home", reverse("accounts:home"))]
    if access.group_school_ids:
        items.append(("my_pupils", "My pupils", reverse("pupils:my_pupils")))
    return [{"label": label, "url": url, "active": key == active} for key, label, url in items]
