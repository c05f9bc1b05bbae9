from __future__ import annotations

from django.urls import path

from pupils import views

app_name = "pupils"
urlpatterns = [
    path("pupils/<uuid:uid>/", views.record, name="record"),
    path("pupils/<uuid:uid>/details/", views.details_edit, name="details_edit"),
    path("schools/<int:urn>/pupils/add/", views.pupil_add, name="add"),
    path("pupils/<uuid:uid>/profile/", views.profile_edit, name="profile_edit"),
    path("pupils/<uuid:uid>/profile/history/", views.profile_history, name="profile_history"),
    path("pupils/<uuid:uid>/barriers/add/", views.barrier_add, name="barrier_add"),
    path("barriers/<uuid:uid>/edit/", views.barrier_edit, name="barrier_edit"),
    path("barriers/<uuid:uid>/archive/", views.barrier_archive, name="barrier_archive"),
    path("barriers/<uuid:uid>/adjustments/add/", views.adjustment_add, name="adjustment_add"),
    path("adjustments/<uuid:uid>/archive/", views.adjustment_archive, name="adjustment_archive"),
    path("my-pupils/", views.my_pupils, name="my_pupils"),
    path("my-children/", views.my_children, name="my_children"),
]
