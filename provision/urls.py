from __future__ import annotations

from django.urls import URLPattern, path

from provision import views

app_name = "provision"
urlpatterns: list[URLPattern] = [
    path("schools/<int:urn>/provision/interventions/", views.catalogue_view, name="catalogue"),
    path("schools/<int:urn>/provision/interventions/add/", views.intervention_add, name="intervention_add"),
    path("provision/interventions/<uuid:uid>/edit/", views.intervention_edit, name="intervention_edit"),
    path("schools/<int:urn>/provision/rates/", views.rates, name="rates"),
    path("schools/<int:urn>/provision/budget/", views.budget, name="budget"),
    path("schools/<int:urn>/provision/groups/", views.groups, name="groups"),
    path("schools/<int:urn>/provision/groups/add/", views.group_add, name="group_add"),
    path("provision/groups/<uuid:uid>/", views.group_detail, name="group"),
    path("provision/groups/<uuid:uid>/places/add/", views.place_add, name="place_add"),
    path("provision/groups/<uuid:uid>/log/", views.log_week, name="log_week"),
    path("provision/places/<uuid:uid>/end/", views.place_end_view, name="place_end"),
    path("provision/places/<uuid:uid>/scores/", views.place_scores, name="place_scores"),
    path("schools/<int:urn>/provision/map/", views.provision_map, name="map"),
    path("schools/<int:urn>/provision/impact/", views.impact, name="impact"),
    path("pupils/<uuid:uid>/provision/", views.pupil_map, name="pupil_map"),
    path("pupils/<uuid:uid>/provision/costed-map.csv", views.pupil_map_csv, name="pupil_map_csv"),
    path("pupils/<uuid:uid>/provision/costed-map.xlsx", views.pupil_map_xlsx, name="pupil_map_xlsx"),
    path("pupils/<uuid:uid>/provision/costed-map.pdf", views.pupil_map_pdf, name="pupil_map_pdf"),
]
