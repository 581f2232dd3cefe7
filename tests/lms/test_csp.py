"""Content Security Policy: learner pages run no inline or third-party script; only the Wagtail admin
(editors and administrators) is relaxed, because Wagtail itself still needs inline scripts."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from ..factories import CoursePageFactory, ModulePageFactory, make_question, make_quiz


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(response, url):
    policy = directives(response)
    assert policy["script-src"] == ["'self'"], url
    assert policy["object-src"] == ["'none'"], url
    assert policy["base-uri"] == ["'self'"] and policy["frame-ancestors"] == ["'self'"], url
    soup = BeautifulSoup(response.content, "html.parser")
    inline = [s for s in soup.find_all("script") if not s.get("src") and s.get("type") != "application/json"]
    assert not inline, f"{url}: inline script would be blocked: {inline[:1]}"
    handlers = [(tag.name, attr) for tag in soup.find_all(True) for attr in tag.attrs if attr.lower().startswith("on")]
    assert not handlers, f"{url}: inline event handlers would be blocked: {handlers[:3]}"


@pytest.mark.django_db
def test_learner_pages_have_a_strict_policy_and_nothing_it_would_block(client, site, learner):
    course = CoursePageFactory(parent=site["katalog"])
    module = ModulePageFactory(parent=course)
    quiz = make_quiz(questions=[make_question("Q1")])
    urls = ["/", "/katalog/", course.url, module.url, "/spbe/kalkulator/", "/akun/masuk/", "/akun/daftar/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response, url)
    client.force_login(learner)
    response = client.post(f"/kuis/{quiz.slug}/mulai/", follow=True)
    attempt_url = response.redirect_chain[-1][0]
    for url in ["/akun/belajar-saya/", module.url, f"/kuis/{quiz.slug}/", attempt_url]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response, url)


@pytest.mark.django_db
def test_only_the_admin_is_relaxed(client, site):
    policy = directives(client.get("/admin/login/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" not in directives(client.get("/"))["script-src"]


def test_no_template_of_ours_carries_inline_script():
    """Catches an inline script or on…= handler before it reaches a page the tests above do not open."""
    offenders = []
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    for root in roots:
        for path in root.rglob("*.html"):
            text = path.read_text()
            for match in re.finditer(r"<script\b[^>]*>", text):
                if "src=" not in match.group(0) and "application/json" not in match.group(0):
                    offenders.append(f"{path}: {match.group(0)}")
            offenders += [f"{path}: {m.group(0)}" for m in re.finditer(r"\son[a-z]+\s*=", text)]
    assert not offenders, "\n".join(offenders)
