"""The real content under content/courses: loads, is idempotent, respects editors, renders every section."""

import re
import shutil

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


def words(text):
    return len(re.findall(r"\w+", text))


@pytest.mark.django_db
def test_all_47_modules_are_consistent_with_the_framework(loaded, client):
    """Each of the 47 indicators has one module that links to it, renders the five levels with the
    names of its scale, mentions its weight and gain per level, lists evidence, and has >= 700 words.
    A failure names the module and the missing part."""
    modules = list(ModulePage.objects.live().select_related("indicator__framework", "indicator__aspect__domain"))
    by_indicator = {}
    for module in modules:
        by_indicator.setdefault(module.indicator.number, []).append(module.slug)
    problems = [f"indikator {n}: tidak ada modul" for n in range(1, 48) if n not in by_indicator]
    problems += [f"indikator {n}: lebih dari satu modul {slugs}" for n, slugs in by_indicator.items() if len(slugs) > 1]
    for module in modules:
        indicator = module.indicator
        response = client.get(module.url)
        html = response.content.decode()
        missing = []
        if response.status_code != 200:
            missing.append(f"HTTP {response.status_code}")
        names = LEVEL_NAMES[indicator.scale]
        missing += [f"Tingkat {n} — {name}" for n, name in enumerate(names, 1) if f"Tingkat {n} — {name}" not in html]
        if module.level_numbers() != [1, 2, 3, 4, 5]:
            missing.append(f"blok tingkat {module.level_numbers()}")
        for anchor in ["assesses", "evidence", "misreadings", "next_level", "regulations"]:
            if f'id="{anchor}"' not in html:
                missing.append(f"bagian {anchor}")
        evidence = html.split('id="evidence"', 1)[-1].split("</section>", 1)[0]
        if evidence.count("<li>") < 2:
            missing.append("daftar bukti dukung")
        misreadings = html.split('id="misreadings"', 1)[-1].split("</section>", 1)[0]
        if sum(misreadings.count(tag) for tag in ("<li>", "<h3", "<p><strong>")) < 2:
            missing.append("minimal dua salah baca")
        for text in ["Evaluasi SPBE 2021–2025 (PermenPANRB 59/2020)", indicator.name, indicator.aspect.name]:
            if text not in html:
                missing.append(text)
        weight = f"{indicator.weight.normalize():f}".replace(".", ",")
        gain = f"{(indicator.weight / 100).normalize():f}".replace(".", ",")
        if f"{weight}%" not in html:
            missing.append(f"bobot {weight}%")
        if f"+{gain}" not in html:
            missing.append(f"tambahan per tingkat +{gain}")
        body_words = sum(words(str(block.value.get("body", ""))) for block in module.body)
        if body_words < 700:
            missing.append(f"hanya {body_words} kata")
        if missing:
            problems.append(f"{module.slug} (indikator {indicator.number}): {', '.join(missing)}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_five_courses_in_the_katalog_with_modules_in_indicator_order(loaded, client):
    html = client.get("/katalog/").content.decode()
    expected = {
        "pengantar-spbe": None,
        "kebijakan-internal-spbe": range(1, 11),
        "tata-kelola-spbe": range(11, 21),
        "manajemen-spbe": range(21, 32),
        "layanan-spbe": range(32, 48),
    }
    for slug, numbers in expected.items():
        course = CoursePage.objects.get(slug=slug)
        assert course.url in html
        assert course.jp > 0 and course.objective_list and course.audience
        if numbers:
            units = course.units()
            assert [u.indicator.number for u in units] == list(numbers), slug
