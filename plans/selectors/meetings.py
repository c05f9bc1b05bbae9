"""Reads for meetings with parents: a pupil's meetings, what parents see, and the term-by-term check (Code 6.65)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from lib.meetings import MeetingCheck, TermWindow, meeting_check
from lib.school_year import academic_year_start
from opensend import rawsql
from plans.models import OPEN_STATES, Meeting, SupportCycle
from plans.permissions import CYCLE_READER_ROLES, MEETING_ROLES, children_ids
from plans.services.meetings import RECENT_CYCLE_DAYS
from pupils.models import Pupil, SenStatusCode
from pupils.permissions import PupilRights
from register.models import SenStatus
from schools.models import Term

if TYPE_CHECKING:
    from accounts.models import User


def linkable_cycles(*, pupil: Pupil, today: dt.date, keep: SupportCycle | None = None) -> QuerySet[SupportCycle]:
    """The pupil's cycles a meeting may be linked to: the open one and any closed in the last few months, and
    `keep` (the cycle a meeting is already linked to, however long ago it closed)."""
    recent = today - dt.timedelta(days=RECENT_CYCLE_DAYS)
    linkable = Q(state__in=OPEN_STATES) | Q(closed_on__gte=recent)
    if keep is not None:
        linkable |= Q(pk=keep.pk)
    return SupportCycle.objects.filter(linkable, pupil=pupil).order_by("-number")


def pupil_meetings(*, pupil: Pupil, archived: bool = False) -> list[Meeting]:
    """The pupil's meetings, latest first; the archived ones instead with `archived`."""
    return list(
        Meeting.objects.filter(pupil=pupil, archived_at__isnull=not archived)
        .select_related("cycle", "recorded_by")
        .order_by("-held_on", "-id")
    )


def shared_notes_for_parent(*, user: User, pupil: Pupil) -> list[Meeting]:
    """The notes shared with this parent about their child, latest first; nothing for anyone else's child."""
    return list(
        Meeting.objects.filter(
            pupil=pupil,
            pupil_id__in=children_ids(user),
            shared_with_parents_on__isnull=False,
            archived_at__isnull=True,
        ).order_by("-held_on", "-id")
    )


def term_windows(*, school_ids: Sequence[int], today: dt.date) -> dict[int, list[TermWindow]]:
    """Each school's terms in the academic year containing `today`. One query."""
    terms = Term.objects.filter(
        school_id__in=school_ids, academic_year__start_year=academic_year_start(today)
    ).values_list("school_id", "name", "starts_on", "ends_on")
    result: dict[int, list[TermWindow]] = {school_id: [] for school_id in school_ids}
    for school_id, name, starts_on, ends_on in terms:
        result[school_id].append(TermWindow(name=name, starts_on=starts_on, ends_on=ends_on))
    return result


def meeting_dates(*, pupil_ids: Sequence[int], today: dt.date) -> dict[int, list[dt.date]]:
    """The dates of these pupils' meetings with parents this academic year up to `today`, by pupil. One query."""
    year_start = dt.date(academic_year_start(today), 9, 1)
    dates: dict[int, list[dt.date]] = {}
    for pupil_id, held_on in (
        Meeting.objects.filter(
            pupil_id__in=list(pupil_ids),
            with_parents=True,
            archived_at__isnull=True,
            held_on__gte=year_start,
            held_on__lte=today,
        )
        .order_by()
        .values_list("pupil_id", "held_on")
    ):
        dates.setdefault(pupil_id, []).append(held_on)
    return dates


def meeting_checks(*, pupils: Sequence[Pupil], today: dt.date) -> dict[int, MeetingCheck]:
    """The term-by-term meeting check for each pupil on SEN support among `pupils`, by pupil id.

    Pupils whose school has no term dates for this year get no check (the school must add them first).
    Three queries whatever the number of pupils: terms, meetings with parents, and when support began.
    """
    on_support = [pupil for pupil in pupils if pupil.sen_status == SenStatusCode.SUPPORT]
    if not on_support:
        return {}
    terms = term_windows(school_ids=sorted({pupil.school_id for pupil in on_support}), today=today)
    year_start = dt.date(academic_year_start(today), 9, 1)
    ids = [pupil.pk for pupil in on_support]
    dates = meeting_dates(pupil_ids=ids, today=today)
    since = dict(
        SenStatus.objects.filter(
            pupil_id__in=ids, ended_on__isnull=True, status=SenStatusCode.SUPPORT, started_on__gte=year_start
        ).values_list("pupil_id", "started_on")
    )
    return {
        pupil.pk: meeting_check(
            terms=terms[pupil.school_id],
            meetings=dates.get(pupil.pk, []),
            today=today,
            support_since=since.get(pupil.pk),
        )
        for pupil in on_support
        if terms[pupil.school_id]
    }


@dataclass(frozen=True)
class RecordMeetings:
    """The "Meetings" section of a pupil's record (plans/_record_meetings.html)."""

    meetings: list[Meeting]
    meeting_flags: MeetingCheck | None
    can_record_meeting: bool
    is_staff: bool
    terms_missing: bool  # on SEN support, but the school has no term dates for this year


# What the record's table of meetings shows. Only these columns are read: the rest of each meeting is deferred.
_RECORD_MEETING_FIELDS = ("id", "uid", "kind", "held_on", "with_parents", "shared_with_parents_on")
_RECORD_MEETINGS_SQL = """SELECT {columns} FROM plans_meeting m
 WHERE m.pupil_id = %(pupil)s AND m.archived_at IS NULL{shared} ORDER BY m.held_on DESC, m.id DESC"""
# As shared_notes_for_parent(): shared with the parents, and only for the user's own child.
_SHARED_WITH_PARENT = """ AND m.shared_with_parents_on IS NOT NULL AND m.pupil_id IN (
       SELECT l.pupil_id FROM pupils_parentlink l WHERE l.parent_id = %(user)s
          AND l.started_on <= %(on)s AND (l.ended_on IS NULL OR l.ended_on > %(on)s))"""


def _record_meeting_rows(*, pupil: Pupil, parent: User | None) -> list[Meeting]:
    """pupil_meetings(pupil=pupil), or with `parent` shared_notes_for_parent(user=parent, pupil=pupil), with only the
    columns the record shows. One query, hand-written (see opensend.rawsql for why)."""
    sql = _RECORD_MEETINGS_SQL.format(
        columns=rawsql.columns(Meeting, "m", _RECORD_MEETING_FIELDS),
        shared=_SHARED_WITH_PARENT if parent is not None else "",
    )
    params = {"pupil": pupil.pk, "user": parent.pk if parent is not None else None, "on": timezone.localdate()}
    return [rawsql.instance(Meeting, row, _RECORD_MEETING_FIELDS) for row in rawsql.select(Meeting, sql, params)]


def record_meetings(*, pupil: Pupil, user: User, today: dt.date, rights: PupilRights | None = None) -> RecordMeetings:
    """Staff who work with the pupil see every current meeting and the term-by-term check; parents see only the
    notes shared with them. `rights`, when the caller has them, saves asking again what the user may do."""
    rights = rights or PupilRights(user=user, pupil=pupil)
    if not (rights.has_role(CYCLE_READER_ROLES) and rights.is_staff()):  # plans.permissions.is_staff_for
        return RecordMeetings(
            meetings=_record_meeting_rows(pupil=pupil, parent=user),
            meeting_flags=None,
            can_record_meeting=False,
            is_staff=False,
            terms_missing=False,
        )
    checks = meeting_checks(pupils=[pupil], today=today)
    return RecordMeetings(
        meetings=_record_meeting_rows(pupil=pupil, parent=None),
        meeting_flags=checks.get(pupil.pk),
        can_record_meeting=rights.may_change(MEETING_ROLES),
        is_staff=True,
        terms_missing=pupil.sen_status == SenStatusCode.SUPPORT and pupil.pk not in checks,
    )
