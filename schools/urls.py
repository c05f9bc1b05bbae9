from __future__ import annotations

from django.urls import URLPattern, path

from schools import views

app_name = "schools"
urlpatterns: list[URLPattern] = [
    path("schools/<int:urn>/terms/", views.terms, name="terms"),
    path("schools/<int:urn>/terms/add-year/", views.terms_add_year, name="terms_add_year"),
    path("schools/<int:urn>/terms/<int:term_id>/", views.term_edit, name="term_edit"),
]
