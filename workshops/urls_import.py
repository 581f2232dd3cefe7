"""Participant import URLs; included from workshops/urls.py inside the ``workshops`` namespace."""

from django.urls import path

from . import views_import

urlpatterns = [
    path("<int:workshop_id>/impor/", views_import.import_participants, name="import"),
    path("<int:workshop_id>/impor/templat-peserta.csv", views_import.import_template, name="import_template"),
]
