from __future__ import annotations

from django.urls import URLPattern, path

from analytics import views

app_name = "analytics"
urlpatterns: list[URLPattern] = [
    path("schools/<int:urn>/overview/", views.school, name="school"),
    path("trusts/<uuid:uid>/", views.trust, name="trust"),
    path("local-authorities/<str:code>/", views.local_authority, name="local_authority"),
]
