"""A contributor submits a case study, a verifier approves, a curator publishes, a learner finds it."""

import re
import time

from playwright.sync_api import expect

from home.management.commands.bootstrap import DEMO_PASSWORD
from livinglab.models import CaseStudyPage, RegionPage
from spbe.models import Indicator

TITLE = "Badung menata bukti dukung per indikator"


def wait_for(find, seconds=20):
    """Poll the database until the browser's request has been handled (the submit navigates away)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.25)
    return None


def admin_login(page, base, email):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def workflow_action(page, base, page_id, action):
    """Post the workflow action as the admin's own script does, from the edit view, with its CSRF token."""
    page.goto(f"{base}/admin/pages/{page_id}/edit/")
    state = CaseStudyPage.objects.get(pk=page_id).current_workflow_task_state
    status = page.evaluate(
        """async ([url]) => {
            const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
            const body = new FormData(); body.append('csrfmiddlewaretoken', token); body.append('comment', 'OK');
            const r = await fetch(url, {method: 'POST', body, credentials: 'same-origin'});
            return r.status;
        }""",
        [f"/admin/pages/workflow/action/{page_id}/{action}/{state.pk}/"],
    )
    assert status in (200, 302), status


def test_contributor_verifier_curator_learner(platform, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    region = RegionPage.objects.get(instansi__kode="51.03")
    indicator = Indicator.objects.get(framework__code="spbe-2020", number=12)

    # 1. The Badung contributor writes a draft in the admin and submits it to the workflow
    admin_login(page, platform, "kontributor@demo.bimtek.id")
    page.goto(f"{platform}/admin/pages/add/livinglab/casestudypage/{region.pk}/")
    page.wait_for_load_state("networkidle")  # the editor's scripts are ready (slug sync, panels)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_instansi").select_option(label="Kabupaten Badung")
    page.locator("#id_year").fill("2025")
    page.locator("#id_indicators").select_option(value=str(indicator.pk))
    page.locator("#id_summary").fill("Bukti dukung disusun per indikator agar penilaian mandiri sesuai hasil resmi.")
    page.locator("#id_practice").fill("## Konteks\nSelisih penilaian mandiri.\n\n## Hasil\nLebih rapi.")
    page.locator("#id_responsible_unit").fill("Diskominfo Kabupaten Badung")
    page.locator("#id_sources").fill("Diskominfos Provinsi Bali, 7 Maret 2025")
    # The slug lives on another tab; set it so the save never depends on the title-to-slug script's timing.
    page.evaluate("document.querySelector('#id_slug').value = 'badung-bukti-dukung-per-indikator'")
    page.evaluate("document.querySelector('button[name=action-submit]').click()")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/(edit/)?$"))  # Wagtail redirects after saving
    draft = wait_for(
        lambda: next((p for p in CaseStudyPage.objects.filter(title=TITLE) if p.current_workflow_task), None)
    )
    assert draft is not None, "the submitted draft was not saved"
    assert not draft.live
    assert draft.current_workflow_task.name == "Verifikasi provinsi"

    # 2. The provincial verifier approves: it moves on, still unpublished
    admin_login(page, platform, "verifikator@demo.bimtek.id")
    workflow_action(page, platform, draft.pk, "approve")
    draft.refresh_from_db()
    assert not draft.live and draft.current_workflow_task.name == "Kurasi nasional"

    # 3. The national curator approves: published
    admin_login(page, platform, "kurator@demo.bimtek.id")
    workflow_action(page, platform, draft.pk, "approve")
    draft.refresh_from_db()
    assert draft.live

    # 4. A learner finds it from the module for indicator 12
    context.clear_cookies()
    page.goto(platform + "/katalog/tata-kelola-spbe/")
    page.get_by_role("link", name=re.compile(r"Indikator 12: ")).click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    context.close()
