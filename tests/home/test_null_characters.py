"""NUL characters never reach a view: PostgreSQL cannot store them, and no real input contains one."""

import pytest
from django.http import HttpResponse

from home.middleware import StripNullCharactersMiddleware


def seen_by_view(request):
    """What a view would read: GET and POST as lists."""
    request.seen = {"GET": dict(request.GET.lists()), "POST": dict(request.POST.lists())}
    return HttpResponse("ok")


@pytest.mark.parametrize(
    "make",
    [
        lambda rf: rf.get("/cari/", {"q": "arsitektur\x00 spbe", "x\x00": ["a\x00", "b"]}),
        lambda rf: rf.post("/akun/profil/?q=arsitektur%00%20spbe&x%00=a%00&x=b", {"nama": "Ni\x00 Luh"}),  # multipart
        lambda rf: rf.post(
            "/akun/profil/?q=arsitektur%00%20spbe&x=a%00&x=b",
            "nama=Ni%00+Luh",
            content_type="application/x-www-form-urlencoded",
        ),
    ],
    ids=["get", "multipart", "urlencoded"],
)
def test_query_and_form_values_lose_their_nul(rf, make):
    request = make(rf)
    response = StripNullCharactersMiddleware(seen_by_view)(request)
    assert response.status_code == 200
    assert request.seen["GET"] == {"q": ["arsitektur spbe"], "x": ["a", "b"]}
    if request.method == "POST":
        assert request.seen["POST"] == {"nama": ["Ni Luh"]}


@pytest.mark.django_db
def test_pages_answer_normally(client, site):
    response = client.get("/cari/", {"q": "arsitektur\x00 spbe"})
    assert response.status_code == 200
    assert 'value="arsitektur spbe"' in response.content.decode()

    response = client.get("/verifikasi/BSPBE-\x00ABC/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
