"""The real content under content/courses: loads, is idempotent, respects editors, renders every section."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from courses.content_loader import CONTENT_DIR, ContentError, load_courses
from courses.models import CoursePage, LessonPage, ModulePage

LEVEL_NAMES = {
    "process": ["Rintisan", "Terkelola", "Terdefinisi", "Terpadu dan Terukur", "Optimum"],
    "service": ["Informasi", "Interaksi", "Transaksi", "Kolaborasi", "Optimum"],
}


@pytest.fixture
def loaded(site):
    report = load_courses(site["katalog"])
    return site, report


@pytest.mark.django_db
def test_foundation_content_is_loaded(loaded):
    _, report = loaded
    assert CoursePage.objects.filter(slug="pengantar-spbe").exists()
    intro = CoursePage.objects.get(slug="pengantar-spbe")
    assert LessonPage.objects.child_of(intro).count() == 5
    domain1 = CoursePage.objects.get(slug="kebijakan-internal-spbe")
    numbers = sorted(ModulePage.objects.child_of(domain1).values_list("indicator__number", flat=True))
    assert numbers == list(range(1, 11))
    assert not report.skipped


@pytest.mark.django_db
def test_loading_twice_changes_nothing(loaded):
    site, _ = loaded
    revisions = Revision.objects.count()
    report = load_courses(site["katalog"])
    assert report.created == [] and report.updated == [] and report.skipped == []
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_edited_file_updates_page_and_editor_changes_are_kept(site, tmp_path):
    content = tmp_path / "courses"
    shutil.copytree(CONTENT_DIR / "pengantar-spbe", content / "pengantar-spbe")
    load_courses(site["katalog"], content)
    lesson_file = next((content / "pengantar-spbe").glob("01-*.md"))

    # editing the source file updates the page
    lesson_file.write_text(lesson_file.read_text().replace("## ", "## Baru: ", 1), encoding="utf-8")
    report = load_courses(site["katalog"], content)
    assert len(report.updated) == 1
    lesson = LessonPage.objects.get(slug=report.updated[0].split("/")[-1])
    assert lesson.body[0].value["heading"].startswith("Baru: ")

    # an editor saves in the admin: the loader leaves the page alone and says so
    lesson.title = "Judul dari editor"
    lesson.save_revision().publish()
    lesson_file.write_text(lesson_file.read_text() + "\nTambahan.\n", encoding="utf-8")
    report = load_courses(site["katalog"], content)
    assert report.updated == [] and len(report.skipped) == 1
    assert "diubah editor" in report.skipped[0]
    lesson.refresh_from_db()
    assert lesson.title == "Judul dari editor"

    # --force overwrites, and the editor's version stays in the history
    report = load_courses(site["katalog"], content, force=True)
    assert len(report.updated) == 1
    lesson.refresh_from_db()
    assert lesson.title != "Judul dari editor"
    assert lesson.revisions.filter(content__title="Judul dari editor").exists()


@pytest.mark.django_db
def test_malformed_module_is_reported_with_file_and_part(site, tmp_path):
    course = tmp_path / "courses" / "uji"
    course.mkdir(parents=True)
    (course / "course.md").write_text("---\ntitle: Uji\nslug: uji\nsummary: Uji.\n---\nPengantar.\n", encoding="utf-8")
    (course / "01-modul.md").write_text(
        "---\ntitle: Modul\nslug: modul\nindicator: 1\n---\n## Apa yang dinilai\nIsi.\n## Tingkat 1\nIsi.\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="01-modul.md: bagian modul tidak sesuai format \\(kurang: Tingkat 2"):
        load_courses(site["katalog"], tmp_path / "courses")
    assert not CoursePage.objects.filter(slug="uji").exists()  # all or nothing


@pytest.mark.django_db
def test_command_output(site, capsys):
    call_command("load_content")
    call_command("load_content")
    out = capsys.readouterr().out
    assert "0 dibuat, 0 diperbarui" in out.splitlines()[-1]


def module_files():
    return sorted(Path(CONTENT_DIR).glob("*/[0-9]*.md"))


@pytest.mark.django_db
def test_every_module_page_renders_every_section(loaded, client):
    modules = list(ModulePage.objects.live().select_related("indicator__framework"))
    assert len(modules) >= 10
    problems = []
    for module in modules:
        html = client.get(module.url).content.decode()
        indicator = module.indicator
        names = LEVEL_NAMES[indicator.scale]
        missing = [f"Tingkat {n} — {name}" for n, name in enumerate(names, 1) if f"Tingkat {n} — {name}" not in html]
        for anchor in ["assesses", "evidence", "misreadings", "next_level", "regulations"]:
            if f'id="{anchor}"' not in html:
                missing.append(anchor)
        for text in ["Evaluasi SPBE 2021–2025 (PermenPANRB 59/2020)", f"{indicator.name}"]:
            if text not in html:
                missing.append(text)
        weight = f"{indicator.weight.normalize():f}".replace(".", ",")
        if f"{weight}%" not in html:
            missing.append(f"bobot {weight}%")
        if missing:
            problems.append(f"{module.slug} (indikator {indicator.number}): {', '.join(missing)}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_domain_one_modules_have_at_least_700_words(loaded):
    import re

    from courses.content_loader import module_body  # noqa: F401  (format checked on load)

    short = []
    for path in module_files():
        text = path.read_text(encoding="utf-8").split("---", 2)[2]
        words = len(re.findall(r"\w+", text))
        if words < 700:
            short.append(f"{path.name}: {words}")
    assert not short, short
