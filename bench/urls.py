"""The application's URLs and one more: the framework floor, a view that returns a constant."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from opensend.urls import handler400, handler403, handler404, handler500
from opensend.urls import urlpatterns as app_urlpatterns

FLOOR_PATH = "/bench/floor/"


def floor(request: HttpRequest) -> HttpResponse:
    """What every page costs before it does anything: the middleware (session, user, CSRF, CSP, axes) and a response."""
    return HttpResponse("OK", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [path(FLOOR_PATH.strip("/") + "/", floor), *app_urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
