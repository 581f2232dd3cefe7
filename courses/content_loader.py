"""Load courses, lessons and modules from Markdown files under ``content/courses``.

Idempotent, keyed on slugs: an unchanged file changes nothing; an edited file updates its page
(a new published revision); a page an editor changed in the admin since the last load is left
alone and reported, unless ``force`` is given. See ``content/README.md``.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from spbe.models import Framework, Indicator

from .models import CourseIndexPage, CoursePage, LessonPage, ModulePage

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "courses"

MODULE_SECTIONS = [
    ("Apa yang dinilai", "assesses"),
    ("Tingkat 1", 1),
    ("Tingkat 2", 2),
    ("Tingkat 3", 3),
    ("Tingkat 4", 4),
    ("Tingkat 5", 5),
    ("Bukti dukung", "evidence"),
    ("Salah baca yang menaikkan nilai", "misreadings"),
    ("Naik satu tingkat", "next_level"),
    ("Regulasi terkait", "regulations"),
]
H2 = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)


class ContentError(Exception):
    """A source file is malformed; the message names the file and the problem."""


# Higher apps (quizzes, …) load their own content in the same command: they register a callable
# ``loader(force: bool) -> str`` (a one-line summary) here at start-up, so courses never imports them.
_extra_loaders = []


def register_loader(func):
    if func not in _extra_loaders:
        _extra_loaders.append(func)
    return func


def run_extra_loaders(force=False):
    return [loader(force) for loader in _extra_loaders]


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def split_sections(path, text):
    """[(heading, body)] for each ``##`` heading; text before the first heading is not allowed."""
    matches = list(H2.finditer(text))
    if text[: matches[0].start() if matches else len(text)].strip():
        raise ContentError(f"{path}: teks sebelum judul '##' pertama.")
    sections = []
    for n, match in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        sections.append((match.group(1).strip(), text[match.end() : end].strip()))
    return sections


def module_body(path, text):
    sections = split_sections(path, text)
    headings = [h for h, _ in sections]
    expected = [h for h, _ in MODULE_SECTIONS]
    if headings != expected:
        missing = [h for h in expected if h not in headings]
        detail = f"kurang: {', '.join(missing)}" if missing else f"urutan/judul: {headings}"
        raise ContentError(f"{path}: bagian modul tidak sesuai format ({detail}).")
    blocks = []
    for (heading, body), (_, kind) in zip(sections, MODULE_SECTIONS, strict=True):
        if not body:
            raise ContentError(f"{path}: bagian '{heading}' kosong.")
        if isinstance(kind, int):
            blocks.append(("level", {"level": kind, "body": body}))
        else:
            blocks.append(("section", {"kind": kind, "heading": heading, "body": body}))
    return blocks


def lesson_body(path, text):
    sections = split_sections(path, text)
    if not sections:
        raise ContentError(f"{path}: pelajaran tanpa bagian '##'.")
    return [("section", {"kind": "other", "heading": h, "body": b}) for h, b in sections]


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_page(page, parent, fields, source_hash, force, report, label):
    """Create or update ``page`` with ``fields``; respect editors' changes unless forced."""
    if page is None:
        page = fields.pop("_model")(**fields)
        page.source_hash = source_hash
        parent.add_child(instance=page)
        revision = page.save_revision()
        revision.publish()
        type(page).objects.filter(pk=page.pk).update(source_revision_id=revision.pk)
        report.created.append(label)
        return page
    fields.pop("_model")
    edited_in_admin = page.latest_revision_id and page.latest_revision_id != page.source_revision_id
    if page.source_hash == source_hash and not (force and edited_in_admin):
        report.unchanged.append(label)
        return page
    if edited_in_admin and not force:
        report.skipped.append(f"{label} (diubah editor di admin; pakai --force untuk menimpa)")
        return page
    page = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    page.source_hash = source_hash
    revision = page.save_revision()
    revision.publish()
    type(page).objects.filter(pk=page.pk).update(source_revision_id=revision.pk, source_hash=source_hash)
    report.updated.append(label)
    return page


@transaction.atomic
def load_courses(index: CourseIndexPage, content_dir: Path = CONTENT_DIR, force=False) -> LoadReport:
    report = LoadReport()
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        course_file = folder / "course.md"
        if not course_file.exists():
            raise ContentError(f"{folder}: course.md tidak ada.")
        course = _load_course(index, course_file, force, report)
        for unit_file in sorted(folder.glob("[0-9]*.md")):
            _load_unit(course, unit_file, force, report)
    return report


def _load_course(index, path, force, report):
    post = frontmatter.load(path)
    meta = post.metadata
    slug = meta.get("slug") or path.parent.name
    try:
        framework = Framework.objects.get(code=meta.get("framework", "spbe-2020"))
    except Framework.DoesNotExist:
        raise ContentError(f"{path}: kerangka '{meta.get('framework')}' belum dimuat (load_spbe).") from None
    objectives = meta.get("objectives") or []
    fields = {
        "_model": CoursePage,
        "title": meta["title"],
        "slug": slug,
        "framework": framework,
        "summary": meta.get("summary", ""),
        "audience": meta.get("audience", ""),
        "jp": int(meta.get("jp", 2)),
        "objectives": "\n".join(objectives) if isinstance(objectives, list) else str(objectives),
        "intro": post.content.strip(),
    }
    page = CoursePage.objects.child_of(index).filter(slug=slug).first()
    return _checked_save(path, page, index, fields, force, report, f"kursus {slug}")


def _load_unit(course, path, force, report):
    post = frontmatter.load(path)
    meta = post.metadata
    slug = meta.get("slug") or slugify(path.stem.split("-", 1)[-1])
    if "title" not in meta:
        raise ContentError(f"{path}: front matter tanpa 'title'.")
    if "indicator" in meta:
        try:
            indicator = Indicator.objects.get(framework=course.framework, number=int(meta["indicator"]))
        except Indicator.DoesNotExist:
            raise ContentError(f"{path}: indikator {meta['indicator']} tidak ada di {course.framework.code}.") from None
        model, body = ModulePage, module_body(path, post.content)
        extra = {"indicator": indicator}
    else:
        model, body = LessonPage, lesson_body(path, post.content)
        extra = {}
    fields = {"_model": model, "title": meta["title"], "slug": slug, "summary": meta.get("summary", ""), "body": body}
    fields.update(extra)
    page = model.objects.child_of(course).filter(slug=slug).first()
    return _checked_save(path, page, course, fields, force, report, f"{course.slug}/{slug}")


def _checked_save(path, page, parent, fields, force, report, label):
    try:
        return save_page(page, parent, fields, file_hash(path), force, report, label)
    except ValidationError as error:
        details = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        raise ContentError(f"{path}: {details}") from None
