from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("schools.urls")),
    path("", include("pupils.urls")),
    path("", include("register.urls")),
    path("", include("plans.urls")),
    path("", include("provision.urls")),
    path("", include("audit.urls")),
    path("", include("analytics.urls")),
]

handler400 = "opensend.views.bad_request"
handler403 = "opensend.views.permission_denied"
handler404 = "opensend.views.page_not_found"
handler500 = "opensend.views.server_error"
