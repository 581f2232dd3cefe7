"""What a user notices first, over real HTTP against gunicorn + a Celery worker (see conftest.py)."""

import html
import re
from urllib.parse import urlsplit

from .conftest import FACILITATOR, LEARNER, wait_for

MODULE_URL = "/katalog/kebijakan-internal-spbe/kebijakan-arsitektur-spbe/"
QUIZ_SLUG = "kuis-indikator-01"  # the end-of-module check of indicator 1; unlimited attempts
DEMO_WORKSHOP = "Kabupaten Badung (contoh)"
CERTIFICATE_NUMBER = re.compile(r"BSPBE-[A-Z0-9]{6,}")
ONE_YEAR = 365 * 24 * 3600


def test_home_page_in_indonesian(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="id">' in response.text
    assert "Bimtek SPBE" in response.text
    assert "Masuk" in response.text and "Daftar" in response.text


def test_module_page(client):
    response = client.get(MODULE_URL)
    assert response.status_code == 200
    assert "Arsitektur SPBE" in html.unescape(response.text)


def test_static_css_is_hashed_long_cached_and_compressed(client):
    page = client.get("/").text
    match = re.search(r'href="(/static/css/site\.([0-9a-f]{12})\.css)"', page)
    assert match, "the stylesheet link has no hashed name (collectstatic with the manifest storage?)"
    css = match.group(1)
    plain = client.get(css, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200
    assert plain.headers["Content-Type"].startswith("text/css")
    cache = plain.headers.get("Cache-Control", "")
    assert "immutable" in cache and int(re.search(r"max-age=(\d+)", cache).group(1)) >= ONE_YEAR, cache
    for encoding in ("br", "gzip"):
        response = client.get(css, headers={"Accept-Encoding": encoding})
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == encoding, f"no {encoding} variant: {response.headers}"
        assert len(response.content) < len(plain.content) // 2


def test_security_headers(client):
    response = client.get("/")
    headers = response.headers
    assert "max-age=" in headers.get("Strict-Transport-Security", ""), "no HSTS behind X-Forwarded-Proto: https"
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy"), "no Referrer-Policy"
    assert headers.get("X-Frame-Options") in ("DENY", "SAMEORIGIN")
    csp = headers.get("Content-Security-Policy")
    if csp is not None:  # django-csp; asserted whenever it is switched on
        directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
        script_src = directives.get("script-src", directives.get("default-src", []))
        assert script_src, f"CSP without script-src or default-src: {csp}"
        assert "'unsafe-inline'" not in script_src, csp
    for cookie in client.get("/akun/masuk/").headers.get_all("Set-Cookie") or []:
        assert "; Secure" in cookie, f"a cookie without Secure: {cookie}"


def test_not_found_page_is_friendly_and_indonesian(client):
    response = client.get("/halaman-yang-tidak-ada-xyz/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text
    assert "Buka katalog" in response.text
    assert "Traceback" not in response.text


def test_admin_login_page(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.text


def test_learner_logs_in_and_opens_belajar_saya(client):
    response = client.login(LEARNER)
    assert response.url.endswith("/akun/belajar-saya/")
    page = client.get("/akun/belajar-saya/")
    assert page.status_code == 200
    assert "<h1>Belajar Saya</h1>" in page.text
    assert "JP" in page.text


def test_learner_takes_a_quiz_and_sees_the_score(client):
    client.login(LEARNER)
    quiz_url = f"/kuis/{QUIZ_SLUG}/"
    detail = client.get(quiz_url)
    assert detail.status_code == 200
    started = client.post(f"/kuis/{QUIZ_SLUG}/mulai/", {}, referer=quiz_url)
    assert started.status_code == 200
    assert re.search(r"/kuis/percobaan/\d+/$", started.url), started.url
    attempt_url = urlsplit(started.url).path
    answers = {}
    for name, value in re.findall(r'<input type="(?:radio|checkbox)" name="(q\d+)" value="(\d+)"', started.text):
        answers.setdefault(name, value)  # the first option of every question
    assert answers, "the attempt page shows no questions"
    result = client.post(attempt_url, {**answers, "submit": "1"}, referer=attempt_url)
    assert result.status_code == 200
    assert result.url.endswith("/hasil/"), result.url
    assert re.search(r'<span class="big">\d+ %</span>', result.text), "no score on the result page"
    assert "soal benar penuh" in result.text


def test_signup_sends_the_welcome_email_through_the_worker(client, mail_dir, unique):
    email = f"smoke-{unique}@contoh.go.id"
    token = client.form_token("/akun/daftar/")
    response = client.post(
        "/akun/daftar/",
        {
            "csrfmiddlewaretoken": token,
            "nama": "Smoke Test Pengguna",
            "email": email,
            "password1": "uji-asap-spbe-2026!",
            "password2": "uji-asap-spbe-2026!",
        },
    )
    assert response.status_code == 200
    assert response.url.endswith("/akun/belajar-saya/"), f"sign-up failed: {response.url}\n{response.text[:1500]}"

    def welcome_mail():
        files = mail_dir.glob("*.log") if mail_dir.is_dir() else []
        return [f for f in files if email in f.read_text(errors="replace")]

    found = wait_for(welcome_mail, timeout=60)
    assert found, f"no welcome e-mail to {email} in {mail_dir} within 60 s (is the Celery worker running?)"
    assert "Selamat datang di Bimtek SPBE" in found[0].read_text(errors="replace")


def _demo_workshop_id(client):
    page = client.get("/workshop/")
    assert page.status_code == 200
    match = re.search(r'<a href="/workshop/(\d+)/">[^<]*' + re.escape(DEMO_WORKSHOP), html.unescape(page.text))
    assert match, "the demo workshop is not in the facilitator's list"
    return match.group(1)


def test_facilitator_export_is_built_by_the_worker_and_downloadable(client):
    client.login(FACILITATOR)
    workshop = _demo_workshop_id(client)
    exports_url = f"/workshop/{workshop}/ekspor/"
    response = client.post(exports_url, {"format": "csv"}, referer=exports_url)
    assert response.status_code == 200
    assert "Ekspor sedang disiapkan" in response.text
    jobs = [int(j) for j in re.findall(rf"/workshop/{workshop}/ekspor/(\d+)/", response.text)]
    assert jobs, "the new export is not listed"
    job = max(jobs)

    def done():
        status = client.get(f"/workshop/{workshop}/ekspor/{job}/status/").json()
        assert status["status"] != "failed", status
        return status if status["download_url"] else None

    status = wait_for(done, timeout=60)
    assert status, "the export was not built within 60 s (is the Celery worker running?)"
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in download.headers["Content-Disposition"]
    text = download.content.decode("utf-8-sig")
    assert text.startswith("NIP,Nama,Instansi")
    assert "Ni Luh Putu Demo" in text


def test_certificate_verification_page(client):
    client.login(FACILITATOR)
    workshop = _demo_workshop_id(client)
    page = client.get(f"/workshop/{workshop}/sertifikat/")
    assert page.status_code == 200
    number = CERTIFICATE_NUMBER.search(page.text)
    assert number, "the demo workshop lists no certificate"
    anonymous = type(client)(client.base_url)
    verify = anonymous.get(f"/verifikasi/{number.group(0)}/")
    assert verify.status_code == 200
    assert number.group(0) in verify.text
    assert "Sah" in verify.text
    assert anonymous.get("/verifikasi/BSPBE-TIDAKADA000/").status_code == 404
