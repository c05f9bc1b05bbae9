"""Error pages that say nothing about the request: no URLs, no data, no stack traces."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "Sorry, there is a problem with this request", "Go back and try again.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "You cannot do this", "Your role does not allow this action.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        "Page not found",
        "The page does not exist, or you do not have access to it. Check the address, or go back to your home page.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request, 500, "Sorry, there is a problem with the service", "Try again later. Nothing you saved has been lost."
    )
