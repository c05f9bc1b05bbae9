"""GOV.UK pagination for any paged list: the links of templates/includes/pagination.html."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page


def pagination_links(page: Page[Any], url: Callable[[int], str]) -> dict[str, Any]:
    """Numbered links around the current page (first and last always, gaps as ellipses), previous and next;
    `url(number)` gives each page's address, keeping whatever else the list is filtered or sorted by."""
    items: list[dict[str, Any]] = [
        {"number": number, "url": url(number), "current": number == page.number}
        if isinstance(number, int)
        else {"ellipsis": True}
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return {
        "items": items,
        "previous": url(page.previous_page_number()) if page.has_previous() else "",
        "next": url(page.next_page_number()) if page.has_next() else "",
    }
