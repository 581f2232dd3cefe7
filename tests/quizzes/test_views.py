from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes.models import Attempt, ItemStatistic, MindsetDimension
from quizzes.services import save_answer, start_attempt, submit_attempt

from ..factories import make_question, make_quiz


@pytest.fixture
def quiz(framework):
    return make_quiz(
        slug="kuis-1",
        questions=[make_question("S1", general_feedback="Penjelasan S1."), make_question("S2", indicator_number=12)],
        shuffle_options=False,
    )


def right(question):
    return question.choices.get(fraction=1).pk


@pytest.mark.django_db
def test_learner_takes_a_quiz_without_javascript(client, quiz, learner):
    client.force_login(learner)
    assert "Mulai kuis" in client.get("/kuis/kuis-1/").content.decode()
    response = client.post("/kuis/kuis-1/mulai/")
    attempt = Attempt.objects.get(user=learner)
    assert response.url == f"/kuis/percobaan/{attempt.pk}/"
    html = client.get(response.url).content.decode()
    assert "Soal 1" in html and "Soal 2" in html
    s1, s2 = [qq.question for qq in quiz.quiz_questions.all()]
    client.post(response.url, {f"q{s1.pk}": right(s1), "save": "1"})
    assert "checked" in client.get(response.url).content.decode()  # saved and shown again after a reload
    response = client.post(
        f"/kuis/percobaan/{attempt.pk}/", {f"q{s2.pk}": s2.choices.get(text="Salah A").pk, "submit": "1"}
    )
    assert response.url == f"/kuis/percobaan/{attempt.pk}/hasil/"
    html = client.get(response.url).content.decode()
    assert "50 %" in html and "Belum lulus" in html
    assert "Penjelasan S1." in html and "Bukan A." in html  # review immediately


@pytest.mark.django_db
def test_autosave_endpoint(client, quiz, learner):
    client.force_login(learner)
    attempt = start_attempt(learner, quiz)
    s1 = quiz.quiz_questions.first().question
    response = client.post(f"/kuis/percobaan/{attempt.pk}/jawab/", {"question": s1.pk, "choice": right(s1)})
    assert response.json()["ok"] is True
    outsider = make_question("X1")
    response = client.post(f"/kuis/percobaan/{attempt.pk}/jawab/", {"question": outsider.pk, "choice": right(outsider)})
    assert response.status_code == 409 and "bukan bagian dari percobaan" in response.json()["error"]
    response = client.post(f"/kuis/percobaan/{attempt.pk}/jawab/", {"question": "abc"})
    assert response.status_code == 400
    submit_attempt(attempt.pk)
    response = client.post(f"/kuis/percobaan/{attempt.pk}/jawab/", {"question": s1.pk, "choice": right(s1)})
    assert response.status_code == 409 and "sudah dikumpulkan" in response.json()["error"]


@pytest.mark.django_db
def test_other_learners_attempts_are_out_of_reach(client, quiz, learner, other_learner):
    attempt = start_attempt(learner, quiz)
    s1 = quiz.quiz_questions.first().question
    client.force_login(other_learner)
    assert client.get(f"/kuis/percobaan/{attempt.pk}/").status_code == 404
    assert (
        client.post(f"/kuis/percobaan/{attempt.pk}/jawab/", {"question": s1.pk, "choice": right(s1)}).status_code == 404
    )
    assert client.post(f"/kuis/percobaan/{attempt.pk}/kumpulkan/").status_code == 404
    submit_attempt(attempt.pk)
    assert client.get(f"/kuis/percobaan/{attempt.pk}/hasil/").status_code == 404
    client.logout()
    assert client.get(f"/kuis/percobaan/{attempt.pk}/hasil/").status_code == 302
    attempt.refresh_from_db()
    assert not attempt.items.filter(answer__isnull=False).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("policy", "closed", "shown"),
    [("immediately", False, True), ("after_close", False, False), ("after_close", True, True), ("never", True, False)],
)
def test_review_policies(client, quiz, learner, policy, closed, shown):
    quiz.review_policy = policy
    quiz.save()
    attempt = start_attempt(learner, quiz)
    submit_attempt(attempt.pk)
    if closed:
        quiz.closes_at = timezone.now() - timedelta(minutes=1)
        quiz.save()
    client.force_login(learner)
    html = client.get(f"/kuis/percobaan/{attempt.pk}/hasil/").content.decode()
    assert "0 %" in html
    assert ("Penjelasan S1." in html) is shown
    assert ("Tepat." in html) is shown


@pytest.mark.django_db
def test_expired_attempt_is_graded_when_reopened(client, quiz, learner):
    quiz.time_limit_minutes = 5
    quiz.save()
    attempt = start_attempt(learner, quiz, now=timezone.now() - timedelta(minutes=10))
    client.force_login(learner)
    response = client.get(f"/kuis/percobaan/{attempt.pk}/", follow=True)
    assert "Waktu habis" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None


@pytest.mark.django_db
def test_mastery_and_mindset_profile_in_belajar_saya(client, quiz, learner):
    s1, s2 = [qq.question for qq in quiz.quiz_questions.all()]
    attempt = start_attempt(learner, quiz)
    save_answer(attempt, s1.pk, [right(s1)])
    submit_attempt(attempt.pk)
    dim = MindsetDimension.objects.create(code="keamanan", name="Keamanan Digital")
    item = make_question("P1", "likert", dimension=dim, options=[])
    profile = make_quiz(slug="profil", questions=[item], kind="mindset")
    for value in (2, 4):
        a = start_attempt(learner, profile)
        save_answer(a, item.pk, likert=value)
        submit_attempt(a.pk)
    client.force_login(learner)
    html = client.get("/akun/belajar-saya/").content.decode()
    assert "1. Kebijakan Internal SPBE" in html and "100 % (n=1)" in html  # S1 right
    assert "2. Tata Kelola SPBE" in html and "0 % (n=1)" in html  # S2 unanswered counts 0
    assert "Penguasaan = rata-rata nilai jawaban terakhir" in html
    assert "<svg" in html and "Keamanan Digital" in html
    assert "+2,00" in html  # the trend: 2 → 4


@pytest.mark.django_db
def test_item_statistics_on_a_known_data_set(framework, django_user_model):
    from quizzes.statistics import item_statistics

    # 10 attempts; question A right in the top 3 only, question B right for everyone
    scores = {n: n * 10 for n in range(10)}
    rows = [("A", n, 1 if n >= 7 else 0) for n in range(10)] + [("B", n, 1) for n in range(10)]
    stats = item_statistics(rows, scores)
    assert stats["A"][0] == 10 and float(stats["A"][1]) == pytest.approx(0.3)
    assert float(stats["A"][2]) == pytest.approx(1.0)  # top 27 % (2 attempts) all right, bottom all wrong
    assert stats["B"][1] == 1 and stats["B"][2] == 0


@pytest.mark.django_db
def test_item_statistics_recomputed_after_submit(quiz, learner, other_learner, django_capture_on_commit_callbacks):
    s1 = quiz.quiz_questions.first().question
    for user, correct in ((learner, True), (other_learner, False)):
        attempt = start_attempt(user, quiz)
        if correct:
            save_answer(attempt, s1.pk, [right(s1)])
        with django_capture_on_commit_callbacks(execute=True):
            submit_attempt(attempt.pk)
    stat = ItemStatistic.objects.get(question=s1)
    assert stat.responses == 2 and float(stat.facility) == 0.5


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_quiz_and_results_pages_constant_queries(client, framework, learner):
    client.force_login(learner)
    counts = []
    for size in (10, 50):
        questions = [make_question(f"Q{size}-{n}", indicator_number=n % 47 + 1) for n in range(size)]
        quiz = make_quiz(slug=f"besar-{size}", questions=questions)
        attempt = start_attempt(learner, quiz)
        for question in questions[::2]:
            save_answer(attempt, question.pk, [right(question)])
        page = count(client, f"/kuis/percobaan/{attempt.pk}/")
        submit_attempt(attempt.pk)
        result = count(client, f"/kuis/percobaan/{attempt.pk}/hasil/")
        belajar = count(client, "/akun/belajar-saya/")
        counts.append((page, result, belajar))
    assert counts[0] == counts[1]
