"""Certificate URLs, included into the workshops namespace (the public /verifikasi/ lives in lms/urls.py)."""

from django.urls import path

from . import views_certificates

urlpatterns = [
    path("sertifikat/", views_certificates.my_certificates, name="certificates_mine"),
    path("sertifikat/<str:number>/unduh/", views_certificates.download, name="certificate_pdf"),
    path("<int:workshop_id>/sertifikat/", views_certificates.facilitator_certificates, name="certificates"),
    path("<int:workshop_id>/sertifikat/terbitkan/", views_certificates.issue_all, name="certificates_issue"),
    path(
        "<int:workshop_id>/sertifikat/<str:number>/cabut/",
        views_certificates.revoke_certificate,
        name="certificate_revoke",
    ),
]
