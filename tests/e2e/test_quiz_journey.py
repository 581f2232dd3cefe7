import re

from playwright.sync_api import expect

from home.management.commands.bootstrap import DEMO_PASSWORD
from quizzes.models import Attempt


def test_learner_takes_a_module_quiz_reloads_half_way_and_sees_feedback_and_mastery(platform, phone):
    page = phone
    page.goto(platform + "/akun/masuk/")
    page.get_by_label("E-mail atau NIP").fill("peserta@demo.bimtek.id")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    page.goto(platform + "/katalog/kebijakan-internal-spbe/")
    page.get_by_role("link", name=re.compile(r"Indikator 2: ")).click()
    page.get_by_role("link", name=re.compile(r"^Kuis modul")).click()
    page.get_by_role("button", name="Mulai kuis").click()
    expect(page.get_by_role("group", name="Soal 1")).to_be_visible()

    # answer the first question, wait for the autosave, then reload: the answer is still there
    first = page.get_by_role("group", name="Soal 1")
    first.locator("input").first.check()
    expect(first.locator(".save-state")).to_contain_text("Tersimpan")
    page.reload()
    expect(page.get_by_role("group", name="Soal 1").locator("input").first).to_be_checked()

    for n in (2, 3):
        group = page.get_by_role("group", name=f"Soal {n}")
        group.locator("input").first.check()
        expect(group.locator(".save-state")).to_contain_text("Tersimpan")
    page.get_by_role("button", name="Kumpulkan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Hasil")
    expect(page.locator(".result")).to_contain_text("%")
    expect(page.locator(".explanation").first).to_be_visible()
    attempt = Attempt.objects.get(user__email="peserta@demo.bimtek.id", quiz__slug="kuis-indikator-02")
    assert attempt.submitted_at is not None and attempt.score is not None

    page.get_by_role("link", name="Belajar Saya").first.click()
    expect(page.locator("main")).to_contain_text("Penguasaan per domain")
    from quizzes.progress import domain_mastery_rows

    domain1 = domain_mastery_rows(attempt.user)[0]
    assert domain1["n"] >= 3  # the three questions just answered count (with any earlier ones)
    expect(page.locator("main")).to_contain_text(f"{domain1['percent']} % (n={domain1['n']})")
