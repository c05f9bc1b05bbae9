"""What one viewer is shown of the aggregate figures: the text of every cell of the school overview and of an
organisation's comparison with England, worked out once in Python.

Why here and not in the templates: the school overview's template decided each cell with tags, filters and
includes (is the group too small to compare, is the count withheld from this viewer, the percentage, its bar,
England's figure, the comparison): a dozen template calls a cell, two-thirds of the page's time
(docs/scaling.md). The templates now only place the text, and placing it is made cheap too: the rows are
dictionaries (the template looks a key up before an attribute) and every text in them is already HTML (numbers and
this module's own phrases as they are, anything else escaped here as the template would), so the template has
nothing to escape.

Small counts are withheld by the rules of opensend.templatetags.disclosure. Numbers are written as the templates
wrote them with the project's settings (no thousands separator, a full stop before decimals); a test holds the
two together.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import TypedDict

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from analytics.selectors import OrganisationOverview, SchoolOverview, Share, StatusGroup, YearGroupRow
from lib.national import SMALL_GROUP, NationalFigure
from opensend.templatetags.disclosure import SMALL_COUNT, disclose, withheld


class ShareRow(TypedDict):
    """A row setting a share beside England's figure, as one viewer sees it: its label and count (the caller's
    cells), then the three cells of analytics/_share_cells.html."""

    label: SafeString
    count: SafeString
    percent: SafeString  # "14.3%", "Too few to compare" or "Not shown: fewer than 5"
    bar: SafeString  # the bar's step, "0" to "100"; "" when no percentage is shown
    national: SafeString  # England's figure, "6.0"; "" when there is none
    national_period: SafeString
    source_name: SafeString
    source_url: SafeString
    comparison: SafeString


class NeedLine(TypedDict):
    label: SafeString
    broad_area: SafeString
    count: SafeString
    percent: SafeString  # "33.3%", "Too few to compare" or "Not shown"
    bar: SafeString  # as ShareRow's


class GroupFigures(TypedDict):
    """Pupils at SEN support or with an EHC plan, as the school overview shows them."""

    status: SafeString
    label: SafeString
    phrase: SafeString
    count: SafeString
    on_roll: bool  # any pupils in the group
    of_roll: ShareRow
    top_needs: SafeString  # the most common primary needs, "; " between ties
    tied: bool
    needs: list[NeedLine]
    no_primary_need: SafeString  # "" when every pupil in the group has one
    national_top_need: SafeString  # the need type most common in England for this group
    top_need_here: ShareRow | None  # this group's share with that need type
    boys: ShareRow
    fsm: ShareRow


class YearLine(TypedDict):
    label: SafeString
    no_sen: SafeString
    support: SafeString
    ehc_plan: SafeString
    total: SafeString


class SchoolFigures(TypedDict):
    roll: SafeString
    groups: list[GroupFigures]
    no_sen_fsm: ShareRow
    year_groups: list[YearLine]
    year_totals: YearLine


class OrganisationFigures(TypedDict):
    """The rows of an organisation's comparison with England: each group's share of the roll, then each group's
    share with the need type most common in England, where there is one."""

    of_roll: list[ShareRow]
    top_needs: list[ShareRow]


def _safe(text: str) -> SafeString:
    """Text made only of numbers and this module's own words, which HTML-escaping leaves as it is (as mark_safe()
    would mark it; anything else goes through escape())."""
    return SafeString(text)


def _number(value: int | Decimal) -> SafeString:
    # As the templates wrote a number: Django's number formatting, with no thousands separator, writes an int as
    # str() does and a Decimal in its {:f} form.
    return _safe(f"{value:f}" if isinstance(value, Decimal) else str(value))


_NONE = _safe("")
_TOO_FEW = _safe("Too few to compare")
_TOO_FEW_PUPILS = _safe(f"Too few to compare: fewer than {SMALL_GROUP} pupils")
_WITHHELD = _safe(f"Not shown: fewer than {SMALL_COUNT}")
_NOT_SHOWN = _safe("Not shown")
_NO_COMPARISON = _safe("No comparison")


def share_row(share: Share, *, label: str, count: SafeString, suppress_small: bool) -> ShareRow:
    """A share's row: too few pupils to compare, withheld from this viewer, or the percentage (with its bar) and
    the comparison with England's figure. `label` is escaped; `count` is the count's cell, already HTML."""
    if share.too_few:
        percent, bar, comparison = _TOO_FEW, _NONE, _TOO_FEW_PUPILS
    elif withheld(share.count, suppress_small):
        percent, bar, comparison = _WITHHELD, _NONE, _NOT_SHOWN
    else:
        value = share.percent
        assert value is not None  # noqa: S101 - not too few, so there are pupils to count
        percent, bar = _safe(f"{_number(value)}%"), _number(share.bar)
        comparison = escape(share.comparison) if share.comparison else _NO_COMPARISON
    national, period, source_name, source_url = _national(share.national)
    return ShareRow(
        label=escape(label),
        count=count,
        percent=percent,
        bar=bar,
        national=national,
        national_period=period,
        source_name=source_name,
        source_url=source_url,
        comparison=comparison,
    )


@cache  # the national figures are read once for the life of the process (lib.national)
def _national(figure: NationalFigure | None) -> tuple[SafeString, SafeString, SafeString, SafeString]:
    """England's figure, its period, its source's name and address."""
    if figure is None:
        return _NONE, _NONE, _NONE, _NONE
    return _number(figure.value), escape(figure.period), escape(figure.source_name), escape(figure.source_url)


def _disclosed(count: int, *, suppress_small: bool) -> SafeString:
    return _safe(disclose(count, suppress_small))


def _of(share: Share, *, suppress_small: bool) -> SafeString:
    """ "3 of 40", the count withheld from a viewer who may not see it."""
    return _safe(f"{disclose(share.count, suppress_small)} of {share.total}")


def _whole(share: Share) -> SafeString:
    """ "3 of 40", the count shown whole."""
    return _safe(f"{share.count} of {share.total}")


def _need_lines(group: StatusGroup, *, suppress_small: bool) -> list[NeedLine]:
    lines = []
    for need in group.needs:
        share = need.share
        if group.too_few:
            percent, bar = _TOO_FEW, _NONE
        elif withheld(share.count, suppress_small):
            percent, bar = _NOT_SHOWN, _NONE
        else:
            value = share.percent
            assert value is not None  # noqa: S101 - the group is not too few, so it has pupils
            percent, bar = _safe(f"{_number(value)}%"), _number(share.bar)
        lines.append(
            NeedLine(
                label=escape(f"{need.description} ({need.code})"),
                broad_area=escape(need.broad_area or "No broad area"),
                count=_disclosed(share.count, suppress_small=suppress_small),
                percent=percent,
                bar=bar,
            )
        )
    return lines


def _group(group: StatusGroup, *, suppress_small: bool) -> GroupFigures:
    of_roll, here, boys, fsm = group.share_of_roll, group.national_top_need_here, group.boys, group.fsm
    # school_overview() counts boys and free school meals in every group.
    assert boys is not None  # noqa: S101
    assert fsm is not None  # noqa: S101
    qualifier = group.national_top_need.qualifier if group.national_top_need else ""
    return GroupFigures(
        status=escape(group.status),
        label=escape(group.label),
        phrase=escape(group.phrase),
        count=_number(of_roll.count),
        on_roll=bool(of_roll.count),
        of_roll=share_row(of_roll, label=group.label, count=_number(of_roll.count), suppress_small=suppress_small),
        top_needs=escape("; ".join(group.top_needs)),
        tied=len(group.top_needs) > 1,
        needs=_need_lines(group, suppress_small=suppress_small),
        no_primary_need=_number(group.no_primary_need) if group.no_primary_need else _NONE,
        national_top_need=escape(qualifier),
        top_need_here=None
        if here is None
        else share_row(
            here,
            label=f"{capfirst(group.phrase)} whose primary need is {qualifier}",
            count=_of(here, suppress_small=suppress_small),
            suppress_small=suppress_small,
        ),
        boys=share_row(
            boys,
            label=f"Boys among {group.phrase}",
            count=_of(boys, suppress_small=suppress_small),
            suppress_small=suppress_small,
        ),
        fsm=share_row(
            fsm,
            label=f"Eligible for free school meals among {group.phrase}",
            count=_of(fsm, suppress_small=suppress_small),
            suppress_small=suppress_small,
        ),
    )


def _year(row: YearGroupRow, *, suppress_small: bool) -> YearLine:
    # The no-SEN and all-pupils columns are left out for a viewer whose small counts are withheld (school.html).
    return YearLine(
        label=escape(row.label),
        no_sen=_number(row.no_sen),
        support=_disclosed(row.support, suppress_small=suppress_small),
        ehc_plan=_disclosed(row.ehc_plan, suppress_small=suppress_small),
        total=_number(row.total),
    )


def school_figures(overview: SchoolOverview, *, suppress_small: bool) -> SchoolFigures:
    """The school overview's figures as this viewer sees them; `suppress_small` for a viewer who may not see the
    school's pupils by name."""
    return SchoolFigures(
        roll=_number(overview.roll),
        groups=[_group(group, suppress_small=suppress_small) for group in overview.groups],
        # Pupils with no SEN are many: their count is shown whole (its percentage follows the rule of any share).
        no_sen_fsm=share_row(
            overview.no_sen_fsm,
            label="Eligible for free school meals among pupils with no SEN",
            count=_whole(overview.no_sen_fsm),
            suppress_small=suppress_small,
        ),
        year_groups=[_year(row, suppress_small=suppress_small) for row in overview.year_groups],
        year_totals=_year(overview.year_totals, suppress_small=suppress_small),
    )


def organisation_figures(overview: OrganisationOverview) -> OrganisationFigures:
    """An organisation's comparison with England. Its viewers (the trust's administrators, the LA's officers) see
    exact counts: the figures are of many schools together."""
    of_roll, top_needs = [], []
    for group in overview.groups:
        phrase = capfirst(group.phrase)
        of_roll.append(
            share_row(
                group.share_of_roll,
                label=f"{phrase}, as a share of pupils on roll",
                count=_whole(group.share_of_roll),
                suppress_small=False,
            )
        )
        here, national_top = group.national_top_need_here, group.national_top_need
        if here is not None and national_top is not None:
            top_needs.append(
                share_row(
                    here,
                    label=f"{phrase} whose primary need is {national_top.qualifier}, the most common in England",
                    count=_whole(here),
                    suppress_small=False,
                )
            )
    return OrganisationFigures(of_roll=of_roll, top_needs=top_needs)
