from __future__ import annotations

from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("pupils/<uuid:uid>/audit/", views.pupil_log, name="pupil_log"),
]
