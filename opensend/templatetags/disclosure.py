"""Statistical disclosure control for pages without names.

A governor, a trust administrator or an LA officer sees counts, never names; but in a small school a count
of 1 or 2 in a year group or need type can point to a child everyone knows. For those viewers, counts of
1 to SMALL_COUNT - 1 are shown as "fewer than 5", and so is any percentage that would give the count away;
the templates also leave out the columns (no SEN, all pupils by year group) that would let it be worked
out by subtraction. Staff who may see the names anyway see exact counts.

The rules are plain functions as well as filters: the school overview applies them in Python, once for every cell
(analytics.display), rather than in its template.
"""

from __future__ import annotations

from django import template

register = template.Library()

SMALL_COUNT = 5


@register.filter
def withheld(count: int | None, suppress: bool) -> bool:
    """Whether a count (and any percentage that would reveal it) is withheld from this viewer."""
    return bool(suppress and count and 0 < count < SMALL_COUNT)


@register.filter
def disclose(count: int | None, suppress: bool) -> str:
    if count is None:
        return ""
    if suppress and 0 < count < SMALL_COUNT:
        return f"fewer than {SMALL_COUNT}"
    return str(count)
