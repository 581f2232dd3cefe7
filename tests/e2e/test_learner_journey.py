import re

from playwright.sync_api import expect

from courses.models import UnitCompletion


def test_newcomer_finds_a_module_registers_completes_it_and_sees_it_in_belajar_saya(platform, phone):
    page = phone
    page.goto(platform + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pahami evaluasi SPBE")
    # nothing wider than a 360 px phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Buka katalog Bimtek").click()
    expect(page).to_have_url(re.compile(r"/katalog/$"))
    page.get_by_role("link", name="Kebijakan Internal SPBE").first.click()
    page.get_by_role("link", name=re.compile(r"Indikator 1: ")).click()
    expect(page.get_by_role("heading", level=3, name="Tingkat 3 — Terdefinisi")).to_be_visible()
    expect(page.locator(".module-meta")).to_contain_text("Evaluasi SPBE 2021–2025 (PermenPANRB 59/2020)")
    module_url = page.url

    page.locator(".completion").get_by_role("link", name="Daftar").click()
    page.get_by_label("Nama lengkap").fill("I Made Peserta Baru")
    page.get_by_label("E-mail").fill("made.baru@badungkab.go.id")
    page.get_by_label("NIP").fill("199001012015031002")
    page.get_by_label("Instansi").select_option(label="Kabupaten Badung — Bali")
    page.locator("#id_password1").fill("belajar-spbe-2026!")
    page.locator("#id_password2").fill("belajar-spbe-2026!")
    page.get_by_role("button", name="Daftar").click()

    expect(page).to_have_url(module_url)
    page.get_by_role("button", name="Tandai selesai").click()
    expect(page.locator(".messages")).to_contain_text("ditandai selesai")
    expect(page.locator(".completion")).to_contain_text("Anda sudah menyelesaikan unit ini")

    page.get_by_role("link", name="Belajar Saya").click()
    expect(page.get_by_role("heading", name="Kursus sedang berjalan")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Kebijakan Internal SPBE")
    expect(page.locator("main")).to_contain_text("1 dari 10 unit (10%)")
    assert UnitCompletion.objects.filter(user__email="made.baru@badungkab.go.id").count() == 1


def test_calculator_works_with_javascript(platform, phone):
    page = phone
    page.goto(platform + "/spbe/kalkulator/")
    page.get_by_label("Isi semua dengan tingkat").select_option("4")
    expect(page.locator("#hasil")).to_contain_text("4,00")
    expect(page.locator("#hasil")).to_contain_text("Sangat Baik")
    page.get_by_label(re.compile(r"^1\. Tingkat Kematangan Kebijakan Internal Arsitektur")).select_option("5")
    expect(page.locator("#hasil .big")).to_have_text("4,01")
