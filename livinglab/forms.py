"""Evidence uploads: PDF, DOCX or XLSX only, size-limited, and the content must match the extension."""

import zipfile

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

ALLOWED = {"pdf", "docx", "xlsx"}
OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ACTIVE_MARKERS = (b"<script", b"<svg", b"<html", b"javascript:", b"<!doctype html")


def check_evidence_file(upload):
    """Raise ValidationError unless ``upload`` is a genuine PDF, DOCX or XLSX within the size limit."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise forms.ValidationError(_("Hanya berkas PDF, DOCX, atau XLSX yang diterima."))
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise forms.ValidationError(
            _("Berkas terlalu besar (%(size)s); paling besar %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if any(marker in head.lower() for marker in ACTIVE_MARKERS):
        raise forms.ValidationError(_("Berkas berisi HTML atau skrip dan ditolak."))
    if extension == "pdf":
        if not head.startswith(b"%PDF-"):
            raise forms.ValidationError(_("Isi berkas bukan PDF meskipun berakhiran .pdf."))
        return
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise forms.ValidationError(
            _("Isi berkas bukan dokumen Office (%(ext)s) yang sah.") % {"ext": extension.upper()}
        ) from None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names or OOXML_PART[extension] not in names:
        raise forms.ValidationError(_("Isi berkas tidak cocok dengan jenis %(ext)s.") % {"ext": extension.upper()})


class EvidenceDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "read") and getattr(upload, "size", None) is not None and self.has_changed():
            check_evidence_file(upload)
        return upload
