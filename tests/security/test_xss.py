"""XSS: every payload of ``xss_payloads.PAYLOADS`` through every place user-written text is shown.

Each page is rendered twice, once with harmless text and once with the payloads in the same places,
and parsed with a real HTML parser. The payload page must have no script other than the site's own
``/static/`` scripts, no ``on*`` attribute, no javascript:/vbscript:/data:text/html URL, no
iframe/object/embed/base/meta-refresh, and exactly the same elements as the harmless page (plain-text
places) or no element outside the Markdown allow-list that the harmless page did not have (Markdown
places). The raw payload must not occur in the HTML, and its text must still be visible (escaped), so
a page that silently drops the content cannot pass.
"""

import csv
import functools
import io
import re
import unicodedata
from collections import Counter
from datetime import timedelta
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import Role
from courses.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown
from livinglab.models import CaseStudyPage
from livinglab.permissions import ensure_living_lab, ensure_region
from quizzes.models import Choice, Question, ReviewPolicy
from spbe.models import Indicator, Instansi
from workshops.models import Attendance, Certificate, Participant, Session, SurveyResponse, Workshop

from ..factories import CoursePageFactory, LessonPageFactory, ModulePageFactory, UserFactory, make_question, make_quiz
from .xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db

N = len(PAYLOADS)
User = get_user_model()

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "lowsrc", "dynsrc",
    "codebase", "cite", "ping", "srcset", "manifest", "icon", "code",
}  # fmt: skip
BAD_SCHEME = re.compile(r"^(javascript|vbscript|livescript|data:text/html)", re.IGNORECASE)
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
# Tags a payload tries to introduce; their count on a page must not change.
DANGEROUS_TAGS = FORBIDDEN_TAGS | {
    "script", "style", "link", "meta", "svg", "math", "img", "image", "video", "audio", "source", "form",
    "input", "button", "textarea", "select", "option", "details", "marquee", "template", "noscript", "body",
    "html", "head", "title", "xss", "x", "keygen", "isindex", "xmp", "plaintext", "animate", "set", "use", "a",
}  # fmt: skip
RAW_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|svg|img|image|style|base|meta|link|form|input|button|math|details|video|"
    r"audio|body|html|textarea|select|marquee|frame|frameset|applet|xss|x|template|noscript|keygen|isindex|source)\b",
    re.IGNORECASE,
)
SPECIAL = set("<>\"'")  # "&" left out: an escaped payload contains "&lt;…" payloads verbatim
MARKER = "zq{}qz"  # alphanumeric, so Markdown leaves it alone


@functools.lru_cache(maxsize=4)
def soup_of(html):
    """Parsed once per page and reused by every check (read only)."""
    return BeautifulSoup(html, "html.parser")


def norm_text(value):
    """Text for comparison: no whitespace, no invisible/control characters (the parser may drop them)."""
    return "".join(c for c in value if not c.isspace() and unicodedata.category(c)[0] != "C")


def norm_url(value):
    """As a browser's URL parser sees it: C0 controls and spaces trimmed, tabs and newlines removed."""
    return re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21))))).lower()


def violations(html):
    """Executable things in a page, as readable strings (empty list: the page is inert)."""
    problems = []
    for el in soup_of(html).find_all(True):
        name = el.name.lower()
        if name == "script":
            src = el.get("src", "")
            if not (src.startswith("/static/") and not (el.string or "").strip()):
                problems.append(f"script element: {str(el)[:120]!r}")
        if name in FORBIDDEN_TAGS:
            problems.append(f"<{name}> element")
        if name == "meta" and "refresh" in str(el.get("http-equiv", "")).lower():
            problems.append("meta refresh")
        for attr, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower().startswith("on"):
                problems.append(f"event handler {attr}= on <{name}>")
            if attr.lower() == "srcdoc":
                problems.append(f"srcdoc on <{name}>")
            if attr.lower() in URL_ATTRIBUTES and BAD_SCHEME.match(norm_url(value)):
                problems.append(f"{attr}={value[:60]!r} on <{name}>")
            if attr.lower() == "style" and re.search(r"expression\s*\(|javascript:|behavior\s*:", value, re.I):
                problems.append(f"style={value[:60]!r} on <{name}>")
    return problems


def tag_counts(html):
    return Counter(el.name.lower() for el in soup_of(html).find_all(True))


def assert_inert(html, *, where):
    problems = violations(html)
    assert not problems, f"{where}: {problems[:5]}"


def assert_same_elements(html, baseline, *, where, ignore=(), only=None):
    """The payload page has the same elements as the harmless page (or the same ``only`` tags)."""
    got, want = tag_counts(html), tag_counts(baseline)
    names = (set(got) | set(want)) if only is None else set(only)
    diff = {n: (want.get(n, 0), got.get(n, 0)) for n in names - set(ignore) if got.get(n, 0) != want.get(n, 0)}
    assert not diff, f"{where}: element counts changed (harmless, payload): {diff}"


def assert_escaped(html, payloads, *, where):
    """No payload with an HTML-special character occurs raw; each one is visible as text."""
    text = norm_text(soup_of(html).get_text())
    for payload in payloads:
        if SPECIAL & set(payload):
            assert payload not in html, f"{where}: raw payload in HTML: {payload!r}"
        assert norm_text(payload) in text, f"{where}: payload text missing (dropped?): {payload!r}"


def assert_plain_page(html, baseline, payloads, *, where, ignore=()):
    assert_inert(html, where=where)
    assert_same_elements(html, baseline, where=where, ignore=ignore)
    assert_escaped(html, payloads, where=where)


def assert_markdown_page(html, baseline, markers, *, where):
    """Markdown places: inert, no new element outside the allow-list, every marker still shown."""
    assert_inert(html, where=where)
    got, want = tag_counts(html), tag_counts(baseline)
    extra = {n: (want.get(n, 0), got[n]) for n in got if n not in ALLOWED_TAGS and got[n] != want.get(n, 0)}
    assert not extra, f"{where}: elements outside the Markdown allow-list appeared: {extra}"
    text = soup_of(html).get_text()
    missing = [m for m in markers if m not in text]
    assert not missing, f"{where}: content dropped: {missing[:5]}"


def surviving(source, indices):
    """The markers the renderer keeps for this source (an unclosed <style> drops the rest of a document)."""
    text = soup_of(str(render_markdown(source))).get_text()
    kept = [MARKER.format(i) for i in indices if MARKER.format(i) in text]
    assert kept, "the renderer dropped every marker"
    return kept


def get(client, url, status=200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def facilitator_user(email="fasilitator.xss@contoh.go.id"):
    user = UserFactory(email=email, nama="Fasilitator XSS")
    user.groups.add(Group.objects.get_or_create(name=Role.FASILITATOR)[0])
    return user


def bulk_users(prefix, n, **fields):
    User.objects.bulk_create(
        [User(email=f"{prefix}{i}@contoh.go.id", nama=f"Peserta {i}", password="!", **fields) for i in range(n)]
    )
    return list(User.objects.filter(email__startswith=prefix).order_by("pk"))


def set_field(objects, field, values):
    for obj, value in zip(objects, values, strict=True):
        setattr(obj, field, value)
    type(objects[0]).objects.bulk_update(objects, [field], batch_size=200)


# --- The Markdown renderer itself -------------------------------------------------------------------------

MARKDOWN_CONTEXTS = [
    "{p}",
    "[tautan]({p})",
    "![gambar]({p})",
    "[tautan][r]\n\n[r]: {p}",
    "| kolom |\n|---|\n| {p} |",
    "> {p}",
    "- {p}",
    "**{p}**",
]
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


def assert_clean_markdown(html, where):
    assert_inert(html, where=where)
    assert not RAW_TAG.search(html), f"{where}: raw tag in output: {RAW_TAG.search(html).group(0)!r}"
    for el in soup_of(html).find_all(True):
        assert el.name in ALLOWED_TAGS, f"{where}: <{el.name}> outside the allow-list"
        allowed = ALLOWED_ATTRIBUTES.get(el.name, set()) | ({"rel"} if el.name == "a" else set())
        assert set(el.attrs) <= allowed, f"{where}: attributes {set(el.attrs) - allowed} on <{el.name}>"
        href = el.get("href")
        if href:
            scheme = SCHEME.match(norm_url(href))
            assert scheme is None or scheme.group(1) in {"http", "https", "mailto"}, f"{where}: href={href!r}"


def test_corpus_is_large_and_distinct():
    assert N >= 200
    assert len(set(PAYLOADS)) == N


def test_markdown_renderer_neutralises_every_payload_in_every_context():
    for i, payload in enumerate(PAYLOADS):
        for context in MARKDOWN_CONTEXTS:
            marker = MARKER.format(i)
            html = str(render_markdown(f"{marker}\n\n{context.format(p=payload)}"))
            assert_clean_markdown(html, where=f"markdown {context!r} {payload!r}")
            assert marker in soup_of(html).get_text(), f"marker dropped for {payload!r}"


def test_markdown_renderer_all_payloads_in_one_document():
    # An unclosed <style> makes nh3 drop the rest of the document (safe, but it hides later markers): last.
    order = sorted(range(N), key=lambda i: "<style" in PAYLOADS[i].lower())
    source = "\n\n".join(f"{MARKER.format(i)}\n\n{PAYLOADS[i]}" for i in order)
    html = str(render_markdown(source))
    assert_clean_markdown(html, where="one document")
    text = soup_of(html).get_text()
    shown = sum(MARKER.format(i) in text for i in range(N))
    assert shown >= N - 5, f"only {shown}/{N} markers survived"


def test_plain_text_markdown_survives_as_text():
    """Escaped angle brackets are shown as text, not dropped: the renderer does not just delete everything."""
    html = str(render_markdown("Pakai `<script>` dan tulis \\<b\\> di teks; 2 < 3 & 4 > 1."))
    assert "&lt;script&gt;" in html and "2 &lt; 3 &amp; 4 &gt; 1" in html


# --- Names and facilitator pages ------------------------------------------------------------------------------


@pytest.fixture
def cohort(site):
    """A workshop with one participant per payload, present in the running session, with survey and certificate."""
    course = CoursePageFactory(parent=site["katalog"], title="Kursus Uji")
    facilitator = facilitator_user()
    workshop = Workshop.objects.create(course=course, title="Bimtek Uji", venue="Aula", capacity=N + 10)
    workshop.facilitators.add(facilitator)
    now = timezone.now()
    session = Session.objects.create(
        workshop=workshop, title="Sesi 1", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2)
    )
    users = bulk_users("peserta.xss", N, unit_kerja="Bagian Umum", jabatan="Analis")
    Participant.objects.bulk_create([Participant(workshop=workshop, user=u) for u in users])
    participants = list(workshop.participants.order_by("user_id"))
    Attendance.objects.bulk_create(
        [Attendance(session=session, participant=p, method=Attendance.Method.QR) for p in participants]
    )
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(participant=p, ratings={"relevan": 4}, comment=f"Komentar {i}")
            for i, p in enumerate(participants)
        ]
    )
    Certificate.objects.bulk_create(
        [
            Certificate(
                user=u, workshop=workshop, holder_name=f"Peserta {i}", title="Bimtek Uji", date_text="1 Mei 2025", jp=8,
                revoked_at=now if i % 2 else None, revoke_reason=f"Alasan {i}" if i % 2 else "",
            )
            for i, u in enumerate(users)
        ]
    )  # fmt: skip
    return {"workshop": workshop, "facilitator": facilitator, "users": users, "session": session}


def test_participant_names_comments_and_certificates_on_facilitator_pages(client, cohort):
    workshop, users = cohort["workshop"], cohort["users"]
    client.force_login(cohort["facilitator"])
    pk = workshop.pk
    grid_pages = -(-N // 50)  # the attendance grid shows 50 participants per page
    urls = {
        **{f"detail-{n}": f"/workshop/{pk}/?hal={n}" for n in range(1, grid_pages + 1)},
        "live": f"/workshop/{pk}/langsung/",
        "live-partial": f"/workshop/{pk}/langsung/?partial=1",
        "tests": f"/workshop/{pk}/tes/",
        "survey": f"/workshop/{pk}/survei/hasil/",
        "certificates": f"/workshop/{pk}/sertifikat/",
    }
    baseline = {name: get(client, url) for name, url in urls.items()}

    set_field(users, "nama", PAYLOADS)
    set_field(list(SurveyResponse.objects.filter(participant__workshop=workshop).order_by("participant__user_id")),
              "comment", PAYLOADS)  # fmt: skip
    certificates = list(workshop.certificates.order_by("user_id"))
    set_field(certificates, "holder_name", PAYLOADS)
    revoked = [c for c in certificates if c.revoked_at]
    set_field(revoked, "revoke_reason", [PAYLOADS[-1 - n] for n in range(len(revoked))])
    Session.objects.filter(pk=cohort["session"].pk).update(title="<svg onload=alert(1)>")

    details = []
    for name, url in urls.items():
        html = get(client, url)
        if name.startswith("detail-"):  # each page inert and unchanged in structure; the names checked together
            assert_inert(html, where=name)
            assert_same_elements(html, baseline[name], where=name)
            details.append(html)
            continue
        payloads = {
            "live": PAYLOADS,
            "live-partial": PAYLOADS,
            "tests": PAYLOADS,
            "survey": PAYLOADS,
            "certificates": PAYLOADS + [c.revoke_reason for c in revoked],
        }[name]
        ignore = ("br",) if name == "survey" else ()  # linebreaksbr turns a payload's newlines into <br>
        assert_plain_page(html, baseline[name], payloads, where=name, ignore=ignore)
    assert_escaped("".join(details), PAYLOADS, where="attendance grid, all pages")
    # The grid's name filter echoes its query.
    for payload in PAYLOADS[::5]:
        html = get(client, f"/workshop/{pk}/?q={quote(payload, safe='')}")
        assert_inert(html, where=f"grid filter {payload!r}")
        assert not (SPECIAL & set(payload)) or payload.strip()[:100] not in html


def test_workshop_titles_and_venues(client, site):
    course = CoursePageFactory(parent=site["katalog"], title="Kursus Uji")
    facilitator = facilitator_user()
    learner = UserFactory(email="peserta.judul@contoh.go.id", nama="Peserta Judul")
    Workshop.objects.bulk_create(
        [Workshop(course=course, title=f"Workshop {i}", venue=f"Gedung {i}") for i in range(N)]
    )
    workshops = list(Workshop.objects.order_by("pk"))
    Workshop.facilitators.through.objects.bulk_create(
        [Workshop.facilitators.through(workshop=w, user=facilitator) for w in workshops]
    )
    Participant.objects.bulk_create([Participant(workshop=w, user=learner) for w in workshops])

    def pages():
        client.force_login(facilitator)
        out = {"list": get(client, "/workshop/")}
        client.force_login(learner)
        out["mine"] = get(client, "/workshop/saya/")
        out["belajar"] = get(client, "/akun/belajar-saya/")
        return out

    baseline = pages()
    set_field(workshops, "title", PAYLOADS)
    after = pages()
    for name, html in after.items():
        assert_plain_page(html, baseline[name], PAYLOADS, where=name)

    # Venue and title on each workshop's own pages (the join page for anyone, the participant page).
    set_field(workshops, "venue", PAYLOADS[::-1])
    client.logout()
    join_baseline = get(client, f"/workshop/ikut/{workshops[0].join_code}/")
    client.force_login(learner)
    home_baseline = get(client, f"/workshop/{workshops[0].pk}/ikuti/")
    client.logout()
    for w in workshops:
        html = get(client, f"/workshop/ikut/{w.join_code}/")
        assert_plain_page(html, join_baseline, [w.title, w.venue], where=f"join {w.title!r}")
    client.force_login(learner)
    for w in workshops[::7]:
        html = get(client, f"/workshop/{w.pk}/ikuti/")
        assert_plain_page(html, home_baseline, [w.title, w.venue], where=f"participant {w.title!r}")


def test_profile_fields_and_name_in_the_footer(client, db):
    user = UserFactory(email="profil.xss@contoh.go.id", nama="Nama Biasa", unit_kerja="Unit", jabatan="Jabatan")
    client.force_login(user)
    baseline = get(client, "/akun/profil/")
    belajar_baseline = get(client, "/akun/belajar-saya/")
    for i in range(0, N, 3):  # three payloads per page: each one goes through one of the three fields
        nama, unit, jabatan = PAYLOADS[i], PAYLOADS[(i + 1) % N], PAYLOADS[(i + 2) % N]
        User.objects.filter(pk=user.pk).update(nama=nama, unit_kerja=unit, jabatan=jabatan)
        html = get(client, "/akun/profil/")
        where = f"profil {nama!r}"
        assert_inert(html, where=where)
        assert_same_elements(html, baseline, where=where)
        soup = soup_of(html)
        for field, value in (("nama", nama), ("unit_kerja", unit), ("jabatan", jabatan)):
            assert not (SPECIAL & set(value)) or value not in html, where
            assert soup.find("input", {"name": field})["value"] == value  # shown as typed, escaped
        if i % 9 == 0:  # the name in the footer of every page (every third page keeps this quick)
            html = get(client, "/akun/belajar-saya/")
            assert_plain_page(html, belajar_baseline, [nama], where=f"belajar saya {nama!r}")


def test_certificate_verification_page(client, db):
    holder = UserFactory(email="pemegang@contoh.go.id")
    certificate = Certificate.objects.create(
        user=holder, holder_name="Nama Pemegang", title="Kegiatan", date_text="1 Mei 2025", jp=4
    )
    url = f"/verifikasi/{certificate.number}/"
    baseline = get(client, url)
    for i, payload in enumerate(PAYLOADS):
        # Cut to the columns' lengths, as the certificate code does (PostgreSQL enforces them).
        payload, title, date_text = payload[:150], PAYLOADS[(i + 1) % N][:250], PAYLOADS[(i + 2) % N][:120]
        Certificate.objects.filter(pk=certificate.pk).update(holder_name=payload, title=title, date_text=date_text)
        html = get(client, url)
        assert_plain_page(html, baseline, [payload, title, date_text], where=f"verifikasi {payload!r}")


# --- Echoed input: search, Living Lab filters, forms with errors ---------------------------------------------


def test_search_query_echo(client, site):
    baseline = get(client, "/cari/?q=zzzzqqq")
    for payload in PAYLOADS:
        html = get(client, "/cari/?" + "q=" + quote(payload, safe=""))
        where = f"cari {payload!r}"
        assert_inert(html, where=where)
        assert_same_elements(html, baseline, where=where, only=DANGEROUS_TAGS - {"a"})
        echoed = payload.strip()[:200]
        assert soup_of(html).find("input", id="q")["value"] == echoed
        if SPECIAL & set(echoed):
            assert echoed not in html, where


@pytest.fixture
def lab(site):
    index = ensure_living_lab(site["home"])
    region, _ = ensure_region(Instansi.objects.get(kode="51.03"), index)
    return {"index": index, "region": region}


def make_case_study(region, n, **fields):
    page = CaseStudyPage(
        title=f"Studi kasus {n}", slug=f"studi-kasus-{n}", instansi=region.instansi, year=2024,
        summary=f"Ringkasan {n}", practice=f"## Konteks\n\n{MARKER.format(n)}", responsible_unit="Diskominfo",
        sources="Sumber A\nSumber B", programme="IDSL", **fields,
    )  # fmt: skip
    page.indicators = list(Indicator.objects.filter(framework__code="spbe-2020", number__in=[18]))
    region.add_child(instance=page)
    page.save_revision().publish()
    return CaseStudyPage.objects.get(pk=page.pk)


def test_living_lab_filters_echo(client, lab):
    index_url = lab["index"].url
    baseline = get(client, index_url + "?q=zzzzqqq")
    keys = ["q", "domain", "indikator", "provinsi", "tahun", "urut", "naik"]
    for i, payload in enumerate(PAYLOADS):
        params = "&".join(f"{k}={quote(PAYLOADS[(i + n) % N], safe='')}" for n, k in enumerate(keys))
        html = get(client, f"{index_url}?{params}")
        where = f"living lab filters {payload!r}"
        assert_inert(html, where=where)
        assert_same_elements(html, baseline, where=where, only=DANGEROUS_TAGS)
        soup = soup_of(html)
        assert soup.find("input", id="f-q")["value"] == payload
        assert soup.find("input", id="f-ind")["value"] == PAYLOADS[(i + 2) % N]
        if SPECIAL & set(payload):
            assert payload not in html, where


def test_case_study_fields_and_practice(client, lab):
    chunk = 25
    count = -(-N // chunk)
    pages = [make_case_study(lab["region"], n) for n in range(count)]
    index_url = lab["index"].url
    listing = [f"{index_url}?hal={n}" for n in range(1, -(-count // 10) + 1)]
    baseline_pages = [get(client, p.url) for p in pages]
    baseline_listing = [get(client, url) for url in listing]
    for n, page in enumerate(pages):
        part = PAYLOADS[n * chunk : (n + 1) * chunk]
        CaseStudyPage.objects.filter(pk=page.pk).update(
            title=part[0],
            summary=part[1 % len(part)],
            programme=part[2 % len(part)],
            responsible_unit=part[3 % len(part)],
            sources="\n".join(part),
            practice="\n\n".join(f"{MARKER.format(n * chunk + k)}\n\n{p}" for k, p in enumerate(part)),
        )
    cache.clear()  # the anonymous whole-page cache holds the harmless renders
    for n, page in enumerate(pages):
        part = PAYLOADS[n * chunk : (n + 1) * chunk]
        html = get(client, page.url)
        where = f"studi kasus {n}"
        assert_inert(html, where=where)
        # The source list is split by line and may lose leading/trailing "-* "; the other fields are exact.
        assert_escaped(html, part[:4], where=where)
        sources = [p for p in part if "\n" not in p and p == p.strip(" -*") and p.strip()]
        assert_escaped(html, sources, where=where)
        # Practice is Markdown: compare only the non-Markdown elements; unclosed raw blocks may eat a marker.
        got, want = tag_counts(html), tag_counts(baseline_pages[n])
        extra = {t: (want.get(t, 0), got[t]) for t in got if t not in ALLOWED_TAGS and got[t] != want.get(t, 0)}
        assert not extra, f"{where}: {extra}"
        text = soup_of(html).get_text()
        practice = CaseStudyPage.objects.get(pk=page.pk).practice
        kept = surviving(practice, range(n * chunk, n * chunk + len(part)))
        assert all(m in text for m in kept), f"{where}: practice content dropped"
    for url, base in zip(listing, baseline_listing, strict=True):
        html = get(client, url)
        assert_inert(html, where=url)
        assert_same_elements(html, base, where=url, only=DANGEROUS_TAGS - {"a"})
    shown = [p.title for p in CaseStudyPage.objects.all()]
    all_listing = "".join(get(client, url) for url in listing)
    assert_escaped(all_listing, shown, where="listing titles")


# --- Markdown through real pages: module, lesson, course, quiz ---------------------------------------------


def test_module_lesson_and_course_pages(client, site):
    course = CoursePageFactory(parent=site["katalog"], intro="Pengantar biasa.", audience="ASN")
    harmless = [("section", {"kind": "other", "heading": f"Bagian {i}", "body": "Isi."}) for i in range(N)]
    harmless_levels = [("level", {"level": 1 + i % 5, "body": "Isi."}) for i in range(N)]
    module = ModulePageFactory(parent=course, body=harmless + harmless_levels)
    lesson = LessonPageFactory(parent=course, body=harmless)
    urls = {"module": module.url, "lesson": lesson.url, "course": course.url}
    baseline = {k: get(client, u) for k, u in urls.items()}

    sections = [
        ("section", {"kind": "other", "heading": p, "body": f"{MARKER.format(i)}\n\n{p}"})
        for i, p in enumerate(PAYLOADS)
    ]
    levels = [("level", {"level": 1 + i % 5, "body": f"{MARKER.format(N + i)}\n\n{p}"}) for i, p in enumerate(PAYLOADS)]
    for model, page, body in ((type(module), module, sections + levels), (type(lesson), lesson, sections)):
        page = model.objects.get(pk=page.pk)
        page.body = body
        page.summary = PAYLOADS[0]
        page.save()
    intro = "\n\n".join(f"{MARKER.format(i)}\n\n{p}" for i, p in enumerate(PAYLOADS))
    type(course).objects.filter(pk=course.pk).update(
        title=PAYLOADS[1], intro=intro, audience=PAYLOADS[2], summary=PAYLOADS[3]
    )
    cache.clear()  # the anonymous whole-page cache holds the harmless renders
    markers = [MARKER.format(i) for i in range(N)]
    html = get(client, urls["module"])
    assert_markdown_page(html, baseline["module"], [MARKER.format(i) for i in range(2 * N)], where="module")
    assert_escaped(html, PAYLOADS[:2], where="module title/summary")
    headings = [h.get_text() for h in soup_of(html).select("section.section > h2")]
    assert headings == PAYLOADS, "every section heading shown as typed"
    html = get(client, urls["lesson"])
    assert_markdown_page(html, baseline["lesson"], markers, where="lesson")
    html = get(client, urls["course"])
    assert_inert(html, where="course")
    assert_escaped(html, PAYLOADS[1:4], where="course title/audience/summary")
    got, want = tag_counts(html), tag_counts(baseline["course"])
    assert not {t for t in got if t not in ALLOWED_TAGS and got[t] != want.get(t, 0)}
    text = soup_of(html).get_text()
    assert all(m in text for m in surviving(intro, range(N))), "course intro content dropped"


@pytest.fixture
def payload_quiz(db):
    questions = []
    for i in range(N):
        questions.append(
            make_question(
                f"XSS{i}", options=[(f"Pilihan benar {i}", 1, f"Benar {i}"), (f"Pilihan salah {i}", 0, "Bukan.")],
                stem=f"Soal {i}", general_feedback=f"Penjelasan {i}",
            )
        )  # fmt: skip
    quiz = make_quiz(
        slug="kuis-xss", questions=questions, shuffle_options=False, review_policy=ReviewPolicy.IMMEDIATELY,
        description="Deskripsi.",
    )  # fmt: skip
    return quiz, questions


def set_quiz_texts(quiz, questions, payloads):
    for i, q in enumerate(questions):
        q.stem = f"{MARKER.format(i)}\n\n{payloads[i]}" if payloads else f"Soal {i}"
        q.general_feedback = f"{MARKER.format(i)}\n\n{payloads[(i + 1) % N]}" if payloads else f"Penjelasan {i}"
    Question.objects.bulk_update(questions, ["stem", "general_feedback"], batch_size=200)
    choices = list(Choice.objects.filter(question__in=questions).order_by("question_id", "sort_order"))
    for n, choice in enumerate(choices):
        i = n // 2
        if payloads:
            choice.text = f"{MARKER.format(i)} {payloads[(i + 2 * (n % 2)) % N]}"
            choice.feedback = f"{MARKER.format(i)}\n\n{payloads[(i + 3) % N]}"
        else:
            choice.text = f"Pilihan {n}"
            choice.feedback = f"Umpan balik {n}"
    Choice.objects.bulk_update(choices, ["text", "feedback"], batch_size=200)
    type(quiz).objects.filter(pk=quiz.pk).update(
        title=payloads[4] if payloads else "Kuis XSS",
        description="\n\n".join(payloads) if payloads else "Deskripsi.",
    )


def test_quiz_pages_and_question_preview(client, payload_quiz, learner):
    quiz, questions = payload_quiz
    markers = [MARKER.format(i) for i in range(N)]
    client.force_login(learner)
    detail_baseline = get(client, "/kuis/kuis-xss/")
    response = client.post("/kuis/kuis-xss/mulai/")
    attempt_url = response["Location"]
    attempt_baseline = get(client, attempt_url)
    set_quiz_texts(quiz, questions, PAYLOADS)
    html = get(client, "/kuis/kuis-xss/")
    assert_inert(html, where="quiz detail")
    assert_escaped(html, [PAYLOADS[4]], where="quiz title")
    got, want = tag_counts(html), tag_counts(detail_baseline)
    assert not {t for t in got if t not in ALLOWED_TAGS and got[t] != want.get(t, 0)}
    html = get(client, attempt_url)
    assert_markdown_page(html, attempt_baseline, markers, where="attempt")

    set_quiz_texts(quiz, questions, None)
    result_url = client.post(attempt_url + "kumpulkan/")["Location"]
    result_baseline = get(client, result_url)
    set_quiz_texts(quiz, questions, PAYLOADS)
    html = get(client, result_url)
    assert_markdown_page(html, result_baseline, markers, where="result (review)")

    # Wagtail admin preview of a question (stem, options, feedback, explanation).
    admin = UserFactory(email="admin.xss@contoh.go.id", is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = admin
    for question in Question.objects.filter(code__startswith="XSS").prefetch_related("choices"):
        response = question.serve_preview(request, "")
        html = response.render().content.decode() if hasattr(response, "render") else response.content.decode()
        assert_inert(html, where=f"preview {question.code}")
        assert MARKER.format(int(question.code[3:])) in soup_of(html).get_text(), f"preview {question.code} empty"
        assert not {el.name for el in soup_of(html).select(".feedback *, .explanation *")} - ALLOWED_TAGS


def test_import_errors_echo_cell_values(client, cohort):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["nip_atau_email", "nama", "instansi"])
    for i, payload in enumerate(PAYLOADS):
        cells = [payload, PAYLOADS[(i + 1) % N], PAYLOADS[(i + 2) % N]]
        writer.writerow([c.replace("\x00", "") for c in cells])  # a NUL byte makes the file "binary"
    client.force_login(cohort["facilitator"])
    url = f"/workshop/{cohort['workshop'].pk}/impor/"
    baseline = get(client, url)
    upload = SimpleUploadedFile("peserta.csv", buffer.getvalue().encode(), content_type="text/csv")
    response = client.post(url, {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200, soup_of(html).select(".errorlist")
    assert len(soup_of(html).select("tbody tr")) >= N // 2  # the rejected rows, each with its reason
    assert_inert(html, where="import")
    assert_same_elements(html, baseline, where="import", only=DANGEROUS_TAGS - {"a", "input"})


def test_forms_echoing_bad_input(client, settings, cohort):
    settings.AXES_ENABLED = False
    certificate = Certificate.objects.filter(workshop=cohort["workshop"], revoked_at__isnull=True).first()
    Certificate.objects.exclude(pk=certificate.pk).delete()
    for i, payload in enumerate(PAYLOADS):
        other = PAYLOADS[(i + 1) % N]
        # Join by code: the code is echoed into the form with an error.
        html = client.post("/workshop/ikut/", {"code": payload}).content.decode()
        assert_inert(html, where=f"join {payload!r}")
        if SPECIAL & set(payload):
            assert payload not in html
        # Sign-up with every field wrong: each value comes back in its input (a heavy page: every third payload
        # opens it, with three payloads in three fields, so every payload is echoed by one field).
        if i % 3 == 0:
            third = PAYLOADS[(i + 2) % N]
            response = client.post(
                "/akun/daftar/",
                {"nama": payload, "email": other, "nip": third[:30], "unit_kerja": other, "jabatan": third,
                 "instansi": payload, "password1": "a", "password2": "b"},
            )  # fmt: skip
            html = response.content.decode()
            assert response.status_code == 200 and not User.objects.filter(nama=payload).exists()
            assert_inert(html, where=f"daftar {payload!r}")
            soup = soup_of(html)
            for field, value in (("nama", payload), ("unit_kerja", other), ("jabatan", third)):
                assert soup.find("input", {"name": field})["value"] == value
                assert not (SPECIAL & set(value)) or value not in html
        # Login: the username comes back.
        html = client.post("/akun/masuk/", {"username": payload, "password": "salah"}).content.decode()
        assert_inert(html, where=f"masuk {payload!r}")
        # Check-in token and certificate number in the URL.
        client.force_login(cohort["users"][0])
        assert_inert(client.get(f"/workshop/hadir/{quote(payload, safe='')}/").content.decode(), where="hadir")
        client.logout()
        assert_inert(client.get(f"/verifikasi/{quote(payload, safe='')}/").content.decode(), where="verifikasi")
    # Revocation reason that is too long is echoed back into its textarea.
    client.force_login(cohort["facilitator"])
    url = f"/workshop/{cohort['workshop'].pk}/sertifikat/{certificate.number}/cabut/"
    # Ten payloads per reason: the page lists the whole cohort, so each post is a heavy page; every payload
    # is still echoed once.
    for start in range(0, N, 10):
        reason = "\n".join(PAYLOADS[start : start + 10]) + " " + "x" * 1000
        response = client.post(url, {"reason": reason})
        html = response.content.decode()
        assert response.status_code == 400
        assert_inert(html, where=f"cabut {PAYLOADS[start : start + 10]!r}")
        echoed = soup_of(html).find("textarea", {"name": "reason"}).get_text()
        assert echoed.replace("\r\n", "\n") == reason.strip().replace("\r\n", "\n")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
