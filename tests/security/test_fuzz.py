"""Property-based fuzzing (Hypothesis) of every form and JSON endpoint: no input makes the server fail.

Each test builds its world once (users, workshop, quiz, …) and then runs one inner ``@given`` function
per endpoint, so every endpoint gets an exact example budget (``BUDGET``) and the database is not rolled
back between examples: the properties are written for that (counts compared around each request,
one-shot saves undone). The Django test client re-raises a view's exception, so a crash fails the test.

Properties: the status is < 500; a JSON endpoint answers JSON and, on error, an Indonesian message; a
rejected create/update saves nothing. ``test_zz_total`` checks that >= 10,000 inputs were generated.
"""

import json
import os
import re
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.models import Role
from livinglab.models import Adoption, CaseStudyPage
from livinglab.permissions import ensure_living_lab, ensure_region
from quizzes.models import Answer, Attempt, MindsetDimension
from spbe.models import Indicator, Instansi
from workshops.models import Certificate, ExportJob, Participant, Session, SurveyResponse, Workshop, WorkshopTest
from workshops.models import TestPhase as Phase

from ..factories import CoursePageFactory, UserFactory, make_question, make_quiz

pytestmark = pytest.mark.django_db

User = get_user_model()
TALLY = Counter()  # endpoint → generated inputs actually sent
SECONDS = Counter()  # endpoint → seconds spent (generation + request)
LAST = [time.monotonic()]
STARTED = time.monotonic()

# Examples per endpoint. Cheap endpoints (redirects, small JSON) get more; pages that render a large
# form (sign-up, profile: the 552-entry instansi list) fewer. The sum is asserted in test_zz_total.
BUDGET = {
    "quiz_answer": 1500,
    "quiz_answer_raw": 700,
    "quiz_save_all": 400,
    "quiz_start_submit": 150,
    "calculator_json": 250,
    "calculator_form": 40,
    "search": 700,
    "livinglab_filters": 300,
    "certificate_verify": 500,
    "set_language": 700,
    "login": 300,
    "password_reset": 400,
    "signup": 50,
    "profile": 50,
    "join_code": 600,
    "join_url": 300,
    "checkin": 800,
    "survey": 400,
    "take_test": 250,
    "adopt": 300,
    "workshop_create": 60,
    "workshop_edit": 30,
    "mark_attendance": 500,
    "toggle_test": 200,
    "test_setup": 120,
    "revoke": 300,
    "issue": 200,
    "exports": 500,
    "export_status": 200,
    "checkin_screen_json": 100,
    "import_upload": 250,
}
TOTAL_REQUIRED = 10_000
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))  # < 1 only for a quick local look; the total then skips

INDONESIAN = re.compile(
    r"\b(soal|tidak|pilih|pilihan|jawaban|kuis|waktu|sudah|belum|harus|untuk|dikenal|tingkat|indikator|"
    r"percobaan|wajib|sah|dapat)\b",
    re.IGNORECASE,
)


def fuzz_settings(name):
    return settings(
        max_examples=max(1, int(BUDGET[name] * SCALE)),
        derandomize=True,  # the same inputs on every run: CI is deterministic
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- Strategies ------------------------------------------------------------------------------------------------

# Any Unicode except surrogates (not encodable in a request); control characters and NUL included.
chars = st.characters(blacklist_categories=("Cs",))
short_text = st.text(chars, max_size=40)
long_text = st.builds(lambda s, n: (s or "x") * n, st.text(chars, min_size=1, max_size=8), st.integers(100, 1500))
numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["0", "-1", "1", "5", "6", "1e309", "NaN", "inf", "0x10", "١٢", "12,5", " 3 ", "+4", "007"]),
)
tricky = st.sampled_from(
    ["", " ", "\x00", "null", "None", "[]", "{}", "true", "<script>alert(1)</script>", "' OR 1=1 --", '"', "\\",
     "../../etc/passwd", "%00", "\r\n", "‮", "🙂" * 50, "a" * 5000, "hadir", "xlsx", "csv", "pre", "post"]
)  # fmt: skip
scalar = st.one_of(short_text, numbers, tricky, long_text)
value = st.one_of(scalar, st.lists(scalar, min_size=0, max_size=4))  # lists where a scalar is expected


def form(fields, extra=True):
    """A POST/GET dict: any subset of the known fields (missing ones too), maybe with unknown extra fields."""
    known = st.fixed_dictionaries({}, optional=dict.fromkeys(fields, value))
    if not extra:
        return known
    unknown = st.dictionaries(st.text(chars, min_size=1, max_size=12), value, max_size=3)
    return st.builds(lambda a, b: {**b, **a}, known, unknown)


CONTENT_TYPES = st.sampled_from(
    ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
     "multipart/form-data", "application/xml", "application/octet-stream", "", "text/html; charset=utf-7"]
)  # fmt: skip
raw_body = st.one_of(
    st.binary(max_size=300),
    st.text(chars, max_size=200).map(lambda s: s.encode("utf-8")),
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), short_text),
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(short_text, inner, max_size=4)),
        max_leaves=10,
    ).map(lambda v: json.dumps(v).encode()),
    st.sampled_from([b"{", b'{"question": ', b"question=1&choice=", b"--xyz\r\nContent-Disposition: form-data\r\n"]),
)


def post_raw(client, url, body, content_type):
    return client.generic("POST", url, body, content_type=content_type)


def ok(response, name):
    now = time.monotonic()
    TALLY[name] += 1
    SECONDS[name] += now - LAST[0]  # time since the previous input: generation + request
    LAST[0] = now
    assert response.status_code < 500, (name, response.status_code)
    return response


def json_ok(response, name, error_key="error"):
    ok(response, name)
    assert response["Content-Type"].startswith("application/json"), (name, response["Content-Type"])
    data = json.loads(response.content)
    if response.status_code >= 400:
        messages = data.get(error_key)
        text = " ".join(messages) if isinstance(messages, list) else str(messages or "")
        assert text and INDONESIAN.search(text), (name, data)
    return data


def facilitator(email="fasilitator.fuzz@contoh.go.id"):
    user = UserFactory(email=email, nama="Fasilitator Fuzz")
    user.groups.add(Group.objects.get_or_create(name=Role.FASILITATOR)[0])
    return user


# --- Quizzes -----------------------------------------------------------------------------------------------------


@pytest.fixture
def quiz_world(db, learner):
    questions = [
        make_question("FZ1"),
        make_question("FZ2", qtype="multiple", options=[("A", 0.5, ""), ("B", 0.5, ""), ("C", -1, "")]),
        make_question(
            "FZ3", qtype="likert", options=[], dimension=MindsetDimension.objects.create(code="fz", name="Fz")
        ),
        make_question("FZ4", qtype="truefalse"),
    ]
    quiz = make_quiz(slug="kuis-fuzz", questions=questions, shuffle_options=False)
    return {"quiz": quiz, "questions": questions, "learner": learner}


def test_fuzz_quiz_endpoints(client, quiz_world):
    client.force_login(quiz_world["learner"])
    start = client.post("/kuis/kuis-fuzz/mulai/")
    attempt_url = start["Location"]
    attempt_id = int(attempt_url.rstrip("/").split("/")[-1])
    answer_url = f"{attempt_url}jawab/"
    qids = [str(q.pk) for q in quiz_world["questions"]]
    choice_ids = [str(c) for q in quiz_world["questions"] for c in q.choices.values_list("pk", flat=True)]
    plausible = st.one_of(st.sampled_from(qids + choice_ids), scalar)

    answer_form = st.fixed_dictionaries(
        {}, optional={"question": plausible, "choice": st.one_of(plausible, st.lists(plausible, max_size=4)),
                      "likert": st.one_of(st.sampled_from(["1", "3", "5"]), scalar)},
    )  # fmt: skip

    @fuzz_settings("quiz_answer")
    @example({"question": "9223372036854775808"})  # found by this test: OverflowError in the lookup (500)
    @given(answer_form)
    def answer(data):
        before = Answer.objects.count()
        response = client.post(answer_url, data)
        result = json_ok(response, "quiz_answer")
        if not result.get("ok"):
            assert Answer.objects.count() == before, "a refused answer was saved"

    answer()

    @fuzz_settings("quiz_answer_raw")
    @example(b"\x00", "multipart/form-data")  # found by this test: an HTML 400 instead of JSON
    @given(raw_body, CONTENT_TYPES)
    def answer_raw(body, content_type):
        json_ok(post_raw(client, answer_url, body, content_type), "quiz_answer_raw")

    answer_raw()

    save_all_form = form([f"q{q}" for q in qids] + ["save"])

    @fuzz_settings("quiz_save_all")
    @given(save_all_form)
    def save_all(data):
        data.pop("submit", None)  # keep the attempt open: submitting is fuzzed below
        ok(client.post(attempt_url, data), "quiz_save_all")

    save_all()

    @fuzz_settings("quiz_start_submit")
    @given(form(["submit"]), st.booleans())
    def start_submit(data, use_start):
        url = "/kuis/kuis-fuzz/mulai/" if use_start else f"/kuis/percobaan/{attempt_id}/kumpulkan/"
        ok(client.post(url, data), "quiz_start_submit")

    start_submit()
    assert Attempt.objects.filter(user=quiz_world["learner"]).exists()


# --- SPBE calculator ------------------------------------------------------------------------------------------


def test_fuzz_spbe_calculator(client, framework):
    numbers_ = list(Indicator.objects.filter(framework=framework).values_list("number", flat=True))
    level = st.one_of(st.sampled_from(["1", "2", "3", "4", "5"]), scalar)
    fields = [f"i{n}" for n in numbers_]
    # Mostly complete forms (to reach the index computation), sometimes anything.
    full = st.fixed_dictionaries(dict.fromkeys(fields, level))
    calculator_form = st.one_of(
        full, full.map(lambda d: {k: v for k, v in d.items() if len(k + str(v)) % 7}), form(fields)
    )

    @fuzz_settings("calculator_json")
    @given(calculator_form, st.sampled_from(["/spbe/kalkulator/", "/spbe/spbe-2020/kalkulator/"]))
    def calc_json(data, url):
        response = client.post(url, data, HTTP_ACCEPT="application/json")
        result = json_ok(response, "calculator_json", error_key="errors")
        if response.status_code == 200:
            assert "index" in json.dumps(result).lower() or result

    calc_json()

    @fuzz_settings("calculator_form")
    @given(calculator_form, st.one_of(st.just("text/html"), short_text))
    def calc_form(data, accept):
        ok(client.post("/spbe/kalkulator/", data, HTTP_ACCEPT=accept), "calculator_form")

    calc_form()


# --- Public pages and account forms ---------------------------------------------------------------------------


@pytest.fixture
def public_world(site):
    index = ensure_living_lab(site["home"])
    region, _ = ensure_region(Instansi.objects.get(kode="51.03"), index)
    page = CaseStudyPage(
        title="Praktik", slug="praktik", instansi=region.instansi, year=2024, summary="Ringkasan.",
        practice="Isi.", responsible_unit="Diskominfo", sources="A",
    )  # fmt: skip
    page.indicators = list(Indicator.objects.filter(framework__code="spbe-2020", number__in=[18]))
    region.add_child(instance=page)
    page.save_revision().publish()
    return {"index": index, "case_study": CaseStudyPage.objects.get(pk=page.pk)}


def test_fuzz_public_endpoints(client, settings, public_world):
    index_url = public_world["index"].url

    @fuzz_settings("search")
    @example({"q": '"'})  # found by the XSS corpus: FTS5 "unterminated string" (500)
    @example({"q": "a\x00b"})
    @given(form(["q", "hal"]))
    def search(params):
        ok(client.get("/cari/", params), "search")

    search()

    @fuzz_settings("livinglab_filters")
    @given(form(["q", "domain", "indikator", "provinsi", "tahun", "urut", "naik", "hal"]))
    def filters(params):
        ok(client.get(index_url, params), "livinglab_filters")

    filters()

    @fuzz_settings("certificate_verify")
    @given(st.text(chars.filter(lambda c: c not in "/\\?#"), min_size=1, max_size=60))
    def verify(number):
        from urllib.parse import quote

        ok(client.get(f"/verifikasi/{quote(number, safe='')}/"), "certificate_verify")

    verify()

    @fuzz_settings("set_language")
    @given(form(["language", "next"]))
    def set_language(data):
        ok(client.post("/bahasa/", data), "set_language")

    set_language()

    @fuzz_settings("login")
    @given(form(["username", "password", "next"]))
    def login(data):
        ok(client.post("/akun/masuk/", data), "login")

    login()

    @fuzz_settings("password_reset")
    @given(form(["email"]))
    def password_reset(data):
        ok(client.post("/akun/sandi/lupa/", data), "password_reset")

    password_reset()

    signup_fields = ["nama", "email", "nip", "instansi", "unit_kerja", "jabatan", "password1", "password2", "next"]

    @fuzz_settings("signup")
    @given(form(signup_fields))
    def signup(data):
        client.logout()
        before = User.objects.count()
        response = ok(client.post("/akun/daftar/", data), "signup")
        if response.status_code == 200:
            assert User.objects.count() == before, "a rejected sign-up created an account"

    signup()


def test_fuzz_profile(client, learner):
    client.force_login(learner)
    fields = ["nama", "email", "nip", "instansi", "unit_kerja", "jabatan"]

    @fuzz_settings("profile")
    @given(form(fields))
    def profile(data):
        before = User.objects.values_list("nama", "email", "nip", "unit_kerja", "jabatan").get(pk=learner.pk)
        response = ok(client.post("/akun/profil/", data), "profile")
        if response.status_code == 200:
            after = User.objects.values_list("nama", "email", "nip", "unit_kerja", "jabatan").get(pk=learner.pk)
            assert after == before, "a rejected profile form changed the account"

    profile()


# --- Workshops ------------------------------------------------------------------------------------------------------


@pytest.fixture
def workshop_world(site, learner):
    course = CoursePageFactory(parent=site["katalog"])
    fac = facilitator()
    workshop = Workshop.objects.create(course=course, title="Workshop Fuzz", capacity=1000)
    workshop.facilitators.add(fac)
    now = timezone.now()
    session = Session.objects.create(
        workshop=workshop, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=3)
    )
    participant = Participant.objects.create(workshop=workshop, user=learner)
    quiz = make_quiz(slug="pra-fuzz", questions=[make_question("WF1")], shuffle_options=False)
    test = WorkshopTest.objects.create(workshop=workshop, phase=Phase.PRE, form_a=quiz)
    certificate = Certificate.objects.create(
        user=learner, workshop=workshop, holder_name="Peserta", title="Workshop Fuzz", date_text="1 Mei 2025", jp=8
    )
    job = ExportJob.objects.create(workshop=workshop, requested_by=fac, format="csv")
    return {"workshop": workshop, "facilitator": fac, "learner": learner, "session": session,
            "participant": participant, "test": test, "certificate": certificate, "quiz": quiz, "job": job}  # fmt: skip


def test_fuzz_participant_endpoints(client, workshop_world, public_world):
    w = workshop_world
    client.force_login(w["learner"])
    code = w["workshop"].join_code
    case_study = public_world["case_study"]

    @fuzz_settings("join_code")
    @example({"code": "/"})  # found by this test: NoReverseMatch on the redirect (500)
    @given(form(["code"]))
    def join_code(data):
        ok(client.post("/workshop/ikut/", data), "join_code")

    join_code()

    @fuzz_settings("join_url")
    @given(st.one_of(st.just(code), st.text(chars.filter(lambda c: c not in "/\\?#%"), min_size=1, max_size=30)),
           form(["x"]))  # fmt: skip
    def join_url(path_code, data):
        from urllib.parse import quote

        ok(client.post(f"/workshop/ikut/{quote(path_code, safe='')}/", data), "join_url")

    join_url()

    from workshops.attendance import token_for

    token = token_for(w["session"])

    @fuzz_settings("checkin")
    @example("1-0-\x80")  # found by this test: compare_digest TypeError on non-ASCII (500)
    @given(st.one_of(
        st.text(chars.filter(lambda c: c not in "/\\?#"), min_size=1, max_size=80),
        st.builds(lambda a, b, c: f"{a}-{b}-{c}", numbers, numbers, short_text),
        st.just(token).map(lambda t: t[:-1] + "0"),
    ))  # fmt: skip
    def checkin(token_):
        from urllib.parse import quote

        ok(client.get(f"/workshop/hadir/{quote(token_, safe='')}/"), "checkin")

    checkin()

    survey_url = f"/workshop/{w['workshop'].pk}/ikuti/survei/"
    likert = st.one_of(st.sampled_from(["1", "2", "3", "4", "5"]), scalar)
    survey_form = st.one_of(
        st.fixed_dictionaries(
            dict.fromkeys(("relevan", "jelas", "yakin", "sarana"), likert), optional={"comment": scalar}
        ),
        form(["relevan", "jelas", "yakin", "sarana", "comment"]),
    )

    @fuzz_settings("survey")
    @given(survey_form)
    def survey(data):
        before = SurveyResponse.objects.count()
        response = ok(client.post(survey_url, data), "survey")
        if response.status_code == 200:
            assert SurveyResponse.objects.count() == before, "a rejected survey was saved"
        SurveyResponse.objects.filter(participant=w["participant"]).delete()  # keep the form open for the next input

    survey()

    @fuzz_settings("take_test")
    @given(form(["x"]), st.sampled_from([w["test"].pk, 0, 999999]))
    def take_test(data, test_id):
        ok(client.post(f"/workshop/{w['workshop'].pk}/ikuti/tes/{test_id}/", data), "take_test")

    take_test()

    @fuzz_settings("adopt")
    @given(form(["x"]), st.booleans())
    def adopt(data, has_instansi):
        User.objects.filter(pk=w["learner"].pk).update(instansi=Instansi.objects.first() if has_instansi else None)
        ok(client.post(f"/living-lab-aksi/studi-kasus/{case_study.pk}/menerapkan/", data), "adopt")
        Adoption.objects.all().delete()

    adopt()


def test_fuzz_facilitator_endpoints(client, workshop_world):
    w = workshop_world
    workshop, pk = w["workshop"], w["workshop"].pk
    client.force_login(w["facilitator"])
    course_id = str(workshop.course_id)
    plausible_dt = st.one_of(
        st.sampled_from(["2025-05-01T08:00", "2025-05-01T16:00", "2025-05-01 08:00", "01/05/2025 08:00"]), scalar
    )
    session_fields = {
        f"sessions-{n}-{f}": (plausible_dt if f in ("starts_at", "ends_at") else scalar)
        for n in range(3) for f in ("title", "starts_at", "ends_at", "id", "DELETE")
    }  # fmt: skip
    management = {
        "sessions-TOTAL_FORMS": st.one_of(st.sampled_from(["1", "2", "3"]), scalar),
        "sessions-INITIAL_FORMS": st.one_of(st.just("0"), scalar),
        "sessions-MIN_NUM_FORMS": st.one_of(st.just("1"), scalar),
        "sessions-MAX_NUM_FORMS": st.one_of(st.just("1000"), scalar),
    }
    main = {
        "title": st.one_of(st.just("Workshop baru"), scalar), "course": st.one_of(st.just(course_id), scalar),
        "venue": scalar, "online_link": st.one_of(st.just("https://contoh.go.id"), scalar),
        "facilitators": st.one_of(st.just(str(w["facilitator"].pk)), value),
        "capacity": st.one_of(st.just("30"), numbers), "jp": st.one_of(st.just("8"), numbers),
        "min_attendance_percent": st.one_of(st.just("80"), numbers), "min_post_score": st.one_of(st.just("60"), numbers),
    }  # fmt: skip
    workshop_form = st.fixed_dictionaries({}, optional={**main, **management, **session_fields})

    @fuzz_settings("workshop_create")
    @example({"course": "9223372036854775808"})  # found by this test: OverflowError (500)
    @example({"facilitators": "9223372036854775808"})
    @given(workshop_form)
    def create(data):
        before = Workshop.objects.count()
        response = ok(client.post("/workshop/baru/", data), "workshop_create")
        if response.status_code == 200:
            assert Workshop.objects.count() == before, "a rejected workshop form created a workshop"

    create()

    @fuzz_settings("workshop_edit")
    @given(workshop_form)
    def edit(data):
        before = Workshop.objects.values_list("title", "capacity", "jp").get(pk=pk)
        response = ok(client.post(f"/workshop/{pk}/ubah/", data), "workshop_edit")
        if response.status_code == 200:
            assert Workshop.objects.values_list("title", "capacity", "jp").get(pk=pk) == before

    edit()

    participant_key = f"p{w['participant'].pk}"

    @fuzz_settings("mark_attendance")
    @given(st.one_of(form([participant_key]), st.fixed_dictionaries({participant_key: st.one_of(
        st.sampled_from(["hadir", "izin", "sakit", "alpa", "HADIR", ""]), scalar)})))  # fmt: skip
    def mark(data):
        ok(client.post(f"/workshop/{pk}/sesi/{w['session'].pk}/presensi/", data), "mark_attendance")

    mark()

    @fuzz_settings("toggle_test")
    @given(form(["x"]))
    def toggle(data):
        ok(client.post(f"/workshop/{pk}/tes/{w['test'].pk}/buka-tutup/", data), "toggle_test")

    toggle()

    quiz_id = str(w["quiz"].pk)

    @fuzz_settings("test_setup")
    @given(form(["phase", "form_a", "form_b"]).map(dict), st.booleans())
    def test_setup(data, plausible):
        if plausible:
            data.setdefault("phase", "post")
            data.setdefault("form_a", quiz_id)
        before = WorkshopTest.objects.count()
        response = ok(client.post(f"/workshop/{pk}/tes/", data), "test_setup")
        if response.status_code == 200:
            assert WorkshopTest.objects.count() == before, "a rejected test setup was saved"

    test_setup()

    certificate = w["certificate"]

    @fuzz_settings("revoke")
    @given(form(["reason"]))
    def revoke(data):
        response = ok(client.post(f"/workshop/{pk}/sertifikat/{certificate.number}/cabut/", data), "revoke")
        certificate.refresh_from_db()
        if response.status_code == 400:
            assert certificate.revoked_at is None, "a rejected revocation revoked the certificate"
        Certificate.objects.filter(pk=certificate.pk).update(revoked_at=None, revoke_reason="")

    revoke()

    @fuzz_settings("issue")
    @given(form(["x"]))
    def issue(data):
        ok(client.post(f"/workshop/{pk}/sertifikat/terbitkan/", data), "issue")

    issue()

    @fuzz_settings("exports")
    @given(form(["format"]))
    def exports(data):
        before = ExportJob.objects.count()
        ok(client.post(f"/workshop/{pk}/ekspor/", data), "exports")
        fmt = data.get("format")
        if fmt not in ExportJob.Format.values:
            assert ExportJob.objects.count() == before, "an unknown export format created a job"

    exports()

    @fuzz_settings("export_status")
    @given(form(["x"]), st.sampled_from([w["job"].pk, 0, 2**31]))
    def export_status(params, job_id):
        response = ok(client.get(f"/workshop/{pk}/ekspor/{job_id}/status/", params), "export_status")
        if response.status_code == 200:
            json.loads(response.content)

    export_status()

    @fuzz_settings("checkin_screen_json")
    @given(st.one_of(st.just("application/json"), short_text))
    def checkin_screen(accept):
        response = ok(
            client.get(f"/workshop/{pk}/sesi/{w['session'].pk}/qr/", HTTP_ACCEPT=accept), "checkin_screen_json"
        )
        if accept.startswith("application/json"):
            assert "qr" in json.loads(response.content)

    checkin_screen()

    csv_like = st.builds(
        lambda header, rows, sep: (sep.join(header) + "\n" + "\n".join(sep.join(r) for r in rows)).encode("utf-8"),
        st.one_of(st.just(["nip_atau_email", "nama", "instansi"]), st.lists(short_text, max_size=4)),
        st.lists(st.lists(st.one_of(short_text, numbers, st.just("a@contoh.go.id"), st.just("51.03")), max_size=4),
                 max_size=8),
        st.sampled_from([",", ";", "\t"]),
    )  # fmt: skip
    upload = st.tuples(
        st.one_of(csv_like, st.binary(max_size=400), st.just(b"PK\x03\x04garbage")),
        st.sampled_from(["peserta.csv", "peserta.xlsx", "peserta.txt", "x", "../../x.csv", "p.CSV"]),
    )

    @fuzz_settings("import_upload")
    @given(upload, form(["reinvite"]))
    def import_upload(file, data):
        content, name = file
        before = Participant.objects.count()
        payload = {**data, "file": SimpleUploadedFile(name, content)}
        response = ok(client.post(f"/workshop/{pk}/impor/", payload), "import_upload")
        if response.status_code == 400:
            assert Participant.objects.count() == before, "a rejected file enrolled someone"
        Participant.objects.filter(workshop=workshop).exclude(pk=w["participant"].pk).delete()

    import_upload()


def test_zz_total():
    """Runs last in this module: the whole module sent at least 10,000 generated inputs, and how many each."""
    total = sum(TALLY.values())
    lines = "\n".join(f"  {name:22} {TALLY[name]:6} / {BUDGET[name]:<6} {SECONDS[name]:6.1f}s" for name in BUDGET)
    print(
        f"\nFuzz inputs per endpoint (sent / budget, time):\n{lines}\n  total {total} in {time.monotonic() - STARTED:.0f}s"
    )
    if set(TALLY) != set(BUDGET) or SCALE < 1:
        pytest.skip(f"only part of the module ran ({len(TALLY)}/{len(BUDGET)} endpoints)")
    assert total >= TOTAL_REQUIRED
