"""The declarative page list stays consistent with the URLs, the floors and the targets."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, get_resolver

from bench.floors import AGGREGATES, all_floors
from bench.pages import PAGES, TARGETS


def _url_names() -> set[str]:
    names = set()
    for namespace, (_, resolver) in get_resolver().namespace_dict.items():
        names |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    return names


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_page_names_a_url_floor_and_targets_that_exist(page):
    if page.url_name not in _url_names():
        raise NoReverseMatch(page.url_name)
    assert all(key in TARGETS for key in page.args)
    assert not page.floor or page.floor in all_floors()
    assert not page.aggregate or (page.aggregate in AGGREGATES and page.floor)


def test_page_names_are_unique():
    assert len({page.name for page in PAGES}) == len(PAGES)
