from __future__ import annotations

from django.urls import URLPattern, path

from register import views

app_name = "register"
urlpatterns: list[URLPattern] = [
    path("schools/<int:urn>/register/", views.register_list, name="list"),
    path("schools/<int:urn>/register/export.csv", views.export_csv, name="export_csv"),
    path("schools/<int:urn>/register/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("pupils/<uuid:uid>/register/decide/", views.decide, name="decide"),
    path("register/decisions/<uuid:uid>/letter/", views.letter, name="letter"),
    path("register/decisions/<uuid:uid>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("register/decisions/<uuid:uid>/parents-informed/", views.parents_informed, name="parents_informed"),
    path("pupils/<uuid:uid>/needs/add/", views.need_add_view, name="need_add"),
    path("needs/<uuid:uid>/end/", views.need_end_view, name="need_end"),
]
