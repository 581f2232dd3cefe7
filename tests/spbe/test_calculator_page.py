import pytest


def all_levels(level=3, **overrides):
    data = {f"i{n}": str(level) for n in range(1, 48)}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_form_lists_every_indicator(client, framework):
    response = client.get("/spbe/kalkulator/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<select name="i') == 47
    assert "Kalkulator Indeks SPBE" in html


@pytest.mark.django_db
def test_post_without_javascript_shows_index_and_predikat(client, framework):
    data = all_levels(3, **{f"i{n}": "5" for n in range(1, 11)})
    html = client.post("/spbe/kalkulator/", data).content.decode()
    assert "3,26" in html
    assert "Baik" in html
    assert "Indeks domain" in html and "Kebijakan Internal SPBE" in html


@pytest.mark.django_db
def test_bad_input_is_named_and_choices_kept(client, framework):
    data = all_levels(4)
    del data["i12"]
    data["i30"] = "7"
    response = client.post("/spbe/kalkulator/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Pilih tingkat untuk indikator 12." in html
    assert "Indikator 30: tingkat harus 1 sampai 5." in html
    assert '<option value="4" selected>' in html  # nothing the user entered is lost


@pytest.mark.django_db
def test_json_face_for_the_script(client, framework):
    response = client.post("/spbe/kalkulator/", all_levels(5), HTTP_ACCEPT="application/json")
    assert response.json()["index"] == "5.00"
    assert response.json()["predikat"] == "Memuaskan"
    response = client.post("/spbe/kalkulator/", {"i1": "3"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "Pilih tingkat untuk indikator 2." in " ".join(str(e) for e in response.json()["errors"])
