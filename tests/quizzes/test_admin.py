import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from quizzes.models import Question

from ..factories import make_question


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser(email="admin@contoh.go.id", password="x", nama="Admin")


@pytest.mark.django_db
def test_authoring_screens(client, framework, admin):
    question = make_question("S1", stem="Apa yang **dinilai**?")
    client.force_login(admin)
    listing = client.get("/admin/snippets/quizzes/question/?qtype=single")
    assert listing.status_code == 200 and "S1" in listing.content.decode()
    assert client.get(f"/admin/snippets/quizzes/question/edit/{question.pk}/").status_code == 200
    assert client.get("/admin/snippets/quizzes/quiz/").status_code == 200
    assert client.get("/admin/kuis/analisis-butir/").status_code == 200
    export = client.get("/admin/kuis/ekspor/?format=gift")
    assert "::S1::" in export.content.decode()


@pytest.mark.django_db
def test_admin_import_reports_errors_and_saves_nothing(client, framework, admin):
    client.force_login(admin)
    bad = SimpleUploadedFile(
        "b.gift", b"$CATEGORY: x/Indikator 3\n\n::A:: ok {=a ~b}\n\n::B:: rusak {=a ~b\n", "text/plain"
    )
    response = client.post("/admin/kuis/impor/", {"file": bad, "format": "gift"}, follow=True)
    html = response.content.decode()
    assert "Baris 5" in html and "Tidak ada soal yang diimpor" in html
    assert not Question.objects.exists()
    good = SimpleUploadedFile("g.gift", b"$CATEGORY: x/Indikator 3\n\n::A:: ok {=a ~b}\n", "text/plain")
    client.post("/admin/kuis/impor/", {"file": good, "format": "gift"})
    assert Question.objects.get(code="A").indicator.number == 3


@pytest.mark.django_db
def test_learners_cannot_author(client, learner):
    client.force_login(learner)
    for url in ["/admin/kuis/analisis-butir/", "/admin/kuis/ekspor/"]:
        assert client.get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_question_preview_renders_markdown(client, framework, admin):
    question = make_question("S2", stem="Apa yang **dinilai**?", general_feedback="Karena *bukti*.")
    client.force_login(admin)
    edit = client.get(f"/admin/snippets/quizzes/question/edit/{question.pk}/").content.decode()
    assert "preview" in edit
    html = Question.objects.get(pk=question.pk).serve_preview(RequestFactory().get("/"), "default").render()
    html = html.content.decode()
    assert "<strong>dinilai</strong>" in html and "<em>bukti</em>" in html and "Tepat." in html
