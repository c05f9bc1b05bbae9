"""Who may reach a school's pages. Outside scope is a 404, as for pupils."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from accounts.models import Role, User
from accounts.selectors import access_for, signed_in_user
from schools.models import School, Term

# Roles that see the school's named SEN register.
REGISTER_VIEWER_ROLES = frozenset({Role.SENDCO, Role.HEAD})
# Roles that see the school's aggregate figures (no names).
AGGREGATE_VIEWER_ROLES = frozenset({Role.SENDCO, Role.HEAD, Role.GOVERNOR, Role.SCHOOL_ADMIN})
# Roles that keep the school's set-up (term dates).
SETUP_ROLES = frozenset({Role.SENDCO, Role.HEAD, Role.SCHOOL_ADMIN})


def access_school_by_urn(request: HttpRequest, urn: int, *, roles: frozenset[str]) -> School:
    """The school, if the user holds one of `roles` there (a trust administrator reaches the trust's schools
    for aggregate pages only, an LA officer the LA's). 404 otherwise."""
    access = access_for(signed_in_user(request))
    try:
        school = School.objects.select_related("local_authority").get(urn=urn)
    except School.DoesNotExist:
        raise Http404 from None
    if access.has_role(school.pk, roles):
        return school
    raise Http404


def user_schools(user: User, *, roles: frozenset[str]) -> list[School]:
    ids = access_for(user).schools_with(roles)
    return list(School.objects.filter(pk__in=ids).select_related("local_authority").order_by("name"))


def access_term_for_setup(request: HttpRequest, urn: int, term_id: int) -> Term:
    """The term, if the user keeps this school's set-up and the term is the school's own. 404 otherwise."""
    school = access_school_by_urn(request, urn, roles=SETUP_ROLES)
    term = Term.objects.select_related("academic_year", "school").filter(pk=term_id, school=school).first()
    if term is None:
        raise Http404
    return term
