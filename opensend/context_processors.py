from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The service name shown in the header; per-page navigation flags come from each view."""
    return {"service_name": "OpenSEND"}
