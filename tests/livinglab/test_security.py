import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document

from livinglab.forms import check_evidence_file

from .conftest import make_case_study

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    "<svg/onload=alert(1)>",
    '"><iframe src=javascript:alert(1)>',
]


def office(kind):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.html", b"<html><script>alert(1)</script>", "Hanya berkas PDF, DOCX, atau XLSX"),
        ("a.svg", b"<svg onload=alert(1)>", "Hanya berkas PDF, DOCX, atau XLSX"),
        ("a.pdf", b"<svg onload=alert(1)></svg>", "HTML atau skrip"),
        ("a.pdf", b"<html><body>bukan pdf", "HTML atau skrip"),
        ("a.pdf", b"GIF89a bukan pdf", "bukan PDF"),
        ("a.docx", b"PK\x03\x04 rusak", "bukan dokumen Office"),
        ("a.xlsx", office("docx"), "tidak cocok dengan jenis XLSX"),
        ("a.exe", b"MZ", "Hanya berkas PDF, DOCX, atau XLSX"),
    ],
)
def test_uploads_rejected(name, content, message):
    from django import forms

    with pytest.raises(forms.ValidationError) as error:
        check_evidence_file(SimpleUploadedFile(name, content))
    assert message in str(error.value)


def test_oversize_rejected(settings):
    from django import forms

    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    with pytest.raises(forms.ValidationError, match="terlalu besar"):
        check_evidence_file(SimpleUploadedFile("a.pdf", b"%PDF-1.7" + b"0" * 200))


@pytest.mark.parametrize(
    ("name", "content"), [("a.pdf", b"%PDF-1.7\n..."), ("a.docx", office("docx")), ("a.xlsx", office("xlsx"))]
)
def test_genuine_files_accepted(name, content):
    check_evidence_file(SimpleUploadedFile(name, content))


@pytest.mark.django_db
def test_admin_upload_goes_through_the_check(client, lab):
    client.force_login(lab["contributor_x"])
    bad = SimpleUploadedFile("laporan.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf")
    response = client.post("/admin/documents/multiple/add/", {"files[]": bad}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert not Document.objects.exists()
    assert "HTML atau skrip" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS)
def test_markdown_and_fields_rendered_inert(client, lab, payload):
    page = make_case_study(
        lab["region_x"], f"Judul {payload}", publish=True, summary=payload, practice=f"## Konteks\n{payload}",
        responsible_unit=payload, sources=payload,
    )  # fmt: skip
    html = client.get(page.url).content.decode().lower()
    for needle in ["<script>alert", "<img src=x", "<svg", 'href="javascript:', "<iframe"]:
        assert needle not in html  # present only escaped, as text
    listing = client.get("/living-lab/").content.decode().lower()
    assert "<script>alert" not in listing and "<img src=x" not in listing
