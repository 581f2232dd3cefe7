from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from quizzes.services import save_answer, submit_attempt
from workshops.models import Attendance, Participant, Session, SurveyResponse, Workshop, WorkshopTest
from workshops.models import TestPhase as Phase
from workshops.results import cohort_summary, normalised_gain, participant_results
from workshops.testing import close_test, form_for, group_of, indicator_gain, open_test, start_test

from ..factories import CoursePageFactory, UserFactory, make_question, make_quiz


@pytest.fixture
def day(site):
    course = CoursePageFactory(parent=site["katalog"])
    facilitator = UserFactory(email="fasilitator@contoh.go.id")
    facilitator.groups.add(Group.objects.get_or_create(name=Role.FASILITATOR)[0])
    workshop = Workshop.objects.create(course=course, title="Bimtek Hari Ini", capacity=500, min_post_score=60)
    workshop.facilitators.add(facilitator)
    now = timezone.now()
    Session.objects.create(workshop=workshop, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=5))
    q1 = [make_question(f"A{n}", indicator_number=1) for n in range(2)] + [make_question("A9", indicator_number=2)]
    q2 = [make_question(f"B{n}", indicator_number=1) for n in range(2)] + [make_question("B9", indicator_number=2)]
    form_a = make_quiz(slug="bentuk-a", questions=q1, shuffle_options=False)
    form_b = make_quiz(slug="bentuk-b", questions=q2, shuffle_options=False)
    pre = WorkshopTest.objects.create(workshop=workshop, phase=Phase.PRE, form_a=form_a, form_b=form_b)
    post = WorkshopTest.objects.create(workshop=workshop, phase=Phase.POST, form_a=form_a, form_b=form_b)
    return {"workshop": workshop, "facilitator": facilitator, "pre": pre, "post": post, "a": form_a, "b": form_b}


def answer_all(attempt, right_count):
    """Answer every question of an attempt, the first ``right_count`` correctly."""
    for n, item in enumerate(attempt.items.select_related("question")):
        choices = item.question.choices
        choice = choices.get(fraction=1) if n < right_count else choices.filter(fraction=0).first()
        save_answer(attempt, item.question_id, [choice.pk])


def enrol(workshop, n):
    return [
        Participant.objects.create(workshop=workshop, user=UserFactory(email=f"peserta{n}-{k}@contoh.go.id"))
        for k in range(n)
    ]


def test_normalised_gain():
    assert normalised_gain(Decimal(40), Decimal(70)) == Decimal("0.50")
    assert normalised_gain(Decimal(100), Decimal(100)) is None
    assert normalised_gain(None, Decimal(50)) is None
    assert normalised_gain(Decimal(50), Decimal(25)) == Decimal("-0.50")


@pytest.mark.django_db
def test_forms_a_b_split_the_cohort_and_swap(day):
    p1, p2 = enrol(day["workshop"], 2)
    assert (group_of(p1), group_of(p2)) == ("A", "B")
    assert form_for(day["pre"], "A") == day["a"] and form_for(day["post"], "A") == day["b"]
    assert form_for(day["pre"], "B") == day["b"] and form_for(day["post"], "B") == day["a"]


@pytest.mark.django_db
def test_tests_open_only_when_the_facilitator_opens_them_and_closing_grades(day):
    from quizzes.services import QuizError

    (p1,) = enrol(day["workshop"], 1)
    with pytest.raises(QuizError, match="belum dibuka"):
        start_test(p1, day["pre"])
    open_test(day["pre"])
    attempt = start_test(p1, day["pre"])
    assert start_test(p1, day["pre"]) == attempt  # resume, not a second attempt
    answer_all(attempt, 2)
    assert close_test(day["pre"]) == 1
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == Decimal("66.67")


@pytest.mark.django_db
def test_gain_per_participant_indicator_and_cohort_with_n(client, day):
    people = enrol(day["workshop"], 3)
    open_test(day["pre"])
    for p, right in zip(people, (0, 1, 3), strict=True):
        attempt = start_test(p, day["pre"])
        answer_all(attempt, right)
        submit_attempt(attempt.pk)
    close_test(day["pre"])
    open_test(day["post"])
    for p, right in zip(people[:2], (3, 2), strict=True):  # the third never takes the post-test
        attempt = start_test(p, day["post"])
        answer_all(attempt, right)
        submit_attempt(attempt.pk)
    rows = participant_results(day["workshop"])
    by_user = {r["user"].email: r for r in rows}
    first = by_user[people[0].user.email]
    assert (first["pre"], first["post"], first["gain"]) == (Decimal("0.00"), Decimal("100.00"), Decimal("1.00"))
    second = by_user[people[1].user.email]
    assert second["gain"] == normalised_gain(Decimal("33.33"), Decimal("66.67"))
    assert by_user[people[2].user.email]["gain"] is None
    summary = cohort_summary(rows)
    assert (summary["n_pre"], summary["n_post"], summary["n_gain"]) == (3, 2, 2)
    indicators = {row["number"]: row for row in indicator_gain(day["workshop"])}
    assert indicators[1]["n_pre"] == 3 and indicators[1]["n_post"] == 2
    client.force_login(day["facilitator"])
    html = client.get(f"/workshop/{day['workshop'].pk}/tes/").content.decode()
    assert "(n=3)" in html and "(n=2)" in html and "<svg" in html


@pytest.mark.django_db
def test_participants_cannot_see_each_others_results(client, day):
    p1, p2 = enrol(day["workshop"], 2)
    open_test(day["pre"])
    attempt = start_test(p1, day["pre"])
    submit_attempt(attempt.pk)
    client.force_login(p2.user)
    assert client.get(f"/kuis/percobaan/{attempt.pk}/hasil/").status_code == 404
    assert client.get(f"/workshop/{day['workshop'].pk}/tes/").status_code == 403
    outsider = UserFactory(email="luar@contoh.go.id")
    client.force_login(outsider)
    assert client.get(f"/workshop/{day['workshop'].pk}/ikuti/").status_code == 404


@pytest.mark.django_db
def test_survey_once_and_summary(client, day):
    p1, p2 = enrol(day["workshop"], 2)
    for p, rating, comment in ((p1, 5, "<script>alert(1)</script> Bagus"), (p2, 3, "")):
        client.force_login(p.user)
        data = dict.fromkeys(("relevan", "jelas", "yakin", "sarana"), rating)
        data["comment"] = comment
        client.post(f"/workshop/{day['workshop'].pk}/ikuti/survei/", data)
        client.post(f"/workshop/{day['workshop'].pk}/ikuti/survei/", data)
    assert SurveyResponse.objects.count() == 2
    html = client.post(f"/workshop/{day['workshop'].pk}/ikuti/survei/", {}).content.decode()
    assert "sudah tersimpan" in html or SurveyResponse.objects.count() == 2
    client.force_login(day["facilitator"])
    html = client.get(f"/workshop/{day['workshop'].pk}/survei/hasil/").content.decode()
    assert "4.0" in html or "4,0" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bagus" in html and "<script>alert(1)" not in html


@pytest.mark.django_db
def test_live_view_shows_the_room_with_constant_queries(client, day):
    workshop = day["workshop"]
    session = workshop.sessions.first()
    open_test(day["pre"])
    client.force_login(day["facilitator"])

    def populate(n):
        for p in enrol(workshop, n):
            Attendance.objects.create(session=session, participant=p, method="qr")
            attempt = start_test(p, day["pre"])
            answer_all(attempt, 1)
            submit_attempt(attempt.pk)

    def count():
        url = f"/workshop/{workshop.pk}/langsung/?partial=1"
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        return len(ctx.captured_queries), response.content.decode()

    populate(20)
    small, html = count()
    assert "20 / 20" in html and "20 mulai · 20 selesai" in html and "Soal tersulit" in html
    populate(180)
    large, html = count()
    assert "200 / 200" in html
    assert small == large
