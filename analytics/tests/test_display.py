from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from analytics.display import _number, organisation_figures, school_figures, share_row
from analytics.selectors import (
    OrganisationOverview,
    SchoolOverview,
    Share,
    StatusGroup,
    YearGroupRow,
    _status_group,
)
from lib.national import NationalFigure, latest_figure

SUPPORT = latest_figure(measure="share_of_pupils", group="SEN support")


def _as_template_writes(value: object) -> str:
    return Template("{{ value }}").render(Context({"value": value}))


@pytest.mark.parametrize("value", [0, 7, 1234, 300000, Decimal("14.3"), Decimal("6.0"), Decimal("100.0"), Decimal(61)])
def test_numbers_are_written_as_the_templates_write_them(value):
    assert _number(value) == _as_template_writes(value)


def test_a_share_of_ten_or_more_shows_its_percentage_bar_and_comparison():
    row = share_row(
        Share(count=12, total=70, national=SUPPORT), label="SEN support", count=SafeString("12"), suppress_small=True
    )
    assert row["percent"] == "17.1%"
    assert row["bar"] == "15"
    assert row["comparison"] == "2.3 percentage points above national"
    assert row["national"] == "14.8"
    assert row["national_period"] == "2025/26 (Jan 2026)"
    assert row["source_url"].startswith("https://")


def test_a_share_of_fewer_than_ten_pupils_is_too_few_to_compare():
    row = share_row(Share(count=3, total=9, national=SUPPORT), label="x", count=SafeString("3"), suppress_small=False)
    assert (row["percent"], row["bar"]) == ("Too few to compare", "")
    assert row["comparison"] == "Too few to compare: fewer than 10 pupils"


def test_a_small_count_and_its_percentage_are_withheld_from_viewers_who_may_not_see_names():
    share = Share(count=3, total=40, national=SUPPORT)
    withheld = share_row(share, label="x", count=SafeString(""), suppress_small=True)
    assert (withheld["percent"], withheld["bar"], withheld["comparison"]) == (
        "Not shown: fewer than 5",
        "",
        "Not shown",
    )
    shown = share_row(share, label="x", count=SafeString(""), suppress_small=False)
    assert (shown["percent"], shown["bar"]) == ("7.5%", "10")


def test_a_share_without_a_national_figure_says_so_in_the_template():
    row = share_row(Share(count=0, total=20), label="x", count=SafeString("0"), suppress_small=True)
    assert (row["percent"], row["national"], row["comparison"]) == ("0.0%", "", "No comparison")


def test_every_text_is_html_and_other_peoples_text_is_escaped():
    figure = NationalFigure(
        "m", "SEN support", "<2025>", Decimal(1), "percent", "Tom & Jerry's https://a.example/?a=1&b=2"
    )
    row = share_row(
        Share(count=12, total=20, national=figure), label="<b>", count=SafeString("12"), suppress_small=False
    )
    assert row["label"] == "&lt;b&gt;"
    assert row["national_period"] == "&lt;2025&gt;"
    assert row["source_name"] == "Tom &amp; Jerry&#x27;s"
    assert row["source_url"] == "https://a.example/?a=1&amp;b=2"
    assert all(isinstance(text, SafeString) for text in row.values())


def _group(status: str, count: int, *, needs: Counter[str], roll: int) -> StatusGroup:
    return _status_group(status=status, count=count, roll=roll, needs=needs, boys=count, fsm=min(count, 2))


def test_school_figures_withhold_small_need_and_year_counts_and_keep_zero():
    support = _group("K", 12, needs=Counter({"SLCN": 8, "MLD": 3}), roll=30)
    ehc = _group("E", 0, needs=Counter(), roll=30)
    overview = SchoolOverview(
        roll=30,
        groups=[support, ehc],
        no_sen_fsm=Share(count=3, total=18),
        year_groups=[YearGroupRow(label="Year 4", no_sen=18, support=12, ehc_plan=0)],
        year_totals=YearGroupRow(label="All year groups", no_sen=18, support=12, ehc_plan=0),
    )
    for_governor = school_figures(overview, suppress_small=True)
    k, e = for_governor["groups"]
    assert [(need["count"], need["percent"]) for need in k["needs"]] == [("8", "66.7%"), ("fewer than 5", "Not shown")]
    assert k["no_primary_need"] == "1"
    assert k["fsm"]["count"] == "fewer than 5 of 12"
    assert (e["on_roll"], e["count"], e["no_primary_need"], e["needs"]) == (False, "0", "", [])
    # Pupils with no SEN are shown whole; the percentage of a small count is withheld as any other.
    assert for_governor["no_sen_fsm"]["count"] == "3 of 18"
    assert for_governor["no_sen_fsm"]["percent"] == "Not shown: fewer than 5"
    assert for_governor["year_groups"][0]["ehc_plan"] == "0"
    for_sendco = school_figures(overview, suppress_small=False)
    assert for_sendco["groups"][0]["needs"][1]["count"] == "3"
    assert for_sendco["groups"][0]["fsm"]["count"] == "2 of 12"


def test_organisation_figures_name_each_group_and_the_most_common_need_in_england():
    support = _group("K", 40, needs=Counter({"SLCN": 12}), roll=200)
    overview = OrganisationOverview(rows=[], roll=200, groups=[support], top_needs=[])
    figures = organisation_figures(overview)
    assert [row["label"] for row in figures["of_roll"]] == ["Pupils on SEN support, as a share of pupils on roll"]
    assert [(row["label"], row["count"]) for row in figures["top_needs"]] == [
        ("Pupils on SEN support whose primary need is SLCN, the most common in England", "12 of 40")
    ]
