from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from workshops.attendance import CheckInError, check_in, token_for
from workshops.models import Attendance, Participant, Session, Workshop

from ..factories import CoursePageFactory, UserFactory


@pytest.fixture
def setup(site):
    course = CoursePageFactory(parent=site["katalog"], title="Kebijakan Internal SPBE")
    group = Group.objects.get_or_create(name=Role.FASILITATOR)[0]
    fac_a = UserFactory(email="fasilitator.a@contoh.go.id")
    fac_b = UserFactory(email="fasilitator.b@contoh.go.id")
    for user in (fac_a, fac_b):
        user.groups.add(group)
    now = timezone.now()
    workshops = {}
    for key, fac in (("a", fac_a), ("b", fac_b)):
        workshop = Workshop.objects.create(course=course, title=f"Workshop {key.upper()}", capacity=2)
        workshop.facilitators.add(fac)
        Session.objects.create(
            workshop=workshop, title="Hari 1", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=3)
        )
        Session.objects.create(
            workshop=workshop,
            title="Hari 2",
            starts_at=now + timedelta(days=1),
            ends_at=now + timedelta(days=1, hours=4),
        )
        workshops[key] = workshop
    return {"course": course, "fac_a": fac_a, "fac_b": fac_b, **workshops}


@pytest.mark.django_db
def test_facilitator_sees_and_manages_only_their_own(client, setup):
    a, b = setup["a"], setup["b"]
    client.force_login(setup["fac_a"])
    html = client.get("/workshop/").content.decode()
    assert "Workshop A" in html and "Workshop B" not in html
    assert client.get(f"/workshop/{a.pk}/").status_code == 200
    for url in [f"/workshop/{b.pk}/", f"/workshop/{b.pk}/ubah/", f"/workshop/{b.pk}/qr-bergabung.svg",
                f"/workshop/{b.pk}/sesi/{b.sessions.first().pk}/qr/"]:  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(f"/workshop/{b.pk}/sesi/{b.sessions.first().pk}/presensi/", {}).status_code == 404


@pytest.mark.django_db
def test_learners_cannot_reach_facilitator_screens(client, setup, learner):
    client.force_login(learner)
    assert client.get("/workshop/").status_code == 403
    assert client.get(f"/workshop/{setup['a'].pk}/").status_code == 403
    client.logout()
    assert client.get("/workshop/").status_code == 302


@pytest.mark.django_db
def test_facilitator_creates_a_workshop_with_sessions(client, setup):
    client.force_login(setup["fac_a"])
    data = {
        "title": "Bimtek Badung", "course": setup["course"].pk, "venue": "Puspem Badung", "online_link": "",
        "facilitators": [setup["fac_a"].pk], "capacity": "40", "jp": "8", "min_attendance_percent": "80", "min_post_score": "60",
        "sessions-TOTAL_FORMS": "2", "sessions-INITIAL_FORMS": "0", "sessions-MIN_NUM_FORMS": "1", "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-title": "Hari 1", "sessions-0-starts_at": "2026-12-01T08:00", "sessions-0-ends_at": "2026-12-01T16:00",
        "sessions-1-title": "", "sessions-1-starts_at": "", "sessions-1-ends_at": "",
    }  # fmt: skip
    response = client.post("/workshop/baru/", data)
    workshop = Workshop.objects.get(title="Bimtek Badung")
    assert response.url == f"/workshop/{workshop.pk}/"
    assert workshop.sessions.count() == 1 and len(workshop.join_code) == 8
    data.update({"sessions-0-ends_at": "2026-12-01T07:00", "title": "Salah"})
    html = client.post("/workshop/baru/", data).content.decode()
    assert "Sesi harus selesai setelah dimulai." in html
    assert not Workshop.objects.filter(title="Salah").exists()


@pytest.mark.django_db
def test_join_by_code_respects_capacity(client, setup, learner, other_learner):
    workshop = setup["a"]
    response = client.get(f"/workshop/ikut/{workshop.join_code}/")
    assert "Masuk</a> atau" in response.content.decode()
    third = UserFactory(email="ketiga@contoh.go.id")
    for user in (learner, other_learner, third):
        client.force_login(user)
        client.post(f"/workshop/ikut/{workshop.join_code.lower()}/")
    assert set(workshop.participants.values_list("user__email", flat=True)) == {learner.email, other_learner.email}
    html = client.get("/workshop/saya/").content.decode()  # the third user, refused
    assert "Maaf, kuota workshop ini sudah penuh." in html and "<h2>Workshop A</h2>" not in html
    assert client.get("/workshop/ikut/TIDAKADA/").status_code == 404
    client.force_login(learner)
    client.post(f"/workshop/ikut/{workshop.join_code}/")  # twice: still one row
    assert workshop.participants.filter(user=learner).count() == 1


@pytest.mark.django_db
def test_rotating_qr_checkin_rules(setup, learner, other_learner):
    workshop = setup["a"]
    Participant.objects.create(workshop=workshop, user=learner)
    today, tomorrow = workshop.sessions.all()
    now = timezone.now()
    token = token_for(today, now)
    attendance = check_in(learner, token, now)
    assert attendance.status == "hadir" and attendance.method == "qr"
    with pytest.raises(CheckInError, match="sudah tercatat"):
        check_in(learner, token, now)  # replay
    with pytest.raises(CheckInError, match="belum terdaftar"):
        check_in(other_learner, token, now)
    with pytest.raises(CheckInError, match="kedaluwarsa"):
        check_in(learner, token, now + timedelta(minutes=2))
    with pytest.raises(CheckInError, match="tidak sah"):
        check_in(learner, token[:-1] + ("0" if token[-1] != "0" else "1"), now)
    with pytest.raises(CheckInError, match="tidak dikenal"):
        check_in(learner, "bukan-token", now)
    with pytest.raises(CheckInError, match="selama sesi berlangsung"):
        check_in(learner, token_for(tomorrow, now), now)


@pytest.mark.django_db
def test_checkin_page_and_facilitator_marking(client, setup, learner):
    workshop = setup["a"]
    participant = Participant.objects.create(workshop=workshop, user=learner)
    today, tomorrow = workshop.sessions.all()
    client.force_login(learner)
    html = client.get(f"/workshop/hadir/{token_for(today)}/").content.decode()
    assert "Kehadiran tercatat" in html
    response = client.get(f"/workshop/hadir/{token_for(today)}/")
    assert response.status_code == 400 and "sudah tercatat" in response.content.decode()
    client.force_login(setup["fac_a"])
    screen = client.get(f"/workshop/{workshop.pk}/sesi/{today.pk}/qr/", HTTP_ACCEPT="application/json").json()
    assert screen["present"] == 1 and screen["qr"].startswith("<svg")
    client.post(f"/workshop/{workshop.pk}/sesi/{tomorrow.pk}/presensi/", {f"p{participant.pk}": "sakit"})
    assert Attendance.objects.get(session=tomorrow, participant=participant).status == "sakit"
    html = client.get(f"/workshop/{workshop.pk}/").content.decode()
    assert "50%" in html  # hadir 1 of 2 sessions
    client.post(f"/workshop/{workshop.pk}/sesi/{tomorrow.pk}/presensi/", {f"p{participant.pk}": "bukan-status"})
    assert Attendance.objects.get(session=tomorrow, participant=participant).status == "sakit"


@pytest.mark.django_db
def test_dashboard_queries_constant_at_20_and_200(client, setup):
    workshop = setup["a"]
    workshop.capacity = 500
    workshop.save()
    client.force_login(setup["fac_a"])

    def add(n, start):
        for k in range(n):
            user = UserFactory(email=f"p{start + k}@contoh.go.id")
            participant = Participant.objects.create(workshop=workshop, user=user)
            Attendance.objects.create(session=workshop.sessions.first(), participant=participant, method="qr")

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [
        f"/workshop/{workshop.pk}/",
        "/workshop/",
        f"/workshop/{workshop.pk}/sesi/{workshop.sessions.first().pk}/qr/",
    ]
    add(20, 0)
    small = [count(u) for u in urls]
    add(180, 20)
    assert [count(u) for u in urls] == small


@pytest.mark.django_db
def test_my_workshops_shows_each_participants_own_attendance(client, setup, learner):
    workshop = setup["a"]
    participant = Participant.objects.create(workshop=workshop, user=learner)
    today = workshop.sessions.first()
    Attendance.objects.create(session=today, participant=participant, method="qr")
    client.force_login(learner)
    for url in ("/workshop/saya/", "/akun/belajar-saya/"):
        html = client.get(url).content.decode()
        assert "50%" in html, url  # present at 1 of 2 sessions


@pytest.mark.django_db
def test_large_cohort_grid_is_paged_searchable_and_marking_returns_to_the_page(client, setup):
    workshop = setup["a"]
    workshop.capacity = 500
    workshop.save()
    users = [UserFactory(email=f"peserta{n:03d}@contoh.go.id", nama=f"Peserta {n:03d}") for n in range(120)]
    participants = [Participant.objects.create(workshop=workshop, user=u) for u in users]
    today = workshop.sessions.first()
    client.force_login(setup["fac_a"])

    html = client.get(f"/workshop/{workshop.pk}/").content.decode()
    assert "120 / 500 peserta" in html
    assert "Peserta 1–50 dari 120" in html and "Halaman 1 dari 3" in html
    assert "Peserta 000" in html and "Peserta 049" in html and "Peserta 050" not in html
    html = client.get(f"/workshop/{workshop.pk}/?hal=3").content.decode()
    assert "Peserta 101–120 dari 120" in html and "Peserta 119" in html and "Peserta 000" not in html
    html = client.get(f"/workshop/{workshop.pk}/?q=peserta077").content.decode()
    assert "Peserta 077" in html and "Peserta 1–1 dari 1" in html and "Peserta 078" not in html
    html = client.get(f"/workshop/{workshop.pk}/?q=tidak-ada").content.decode()
    assert "Tidak ada peserta yang cocok" in html
    assert client.get(f"/workshop/{workshop.pk}/?hal=999").status_code == 200  # last page, not an error

    response = client.post(
        f"/workshop/{workshop.pk}/sesi/{today.pk}/presensi/",
        {f"p{participants[60].pk}": "izin", "p99999999999999999999999": "hadir", "hal": "2"},
    )
    assert response.status_code == 302 and response.url == f"/workshop/{workshop.pk}/?hal=2"
    assert Attendance.objects.get(session=today, participant=participants[60]).status == "izin"
    assert Attendance.objects.count() == 1
    # Another workshop's participant id in the form changes nothing.
    other = Participant.objects.create(workshop=setup["b"], user=UserFactory(email="lain@contoh.go.id"))
    client.post(f"/workshop/{workshop.pk}/sesi/{today.pk}/presensi/", {f"p{other.pk}": "hadir"})
    assert not Attendance.objects.filter(participant=other).exists()
