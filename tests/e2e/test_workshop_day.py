"""A facilitator runs a Bimtek day end to end in Chromium."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from home.management.commands.bootstrap import DEMO_PASSWORD
from quizzes.models import Question, Quiz
from workshops.attendance import token_for
from workshops.models import Certificate, Workshop

TITLE = "Bimtek Domain 1 — Gianyar"


def login(page, base, email):
    page.context.clear_cookies()
    page.goto(base + "/akun/masuk/")
    page.get_by_label("E-mail atau NIP").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page).to_have_url(re.compile(r"/akun/belajar-saya/$"))


def take_open_test(page, base, workshop, phase_label, correctly=False):
    page.goto(f"{base}/workshop/{workshop.pk}/ikuti/")
    page.get_by_role("button", name="Kerjakan").first.click()
    for group in page.locator("fieldset[data-question]").all():
        if correctly:
            question = Question.objects.get(pk=group.get_attribute("data-question"))
            for choice in question.choices.filter(fraction__gt=0):
                group.locator(f"input[value='{choice.pk}']").check()
        else:
            group.locator("input").first.check()
    page.get_by_role("button", name="Kumpulkan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hasil")


def test_facilitator_runs_a_workshop_day(platform, browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    now = timezone.localtime()

    # The facilitator creates the workshop with a session running now
    login(page, platform, "fasilitator@demo.bimtek.id")
    page.goto(platform + "/workshop/baru/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_course").select_option(label="Kebijakan Internal SPBE")
    page.locator("#id_capacity").fill("30")
    page.locator("input[name=facilitators]").first.check()
    page.locator("#id_sessions-0-title").fill("Hari 1")
    page.locator("#id_sessions-0-starts_at").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_sessions-0-ends_at").fill((now + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    workshop = Workshop.objects.get(title=TITLE)

    # Pre/post tests chosen from the bank, pre-test opened
    page.goto(f"{platform}/workshop/{workshop.pk}/tes/")
    quiz = Quiz.objects.get(slug="kuis-indikator-01")
    for phase in ("pre", "post"):
        page.locator("#id_phase").select_option(phase)
        page.locator("#id_form_a").select_option(str(quiz.pk))
        page.get_by_role("button", name="Simpan tes").click()
    page.locator("form", has_text="Pra-tes:").get_by_role("button", name="Buka").click()

    # A participant joins with the code, checks in with the QR token, takes the pre-test
    login(page, platform, "peserta@demo.bimtek.id")
    page.goto(platform + "/workshop/ikut/")
    page.get_by_label("Kode workshop").fill(workshop.join_code.lower())
    page.get_by_role("button", name="Lanjut").click()
    page.get_by_role("button", name="Bergabung").click()
    expect(page.locator(".messages")).to_contain_text("Anda terdaftar")
    page.goto(f"{platform}/workshop/hadir/{token_for(workshop.sessions.get())}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kehadiran tercatat")
    take_open_test(page, platform, workshop, "Pra-tes")

    # The facilitator closes the pre-test and opens the post-test; the participant takes it
    login(page, platform, "fasilitator@demo.bimtek.id")
    page.goto(f"{platform}/workshop/{workshop.pk}/tes/")
    page.locator("form", has_text="Pra-tes:").get_by_role("button", name="Tutup").click()
    page.locator("form", has_text="Pasca-tes:").get_by_role("button", name="Buka").click()
    login(page, platform, "peserta@demo.bimtek.id")
    take_open_test(page, platform, workshop, "Pasca-tes", correctly=True)

    # The facilitator sees scores and gain with n, and the live view
    login(page, platform, "fasilitator@demo.bimtek.id")
    page.goto(f"{platform}/workshop/{workshop.pk}/tes/")
    expect(page.locator("main")).to_contain_text("(n=1)")
    page.goto(f"{platform}/workshop/{workshop.pk}/langsung/")
    expect(page.locator("#live")).to_contain_text("1 / 1")

    # ... exports the rekap (a Celery task; eager here) and downloads it
    page.goto(f"{platform}/workshop/{workshop.pk}/ekspor/")
    page.get_by_role("button", name="Ekspor CSV").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Unduh")).first.click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Ni Luh Putu Demo" in content and "100" in content

    # ... and issues the certificate, which verifies publicly
    page.goto(f"{platform}/workshop/{workshop.pk}/sertifikat/")
    page.get_by_role("button", name=re.compile("Terbitkan")).click()
    certificate = Certificate.objects.get(workshop=workshop)
    context.clear_cookies()
    page.goto(f"{platform}/verifikasi/{certificate.number}/")
    expect(page.locator("main")).to_contain_text("Sah")
    expect(page.locator("main")).to_contain_text("Ni Luh Putu Demo")
    context.close()
