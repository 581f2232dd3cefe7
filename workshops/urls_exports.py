"""Rekap export URLs; included from workshops/urls.py, so the names live in the ``workshops`` namespace."""

from django.urls import path

from . import views_exports

urlpatterns = [
    path("<int:workshop_id>/ekspor/", views_exports.exports, name="exports"),
    path("<int:workshop_id>/ekspor/<int:job_id>/status/", views_exports.export_status, name="export_status"),
    path("<int:workshop_id>/ekspor/<int:job_id>/unduh/", views_exports.export_download, name="export_download"),
]
