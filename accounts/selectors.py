"""What a signed-in user may reach: computed once per request from their active memberships."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import GROUP_ROLES, WHOLE_SCHOOL_ROLES, Membership, Role, User
from opensend import rawsql


def signed_in_user(request: HttpRequest) -> User:
    """The request's user. Every view but sign-in sits behind LoginRequiredMiddleware, so this is never anonymous."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by LoginRequiredMiddleware
    return user


def active_q(on: dt.date, prefix: str = "") -> Q:
    """Rows whose period covers `on`. Every dated row in OpenSEND is half-open: it applies from started_on
    and stops applying on ended_on (the first day it no longer applies); no ended_on means still running."""
    return Q(**{f"{prefix}started_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on})
    )


def memberships_active(*, user: User, on: dt.date | None = None) -> QuerySet[Membership]:
    on = on or timezone.localdate()
    return (
        Membership.objects.filter(active_q(on), user=user)
        .select_related("school__local_authority", "trust", "local_authority")
        .order_by("school__name", "role")
    )


@dataclass(frozen=True)
class Access:
    """The schools, trusts and LAs where a user holds each kind of role today."""

    roles_by_school: dict[int, frozenset[str]] = field(default_factory=dict)
    trust_ids: frozenset[int] = frozenset()
    local_authority_ids: frozenset[int] = frozenset()

    def schools_with(self, roles: frozenset[str] | set[str]) -> frozenset[int]:
        return frozenset(school for school, held in self.roles_by_school.items() if held & roles)

    def has_role(self, school_id: int, roles: frozenset[str] | set[str]) -> bool:
        return bool(self.roles_by_school.get(school_id, frozenset()) & roles)

    @property
    def whole_school_ids(self) -> frozenset[int]:
        return self.schools_with(WHOLE_SCHOOL_ROLES)

    @property
    def group_school_ids(self) -> frozenset[int]:
        return self.schools_with(GROUP_ROLES)


# The user's memberships in force on a day (active_q): hand-written, as every signed-in page asks it once.
_MEMBERSHIPS_SQL = """SELECT m.school_id, m.trust_id, m.local_authority_id, m.role FROM accounts_membership m
 WHERE m.user_id = %(user)s AND m.started_on <= %(on)s AND (m.ended_on IS NULL OR m.ended_on > %(on)s)"""


def access_for(user: User) -> Access:
    """Cached on the user object for the length of the request. One query (see opensend.rawsql)."""
    cached: Access | None = getattr(user, "_opensend_access", None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    trusts: set[int] = set()
    las: set[int] = set()
    if user.is_authenticated:
        for school_id, trust_id, la_id, role in rawsql.select(
            Membership, _MEMBERSHIPS_SQL, {"user": user.pk, "on": timezone.localdate()}
        ):
            if role == Role.TRUST_ADMIN:
                trusts.add(trust_id)
            elif role == Role.LA_OFFICER:
                las.add(la_id)
            else:
                roles.setdefault(school_id, set()).add(role)
    access = Access(
        roles_by_school={school: frozenset(held) for school, held in roles.items()},
        trust_ids=frozenset(trusts),
        local_authority_ids=frozenset(las),
    )
    user._opensend_access = access  # type: ignore[attr-defined]
    return access
