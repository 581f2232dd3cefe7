"""Role × URL access matrix, generated from the URLconf.

Every URL pattern of the project's own apps (accounts, spbe, courses, quizzes, livinglab, workshops,
search, home pages served by Wagtail, certificate verification, set_language) and every admin URL the
project registers itself (hooks and viewsets bound to project models: the question bank and quizzes,
item analysis and GIFT/Aiken import/export, the SPBE frameworks/indicators/instansi, the JP ledger and
the user admin with the project's forms) must have an entry in ``EXPECTED``. Each entry lists concrete
URLs built from the fixture world — usually once per owner (learner A's attempt and learner B's,
workshop X and workshop Y, region X's draft and region Y's) — with the expected outcome for each of the
nine roles. ``test_every_url_pattern_has_an_entry`` fails, naming the pattern, when a URL is added
without one.

Wagtail's own admin (some 250 patterns: workflows, settings, images, redirects, …) is protected by
Wagtail's permission system and is not ours to re-specify cell by cell. Out of it the matrix covers,
explicitly, the object URLs through which drafts and private data could leak: the dashboard, page
edit/preview/view draft/revisions (index, view, compare)/history/workflow history/delete/unpublish/move/
copy/add, the workflow preview, document edit/delete and document serving. In addition
``test_no_admin_url_answers_outsiders`` sweeps *every* admin pattern (sample arguments) as anonymous,
learner and facilitator and asserts that each one redirects to the admin login: people without admin
access never get past it (the login, password-reset pages and their icon sprite/JS catalog excepted).

Outcomes: ``OK`` (2xx); ``LOGIN`` (redirect to /akun/masuk/); ``ADMIN_LOGIN`` (redirect to the admin
login: anonymous, or signed in without admin access); ``ADMIN_HOME`` (Wagtail's "permission denied"
redirect to the dashboard); ``REDIRECT`` (any other redirect: an allowed action or a page sending you on);
``404``/``403``/``400``/``405``/``409``. The project convention is 404 for somebody else's object.
POST endpoints are called with POST, without a CSRF token (Django's default test client), and with a
payload that would change something if accepted. Every cell runs in a savepoint that is rolled back;
after every POST cell whose expected outcome is a refusal the test also checks that no row of the
project's or Wagtail core's tables changed. ``test_post_only_endpoints_refuse_get`` checks those
endpoints answer GET with 405.

The world (tests/security/access_world.py) is built once for the module and rolled back at its end.
"""

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Page, Revision, WorkflowState

from workshops.attendance import token_for

from .access_world import ROLES, build_world

# --- outcomes -------------------------------------------------------------------------------------------

OK, LOGIN, ADMIN_LOGIN, ADMIN_HOME, REDIRECT = "OK", "LOGIN", "ADMIN_LOGIN", "ADMIN_HOME", "REDIRECT"
NOT_FOUND, FORBIDDEN, BAD, NOT_ALLOWED = "404", "403", "400", "405"

PROJECT_APPS = {"accounts", "spbe", "courses", "quizzes", "livinglab", "workshops", "search", "home"}
PROJECT_TOP_LEVEL = {"search", "certificate_verify", "set_language", "wagtail_serve"}


def outcome(response):
    if 200 <= response.status_code < 300:
        return OK
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith(reverse("accounts:login")):
            return LOGIN
        if location.startswith(reverse("wagtailadmin_login")):
            return ADMIN_LOGIN
        if location == reverse("wagtailadmin_home"):
            return ADMIN_HOME
        return REDIRECT
    return str(response.status_code)


def cells(default, **overrides):
    """Expected outcome for all nine roles: ``default`` unless overridden by role name."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


# Frequent rows.
PUBLIC = cells(OK)
SIGNED_IN = cells(OK, anonymous=LOGIN)
OUTSIDERS = dict.fromkeys(("anonymous", "learner_a", "learner_b", "facilitator_x", "facilitator_y"), ADMIN_LOGIN)
SUPERUSER_ONLY = cells(ADMIN_HOME, **OUTSIDERS, admin=OK)
NON_FAC_404 = dict.fromkeys(("learner_a", "learner_b", "contributor_x", "verifier", "curator"), NOT_FOUND)


def facilitator_of(owner, allowed=OK, other=NOT_FOUND):
    """A facilitator screen of workshop ``owner`` (x/y): its facilitator and the administrator only."""
    other_owner = "y" if owner == "x" else "x"
    return cells(
        FORBIDDEN,
        anonymous=LOGIN,
        **{f"facilitator_{owner}": allowed, f"facilitator_{other_owner}": other},
        admin=allowed,
    )


def owner_only(owner, allowed=OK, anonymous=LOGIN):
    """The learner's own object: 404 for anybody else, administrators included."""
    return cells(NOT_FOUND, anonymous=anonymous, **{f"learner_{owner}": allowed})


@dataclass
class Cell:
    """One concrete URL of a pattern: how to build it from the world, how to call it, what each role gets."""

    label: str
    expected: dict
    args: Any = None  # callable(world) -> list of reverse() args
    path: Any = None  # callable(world) -> full path (wins over args)
    method: str = "GET"
    data: Any = None  # callable(world) -> POST data
    query: str = ""
    hidden: str = ""  # text that must not appear in a 2xx response (e.g. a draft's title)


def W(attr_path):
    """args builder from dotted world attributes, e.g. W('x.workshop.pk')."""

    def build(world):
        values = []
        for dotted in attr_path.split(","):
            value = world
            for part in dotted.strip().split("."):
                value = value[part] if isinstance(value, dict) else getattr(value, part)
            values.append(value)
        return values

    return build


def page_path(attr):
    def build(world):
        page = getattr(world, attr)
        return page.url or "/" + page.url_path.split("/", 2)[-1]

    return build


def answer_data(key):
    def build(world):
        attempt = world.attempts[key]
        item = attempt.items.first()
        return {"question": item.question_id, "choice": item.question.choices.filter(fraction=0)[0].pk}

    return build


def save_all_data(key):
    def build(world):
        attempt = world.attempts[key]
        data = {"submit": "1"}
        for item in attempt.items.select_related("question"):
            data[f"q{item.question_id}"] = item.question.choices.filter(fraction=0)[0].pk
        return data

    return build


DRAFT_TITLE = "Draf rahasia"  # the titles of draft_x and draft_y start with it

# --- the matrix -----------------------------------------------------------------------------------------

EXPECTED = {
    # Django / i18n
    "set_language": [Cell("to English", cells(REDIRECT), method="POST", data=lambda w: {"language": "en"})],
    # accounts
    "accounts:signup": [Cell("form", cells(REDIRECT, anonymous=OK))],
    "accounts:login": [Cell("form", cells(REDIRECT, anonymous=OK))],
    "accounts:logout": [Cell("sign out", cells(REDIRECT), method="POST")],
    "accounts:profile": [Cell("own profile", SIGNED_IN)],
    "accounts:belajar_saya": [Cell("own dashboard", SIGNED_IN)],
    "accounts:password_reset": [Cell("form", PUBLIC)],
    "accounts:password_reset_done": [Cell("page", PUBLIC)],
    "accounts:password_reset_confirm": [Cell("bad token", PUBLIC, args=lambda w: ["MQ", "bogus-token"])],
    "accounts:password_reset_complete": [Cell("page", PUBLIC)],
    # spbe (public reference)
    "spbe:framework_list": [Cell("list", PUBLIC)],
    "spbe:calculator": [Cell("calculator", PUBLIC)],
    "spbe:framework": [Cell("spbe-2020", PUBLIC, args=W("framework.code"))],
    "spbe:framework_calculator": [Cell("spbe-2020", PUBLIC, args=W("framework.code"))],
    "spbe:indicator": [Cell("indicator 1", PUBLIC, args=W("framework.code,indicator.number"))],
    # courses (own enrolment/progress only; the view acts on request.user)
    "courses:enrol": [Cell("live course", cells(REDIRECT, anonymous=LOGIN), args=W("course.pk"), method="POST")],
    "courses:complete": [Cell("live module", cells(REDIRECT, anonymous=LOGIN), args=W("module.pk"), method="POST")],
    # quizzes
    "quizzes:detail": [Cell("quiz", PUBLIC, args=W("quiz.slug"))],
    "quizzes:start": [Cell("quiz", cells(REDIRECT, anonymous=LOGIN), args=W("quiz.slug"), method="POST")],
    "quizzes:attempt": [
        Cell("A open", owner_only("a"), args=W("attempts.a_open.pk")),
        Cell("A submitted", owner_only("a", REDIRECT), args=W("attempts.a_done.pk")),
        Cell("B open", owner_only("b"), args=W("attempts.b_open.pk")),
        Cell("B submitted", owner_only("b", REDIRECT), args=W("attempts.b_done.pk")),
        Cell(
            "A open, save+submit",
            owner_only("a", REDIRECT),
            args=W("attempts.a_open.pk"),
            method="POST",
            data=save_all_data("a_open"),
        ),  # fmt: skip
        Cell(
            "B open, save+submit",
            owner_only("b", REDIRECT),
            args=W("attempts.b_open.pk"),
            method="POST",
            data=save_all_data("b_open"),
        ),  # fmt: skip
    ],
    "quizzes:answer": [
        Cell("A open", owner_only("a"), args=W("attempts.a_open.pk"), method="POST", data=answer_data("a_open")),
        Cell("B open", owner_only("b"), args=W("attempts.b_open.pk"), method="POST", data=answer_data("b_open")),
        Cell(
            "A submitted",
            owner_only("a", "409"),
            args=W("attempts.a_done.pk"),
            method="POST",
            data=answer_data("a_done"),
        ),  # fmt: skip
    ],
    "quizzes:submit": [
        Cell("A open", owner_only("a", REDIRECT), args=W("attempts.a_open.pk"), method="POST"),
        Cell("B open", owner_only("b", REDIRECT), args=W("attempts.b_open.pk"), method="POST"),
    ],
    "quizzes:result": [
        Cell("A submitted", owner_only("a"), args=W("attempts.a_done.pk")),
        Cell("B submitted", owner_only("b"), args=W("attempts.b_done.pk")),
        Cell("A open (no result yet)", owner_only("a", NOT_FOUND), args=W("attempts.a_open.pk")),
        Cell("A's workshop pre-test", owner_only("a"), args=W("x.attempt.pk")),
        Cell("B's workshop pre-test", owner_only("b"), args=W("y.attempt.pk")),
    ],
    # livinglab
    "livinglab:adopt": [
        Cell("published X", cells(REDIRECT, anonymous=LOGIN), args=W("published_x.pk"), method="POST"),
        Cell("draft X", cells(NOT_FOUND, anonymous=LOGIN), args=W("draft_x.pk"), method="POST"),
    ],
    # workshops: facilitator screens
    "workshops:list": [
        Cell("own list", cells(FORBIDDEN, anonymous=LOGIN, facilitator_x=OK, facilitator_y=OK, admin=OK))
    ],
    "workshops:create": [
        Cell("form", cells(FORBIDDEN, anonymous=LOGIN, facilitator_x=OK, facilitator_y=OK, admin=OK)),
    ],
    "workshops:detail": [
        Cell("X", facilitator_of("x"), args=W("x.workshop.pk")),
        Cell("Y", facilitator_of("y"), args=W("y.workshop.pk")),
    ],
    "workshops:edit": [
        Cell("X", facilitator_of("x"), args=W("x.workshop.pk")),
        Cell("Y", facilitator_of("y"), args=W("y.workshop.pk")),
        Cell(
            "X, post (invalid form)",
            facilitator_of("x"),
            args=W("x.workshop.pk"),
            method="POST",
            data=lambda w: {"title": "Diambil alih"},
        ),  # fmt: skip
    ],
    "workshops:join_qr": [
        Cell("X", facilitator_of("x"), args=W("x.workshop.pk")),
        Cell("Y", facilitator_of("y"), args=W("y.workshop.pk")),
    ],
    "workshops:mark": [
        Cell(
            "X/session X",
            facilitator_of("x", REDIRECT),
            args=W("x.workshop.pk,x.session.pk"),
            method="POST",
            data=lambda w: {f"p{w.x.participant.pk}": "alpa"},
        ),  # fmt: skip
        Cell(
            "Y/session Y",
            facilitator_of("y", REDIRECT),
            args=W("y.workshop.pk,y.session.pk"),
            method="POST",
            data=lambda w: {f"p{w.y.participant.pk}": "alpa"},
        ),  # fmt: skip
        Cell(
            "X/session Y",
            facilitator_of("x", NOT_FOUND),
            args=W("x.workshop.pk,y.session.pk"),
            method="POST",
            data=lambda w: {f"p{w.y.participant.pk}": "alpa"},
        ),  # fmt: skip
    ],
    "workshops:checkin_screen": [
        Cell("X/session X", facilitator_of("x"), args=W("x.workshop.pk,x.session.pk")),
        Cell("Y/session Y", facilitator_of("y"), args=W("y.workshop.pk,y.session.pk")),
        Cell("X/session Y", facilitator_of("x", NOT_FOUND), args=W("x.workshop.pk,y.session.pk")),
    ],
    "workshops:tests": [
        Cell("X", facilitator_of("x"), args=W("x.workshop.pk")),
        Cell("Y", facilitator_of("y"), args=W("y.workshop.pk")),
        Cell(
            "Y, post (replace post-test)",
            facilitator_of("y", REDIRECT),
            args=W("y.workshop.pk"),
            method="POST",
            data=lambda w: {"phase": "post", "form_a": w.quiz.pk},
        ),  # fmt: skip
    ],
    "workshops:toggle_test": [
        Cell("X/pre X", facilitator_of("x", REDIRECT), args=W("x.workshop.pk,x.pre.pk"), method="POST"),
        Cell("Y/pre Y", facilitator_of("y", REDIRECT), args=W("y.workshop.pk,y.pre.pk"), method="POST"),
        Cell("X/pre Y", facilitator_of("x", NOT_FOUND), args=W("x.workshop.pk,y.pre.pk"), method="POST"),
    ],
    "workshops:live": [
        Cell("X", facilitator_of("x"), args=W("x.workshop.pk")),
        Cell("Y", facilitator_of("y"), args=W("y.workshop.pk")),
    ],
    "workshops:survey_results": [
        Cell("X", facilitator_of("x"), args=W("x.workshop.pk")),
        Cell("Y", facilitator_of("y"), args=W("y.workshop.pk")),
    ],
    "workshops:import": [
        Cell("X", facilitator_of("x"), args=W("x.workshop.pk")),
        Cell("Y", facilitator_of("y"), args=W("y.workshop.pk")),
        Cell("X, post (no file)", facilitator_of("x", BAD), args=W("x.workshop.pk"), method="POST"),
    ],
    "workshops:import_template": [
        Cell("X", facilitator_of("x"), args=W("x.workshop.pk")),
        Cell("Y", facilitator_of("y"), args=W("y.workshop.pk")),
    ],
    "workshops:exports": [
        Cell("X", facilitator_of("x"), args=W("x.workshop.pk")),
        Cell("Y", facilitator_of("y"), args=W("y.workshop.pk")),
        Cell(
            "X, post (queue CSV)",
            facilitator_of("x", REDIRECT),
            args=W("x.workshop.pk"),
            method="POST",
            data=lambda w: {"format": "csv"},
        ),  # fmt: skip
    ],
    # status and file: 404 (not 403) for everyone but the facilitators, so a job's existence is not revealed
    "workshops:export_status": [
        Cell("X/job X", facilitator_of("x", other=NOT_FOUND) | NON_FAC_404, args=W("x.workshop.pk,x.export.pk")),
        Cell("Y/job Y", facilitator_of("y") | NON_FAC_404, args=W("y.workshop.pk,y.export.pk")),
        Cell("X/job Y", facilitator_of("x", NOT_FOUND) | NON_FAC_404, args=W("x.workshop.pk,y.export.pk")),
    ],
    "workshops:export_download": [
        Cell("X/job X", facilitator_of("x") | NON_FAC_404, args=W("x.workshop.pk,x.export.pk")),
        Cell("Y/job Y", facilitator_of("y") | NON_FAC_404, args=W("y.workshop.pk,y.export.pk")),
        Cell("X/job Y", facilitator_of("x", NOT_FOUND) | NON_FAC_404, args=W("x.workshop.pk,y.export.pk")),
    ],
    "workshops:certificates": [
        Cell("X", facilitator_of("x"), args=W("x.workshop.pk")),
        Cell("Y", facilitator_of("y"), args=W("y.workshop.pk")),
    ],
    "workshops:certificates_issue": [
        Cell("X", facilitator_of("x", REDIRECT), args=W("x.workshop.pk"), method="POST"),
        Cell("Y", facilitator_of("y", REDIRECT), args=W("y.workshop.pk"), method="POST"),
    ],
    "workshops:certificate_revoke": [
        Cell(
            "X/cert A",
            facilitator_of("x", REDIRECT),
            args=W("x.workshop.pk,x.certificate.number"),
            method="POST",
            data=lambda w: {"reason": "Dicabut oleh penyerang"},
        ),  # fmt: skip
        Cell(
            "Y/cert B",
            facilitator_of("y", REDIRECT),
            args=W("y.workshop.pk,y.certificate.number"),
            method="POST",
            data=lambda w: {"reason": "Dicabut oleh penyerang"},
        ),  # fmt: skip
        Cell(
            "Y/cert A",
            facilitator_of("y", NOT_FOUND),
            args=W("y.workshop.pk,x.certificate.number"),
            method="POST",
            data=lambda w: {"reason": "Dicabut oleh penyerang"},
        ),  # fmt: skip
    ],
    # workshops: participants
    "workshops:join_form": [Cell("form", PUBLIC)],
    "workshops:join": [
        Cell("code X", PUBLIC, args=W("x.workshop.join_code")),
        Cell("unknown code", cells(NOT_FOUND), args=lambda w: ["TIDAKADA"]),
    ],
    "workshops:checkin": [
        Cell(
            "token of session X", cells(BAD, anonymous=LOGIN, learner_a=OK), args=lambda w: [token_for(w.x.session)]
        ),  # fmt: skip
        Cell(
            "token of session Y", cells(BAD, anonymous=LOGIN, learner_b=OK), args=lambda w: [token_for(w.y.session)]
        ),  # fmt: skip
    ],
    "workshops:mine": [Cell("own list", SIGNED_IN)],
    "workshops:participant": [
        Cell("X", owner_only("a"), args=W("x.workshop.pk")),
        Cell("Y", owner_only("b"), args=W("y.workshop.pk")),
    ],
    "workshops:take_test": [
        Cell("X/pre X", owner_only("a", REDIRECT), args=W("x.workshop.pk,x.pre.pk"), method="POST"),
        Cell("Y/pre Y", owner_only("b", REDIRECT), args=W("y.workshop.pk,y.pre.pk"), method="POST"),
        Cell("X/pre Y", owner_only("a", NOT_FOUND), args=W("x.workshop.pk,y.pre.pk"), method="POST"),
    ],
    "workshops:survey": [
        Cell("X (already answered)", owner_only("a", REDIRECT), args=W("x.workshop.pk")),
        Cell(
            "Y, post",
            owner_only("b", REDIRECT),
            args=W("y.workshop.pk"),
            method="POST",
            data=lambda w: {"relevan": 1, "jelas": 1, "yakin": 1, "sarana": 1},
        ),  # fmt: skip
    ],
    # certificates
    "workshops:certificates_mine": [Cell("own list", SIGNED_IN)],
    "workshops:certificate_pdf": [
        Cell(
            "A's (workshop X)",
            cells(NOT_FOUND, anonymous=LOGIN, learner_a=OK, facilitator_x=OK, admin=OK),
            args=W("x.certificate.number"),
        ),  # fmt: skip
        Cell(
            "B's (workshop Y)",
            cells(NOT_FOUND, anonymous=LOGIN, learner_b=OK, facilitator_y=OK, admin=OK),
            args=W("y.certificate.number"),
        ),  # fmt: skip
    ],
    "certificate_verify": [
        Cell("valid number", PUBLIC, args=W("x.certificate.number")),
        Cell("unknown number", cells(NOT_FOUND), args=lambda w: ["BSPBE-TIDAKADA"]),
    ],
    # search and Wagtail-served pages (home, katalog, courses, modules, Living Lab)
    "search": [Cell("query for a draft", PUBLIC, query="?q=rahasia", hidden=DRAFT_TITLE)],
    "wagtail_serve": [
        Cell("home", PUBLIC, path=page_path("home")),
        Cell("katalog", PUBLIC, path=page_path("katalog")),
        Cell("course", PUBLIC, path=page_path("course")),
        Cell("module", PUBLIC, path=page_path("module")),
        Cell("Living Lab index", PUBLIC, path=page_path("index"), hidden=DRAFT_TITLE),
        Cell("Living Lab feed", PUBLIC, path=lambda w: w.index.url + "feed/", hidden=DRAFT_TITLE),
        Cell("region X (redirects to the filtered list)", cells(REDIRECT), path=page_path("region_x")),
        Cell("published case study X", PUBLIC, path=page_path("published_x")),
        Cell("draft case study X", cells(NOT_FOUND), path=page_path("draft_x")),
        Cell("draft case study Y", cells(NOT_FOUND), path=page_path("draft_y")),
        Cell("case study in review X", cells(NOT_FOUND), path=page_path("review_x")),
    ],
}

# --- admin URLs the project registers (hooks and viewsets bound to project models) ------------------------

QUESTION_GIFT = "::MXNEW:: Soal baru yang diimpor? {=Benar ~Salah}"


def gift_upload(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("soal.gift", QUESTION_GIFT.encode()), "format": "gift", "indicator": 1}


EXPECTED.update(
    {
        # The views raise PermissionDenied without quizzes.change_question; Wagtail turns that into its
        # "permission denied" redirect to the dashboard.
        "quizzes_item_analysis": [Cell("page", SUPERUSER_ONLY)],
        "quizzes_import": [
            Cell("get", cells(ADMIN_HOME, **OUTSIDERS, admin=REDIRECT)),
            Cell("post a GIFT file", cells(ADMIN_HOME, **OUTSIDERS, admin=REDIRECT), method="POST", data=gift_upload),
        ],
        "quizzes_export": [Cell("GIFT", SUPERUSER_ONLY)],
    }
)

# Every action of every viewset, listed by name so that a new action (or viewset) needs an entry.
# "name*" takes the object's pk. The object is the world's own row (learner A's ledger entry, learner A).
VIEWSETS = {
    "wagtailsnippets_quizzes_question": (
        "question.pk",
        [
            "list",
            "list_results",
            "add",
            "edit*",
            "delete*",
            "usage*",
            "history*",
            "history_results*",
            "copy*",
            "preview_on_add",
            "preview_on_edit*",
        ],
    ),  # fmt: skip
    "wagtailsnippetchoosers_quizzes_question": (
        "question.pk",
        ["choose", "choose_results", "chosen*", "chosen_multiple", "create"],
    ),
    "wagtailsnippets_quizzes_quiz": (
        "quiz.pk",
        ["list", "list_results", "add", "edit*", "delete*", "usage*", "history*", "history_results*", "copy*"],
    ),
    "wagtailsnippetchoosers_quizzes_quiz": (
        "quiz.pk",
        ["choose", "choose_results", "chosen*", "chosen_multiple", "create"],
    ),
    "frameworks": (
        "framework.pk",
        [
            "index",
            "index_results",
            "add",
            "edit*",
            "delete*",
            "history*",
            "history_results*",
            "usage*",
            "inspect*",
            "copy*",
        ],
    ),  # fmt: skip
    "indicators": (
        "indicator.pk",
        [
            "index",
            "index_results",
            "add",
            "edit*",
            "delete*",
            "history*",
            "history_results*",
            "usage*",
            "inspect*",
            "copy*",
        ],
    ),  # fmt: skip
    "instansi": (
        "instansi.pk",
        ["index", "index_results", "add", "edit*", "delete*", "history*", "history_results*", "usage*", "copy*"],
    ),
    "jp_ledger": (
        "ledger.pk",
        ["index", "index_results", "add", "edit*", "delete*", "history*", "history_results*", "usage*", "copy*"],
    ),
    "wagtailusers_users": (
        "users.learner_a.pk",
        ["index", "index_results", "add", "edit*", "delete*", "history*", "history_results*", "usage*", "copy*"],
    ),
}
# Exceptions to "superuser only" inside the viewsets. Wagtail's snippet choosers are open to every user
# with admin access, by design (any editor may need to pick a snippet in a form). They list and return
# only ``str(obj)``: "code (type)" of a question — no stem, no options, no key — and quiz titles, which
# are public on /kuis/<slug>/ anyway. Creating through the chooser still needs the add permission.
ADMIN_USERS = cells(OK, **OUTSIDERS)
VIEWSET_OVERRIDES = {
    f"wagtailsnippetchoosers_quizzes_{model}:{action}": ADMIN_USERS
    for model in ("question", "quiz")
    for action in ("choose", "choose_results", "chosen", "chosen_multiple")
}

for namespace, (pk_attr, actions) in VIEWSETS.items():
    for action in actions:
        name = f"{namespace}:{action.rstrip('*')}"
        expected = VIEWSET_OVERRIDES.get(name, SUPERUSER_ONLY)
        EXPECTED[name] = [Cell("world object" if action.endswith("*") else "page", expected,
                               args=W(pk_attr) if action.endswith("*") else None)]  # fmt: skip


# --- Wagtail's own admin: the declared object URLs (not generated; see the module docstring) ---------------


def revision_of(attr, which="latest"):
    def build(world):
        page = getattr(world, attr)
        revisions = Revision.page_revisions.filter(object_id=str(page.pk)).order_by("created_at", "pk")
        return [page.pk, (revisions.last() if which == "latest" else revisions.first()).pk]

    return build


def compare_path(attr):
    return lambda w: f"/admin/pages/{getattr(w, attr).pk}/revisions/compare/earliest...latest/"


def workflow_task(attr):
    def build(world):
        state = WorkflowState.objects.get(base_content_type=ContentType.objects.get_for_model(Page),
                                          object_id=str(getattr(world, attr).pk), status="in_progress")  # fmt: skip
        return [getattr(world, attr).pk, state.current_task_state.task_id]

    return build


def document_path(key):
    return lambda w: w.documents[key].url


PAGE_ACTIONS = [
    "edit", "preview_on_edit", "view_draft", "revisions_index", "history", "workflow_history", "delete",
    "unpublish", "move", "copy", "usage",
]  # fmt: skip
PAGES = ["draft_x", "draft_y", "review_x", "published_x"]  # review_x: in "Kurasi Living Lab", at the verifier's step
REGION_X_PAGES = {"draft_x", "review_x", "published_x"}
# Curators have add/change/publish on the whole Living Lab; the superuser everything; nobody else anything.
LIVING_LAB = cells(ADMIN_HOME, **OUTSIDERS, curator=OK, admin=OK)
# GroupApprovalTask.user_can_access_editor: the reviewer of the current step may open the editor (read-only
# for them: it is locked to non-reviewers and they have no page permission to save), view the draft and the
# workflow history; copy shows its form only (copying needs add permission at the destination).
VERIFIER_ON_REVIEW = {"edit", "view_draft", "workflow_history", "copy"}


def page_expected(action, attr):
    if action == "revisions_index":  # Wagtail 8 sends the old revisions list on to the history view
        return cells(REDIRECT, **OUTSIDERS)
    if action == "unpublish":  # only a live page can be unpublished, and only with publish permission
        return LIVING_LAB if attr == "published_x" else cells(ADMIN_HOME, **OUTSIDERS)
    expected = dict(LIVING_LAB)
    # contributor of region X: add/change below region X (delete and move of a live page need publish)
    if attr in REGION_X_PAGES and not (attr == "published_x" and action in ("delete", "move")):
        expected["contributor_x"] = OK
    if attr == "review_x" and action in VERIFIER_ON_REVIEW:
        expected["verifier"] = OK
    return expected


WAGTAIL_DECLARED = {
    "wagtailadmin_home": [Cell("dashboard", cells(OK, **OUTSIDERS))],
    **{
        f"wagtailadmin_pages:{action}": [
            Cell(attr, page_expected(action, attr), args=W(f"{attr}.pk")) for attr in PAGES
        ]
        for action in PAGE_ACTIONS
    },
    "wagtailadmin_pages:revisions_view": [
        Cell(attr, page_expected("revisions_view", attr), args=revision_of(attr)) for attr in PAGES
    ],
    "wagtailadmin_pages:revisions_compare": [
        Cell(attr, page_expected("revisions_compare", attr), path=compare_path(attr)) for attr in PAGES
    ],
    # Only the reviewer of the current step (and the superuser): the curator's step comes later.
    "wagtailadmin_pages:workflow_preview": [
        Cell("review_x", cells(ADMIN_HOME, **OUTSIDERS, verifier=OK, admin=OK), args=workflow_task("review_x"))
    ],
    "wagtailadmin_explore": [
        Cell("region_x", LIVING_LAB | {"contributor_x": OK}, args=W("region_x.pk")),
        Cell("region_y", LIVING_LAB | {"contributor_x": REDIRECT}, args=W("region_y.pk")),
    ],
    "wagtailadmin_pages:add": [
        Cell(
            "region_x", LIVING_LAB | {"contributor_x": OK}, args=lambda w: ["livinglab", "casestudypage", w.region_x.pk]
        ),  # fmt: skip
        Cell("region_y", LIVING_LAB, args=lambda w: ["livinglab", "casestudypage", w.region_y.pk]),
    ],
    # one allowed page type: Wagtail redirects straight to the add form
    "wagtailadmin_pages:add_subpage": [
        Cell("region_x", cells(REDIRECT, **OUTSIDERS, verifier=ADMIN_HOME), args=W("region_x.pk")),
        Cell(
            "region_y",
            cells(REDIRECT, **OUTSIDERS, contributor_x=ADMIN_HOME, verifier=ADMIN_HOME),
            args=W("region_y.pk"),
        ),  # fmt: skip
    ],
    # Contributors may add documents and edit/delete their own uploads only; curators all documents.
    "wagtaildocs:edit": [
        Cell("evidence of draft X", LIVING_LAB | {"contributor_x": OK}, args=W("documents.x.pk")),
        Cell("evidence of draft Y", LIVING_LAB, args=W("documents.y.pk")),
    ],
    "wagtaildocs:delete": [
        Cell("evidence of draft X", LIVING_LAB | {"contributor_x": OK}, args=W("documents.x.pk")),
        Cell("evidence of draft Y", LIVING_LAB, args=W("documents.y.pk")),
    ],
    # Evidence is public once a live case study cites it; before that only those who may see the draft.
    "wagtaildocs_serve": [
        Cell("evidence of published X", PUBLIC, path=document_path("published")),
        Cell(
            "evidence of draft X", cells(NOT_FOUND, contributor_x=OK, curator=OK, admin=OK), path=document_path("x")
        ),  # fmt: skip
        Cell("evidence of draft Y", cells(NOT_FOUND, curator=OK, admin=OK), path=document_path("y")),
        Cell(
            "evidence of review X",
            cells(NOT_FOUND, contributor_x=OK, verifier=OK, curator=OK, admin=OK),
            path=document_path("review"),
        ),  # fmt: skip
    ],
}


# --- URLconf enumeration ----------------------------------------------------------------------------------


def iter_patterns(patterns=None, prefix="", namespace=None):
    """(full route, namespaced name, URLPattern) for every pattern, recursively."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from iter_patterns(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield route, name, pattern


def _model_of(callback):
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if isinstance(model, str):
        model = apps.get_model(model)
    return model


def is_project_pattern(route, name, pattern):
    callback = pattern.callback
    module = getattr(getattr(callback, "view_class", callback), "__module__", "")
    if module.split(".")[0] in PROJECT_APPS:
        return True
    if name and name.split(":")[0] in PROJECT_APPS:
        return True
    if name in PROJECT_TOP_LEVEL:
        return True
    model = _model_of(callback)
    return model is not None and model._meta.app_label in PROJECT_APPS


def project_patterns():
    return {
        name or route: route for route, name, pattern in iter_patterns() if is_project_pattern(route, name, pattern)
    }


def test_every_url_pattern_has_an_entry():
    found = project_patterns()
    missing = sorted(f"{key}  ({route})" for key, route in found.items() if key not in EXPECTED)
    assert not missing, (
        "URL patterns without an entry in tests/security/test_access_matrix.py EXPECTED — add one, with the "
        "expected outcome for every role:\n  " + "\n  ".join(missing)
    )
    stale = sorted(set(EXPECTED) - set(found))
    assert not stale, f"EXPECTED entries for URL names that no longer exist: {stale}"
    empty = sorted(key for key, cell_list in {**EXPECTED, **WAGTAIL_DECLARED}.items() if not cell_list)
    assert not empty, f"entries without a concrete URL: {empty}"
    names = {name for _route, name, _pattern in iter_patterns()}
    assert not set(WAGTAIL_DECLARED) - names, "declared Wagtail URL names that no longer exist"


# --- the world, once per module -------------------------------------------------------------------


@pytest.fixture(scope="module")
def media_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("security-media")
    return {"MEDIA_ROOT": root / "media", "PRIVATE_MEDIA_ROOT": root / "private-media"}


@pytest.fixture(autouse=True)
def _media_root(settings, media_dirs):
    """Overrides the suite's per-test media dirs: the module-wide world keeps its files for every test."""
    settings.MEDIA_ROOT = media_dirs["MEDIA_ROOT"]
    settings.PRIVATE_MEDIA_ROOT = media_dirs["PRIVATE_MEDIA_ROOT"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_dirs):
    """The world of access_world.py, once per module; everything is rolled back when the module ends."""
    with django_db_blocker.unblock(), override_settings(**media_dirs), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths; the rolled-back Site must not linger


# --- running the matrix -----------------------------------------------------------------------------------

DENIALS = {LOGIN, ADMIN_LOGIN, ADMIN_HOME, NOT_FOUND, FORBIDDEN, BAD, NOT_ALLOWED, "409"}
FINGERPRINT_APPS = PROJECT_APPS | {"wagtailcore", "wagtaildocs"}
FINGERPRINT_SKIP = {"wagtailcore.modellogentry", "wagtailcore.pagelogentry", "wagtailcore.referenceindex"}


def fingerprint():
    """A digest of every row of the project's and Wagtail core's tables (raw SQL: this runs per POST cell)."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.app_label not in FINGERPRINT_APPS or meta.label_lower in FINGERPRINT_SKIP or meta.proxy:
                continue
            columns = "*"
            if meta.label_lower == "accounts.user":  # not last_login: signing in is not the change we look for
                columns = "id, email, is_staff, is_superuser, is_active, nip, instansi_id"
            cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(meta.db_table)} ORDER BY 1")  # noqa: S608
            digest.update(meta.db_table.encode() + repr(cursor.fetchall()).encode())
    return digest.hexdigest()


def build_url(world, name, cell):
    if cell.path:
        return cell.path(world) + cell.query
    return reverse(name, args=cell.args(world) if cell.args else None) + cell.query


def new_client(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def run_cell(client, world, name, cell, baseline):
    """(url, outcome, changed) for one request, inside a savepoint that is always rolled back; the database
    is compared with ``baseline`` (its state before any cell) after every POST."""
    url = build_url(world, name, cell)
    check_state = cell.method == "POST"
    with transaction.atomic():
        try:
            if cell.method == "POST":
                response = client.post(url, cell.data(world) if cell.data else {})
            else:
                response = client.get(url)
            result = outcome(response)
            if cell.hidden and result == OK and cell.hidden.encode() in response.content:
                result = f"OK but shows {cell.hidden!r}"
        except Exception as error:  # noqa: BLE001 — a 500 is a finding, reported with the other cells
            result = f"500 {type(error).__name__}: {error}"
        changed = check_state and fingerprint() != baseline
        transaction.set_rollback(True)
    return url, result, changed


@pytest.fixture
def pdf_stub(monkeypatch):
    """The certificate PDF is rendered by WeasyPrint (slow); the access check runs before it."""
    monkeypatch.setattr("workshops.views_certificates.render_pdf", lambda certificate, url: b"%PDF-1.7 stub")


def run_matrix(world, role, table):
    client = new_client(world, role)
    baseline = fingerprint()
    failures, rows = [], []
    for name, cell_list in table.items():
        for cell in cell_list:
            expected = cell.expected[role]
            url, result, changed = run_cell(client, world, name, cell, baseline)
            rows.append((name, cell.label, cell.method, url, expected, result))
            if result != expected:
                failures.append(f"  {cell.method:4} {url:70} {name} [{cell.label}]: expected {expected}, got {result}")
            elif changed and expected in DENIALS:
                failures.append(f"  {cell.method:4} {url:70} {name} [{cell.label}]: {result} but the database changed")
            if name in ("accounts:logout", "set_language"):  # signed out, or the language cookie set
                client = new_client(world, role)
    return failures, rows


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_project_urls(world, pdf_stub, role):
    failures, rows = run_matrix(world, role, EXPECTED)
    assert rows
    assert not failures, f"{role}: {len(failures)} of {len(rows)} cells differ:\n" + "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_wagtail_object_urls(world, role):
    failures, rows = run_matrix(world, role, WAGTAIL_DECLARED)
    assert not failures, f"{role}: {len(failures)} of {len(rows)} cells differ:\n" + "\n".join(failures)


# --- the whole Wagtail admin, for people without admin access -------------------------------------------

ADMIN_AUTH_PAGES = {  # the admin's own sign-in pages and the static assets they load: public by design
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
}
SAMPLE_BY_CONVERTER = {"IntConverter": "1", "UUIDConverter": "00000000-0000-0000-0000-000000000001"}


def sample_path(route, pattern):
    """A concrete URL for a pattern, with sample values for its parameters."""
    regex_pattern = pattern.pattern
    if hasattr(regex_pattern, "converters") and not route.count("^"):
        path = route
        for param, converter in regex_pattern.converters.items():
            value = SAMPLE_BY_CONVERTER.get(type(converter).__name__, "x")
            path = re.sub(rf"<(?:\w+:)?{param}>", value, path)
        return "/" + path
    # regex patterns (revisions compare): every group "1"
    parts = re.split(r"\^|\$", route)
    path = "".join(parts)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path).replace("\\.", ".")
    return "/" + path


def admin_patterns():
    return [
        (route, name, pattern)
        for route, name, pattern in iter_patterns()
        if route.startswith("admin/") and name not in ADMIN_AUTH_PAGES
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "learner_a", "facilitator_x"])
def test_no_admin_url_answers_outsiders(world, role):
    """Signed out, or signed in without admin access: every admin URL sends you to the admin login."""
    client = new_client(world, role)
    patterns = admin_patterns()
    assert len(patterns) > 200
    failures = []
    for route, name, pattern in patterns:
        path = sample_path(route, pattern)
        with transaction.atomic():
            result = outcome(client.get(path))
            transaction.set_rollback(True)
        if result != ADMIN_LOGIN:
            failures.append(f"  {path:70} {name}: {result}")
    assert not failures, f"{role}: admin URLs that do not send an outsider to the admin login:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_post_only_endpoints_refuse_get(world):
    """The project's POST-only endpoints answer GET with 405 before anything else, even to the superuser."""
    client = new_client(world, "admin")
    post_only = [
        (name, cell_list[0])
        for name, cell_list in EXPECTED.items()
        if all(cell.method == "POST" for cell in cell_list) and name != "set_language"  # GET: redirect back
    ]
    assert len(post_only) >= 10
    for name, cell in post_only:
        with transaction.atomic():
            result = outcome(client.get(build_url(world, name, cell)))
            transaction.set_rollback(True)
        assert result == NOT_ALLOWED, f"GET {name}: {result}"


@pytest.mark.django_db
def test_existing_contributor_groups_lose_change_document(world):
    """The document fix reaches databases set up before it: ensure_living_lab (run by bootstrap) drops it."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission

    from accounts.models import Role
    from livinglab.permissions import ensure_living_lab

    contributors = Group.objects.get(name=Role.KONTRIBUTOR)
    change = Permission.objects.get(content_type__app_label="wagtaildocs", codename="change_document")
    GroupCollectionPermission.objects.create(
        group=contributors, collection=Collection.get_first_root_node(), permission=change
    )
    ensure_living_lab(world.home)
    codenames = set(
        GroupCollectionPermission.objects.filter(group=contributors).values_list("permission__codename", flat=True)
    )
    assert codenames == {"add_document", "choose_document"}
