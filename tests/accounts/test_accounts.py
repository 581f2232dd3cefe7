import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from accounts.models import Role
from spbe.models import Instansi

User = get_user_model()


def signup_data(**overrides):
    data = {
        "nama": "I Gede Asn",
        "email": "Gede.Asn@Badungkab.go.id",
        "nip": "198503152010011001",
        "instansi": str(Instansi.objects.get(kode="51.03").pk),
        "unit_kerja": "Dinas Kominfo",
        "jabatan": "Pranata Komputer Ahli Muda",
        "password1": "belajar-spbe-2026!",
        "password2": "belajar-spbe-2026!",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_signup_creates_learner_logs_in_and_sends_welcome(client, spbe_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/daftar/", signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="gede.asn@badungkab.go.id")
    assert user.nip == "198503152010011001"
    assert user.instansi.nama == "Kabupaten Badung"
    assert list(user.groups.values_list("name", flat=True)) == [Role.PESERTA]
    assert client.get("/akun/belajar-saya/").status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["gede.asn@badungkab.go.id"]
    assert "Selamat datang" in mail.outbox[0].subject


@pytest.mark.django_db
def test_signup_errors_are_indonesian_and_keep_input(client, spbe_data, learner):
    data = signup_data(email=learner.email.upper(), nip="198502302010011001", password2="lain")
    response = client.post("/akun/daftar/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "E-mail ini sudah terdaftar" in html
    assert "bukan tanggal lahir yang sah" in html
    assert 'value="Dinas Kominfo"' in html
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("identifier", ["learner.a@contoh.go.id", "LEARNER.A@contoh.go.id", "198503152010011001"])
def test_login_with_email_or_nip(client, learner, password, identifier):
    learner.nip = "198503152010011001"
    learner.save()
    response = client.post("/akun/masuk/", {"username": identifier, "password": password})
    assert response.status_code == 302
    assert response.url == "/akun/belajar-saya/"


@pytest.mark.django_db
def test_wrong_password_message(client, learner):
    response = client.post("/akun/masuk/", {"username": learner.email, "password": "salah"})
    assert "E-mail/NIP atau kata sandi salah" in response.content.decode()


@pytest.mark.django_db
def test_lockout_is_per_user_and_ip_so_a_training_room_is_not_locked_together(client, learner, other_learner, password):
    room = {"REMOTE_ADDR": "10.20.30.40"}
    for _ in range(5):
        client.post("/akun/masuk/", {"username": learner.email, "password": "salah"}, **room)
    locked = client.post("/akun/masuk/", {"username": learner.email, "password": password}, **room)
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    # another participant behind the same IP signs in normally
    response = client.post("/akun/masuk/", {"username": other_learner.email, "password": password}, **room)
    assert response.status_code == 302
    # and the locked learner from another device too
    client.logout()
    response = client.post("/akun/masuk/", {"username": learner.email, "password": password}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302


@pytest.mark.django_db
def test_password_reset_by_email(client, learner):
    response = client.post("/akun/sandi/lupa/", {"email": learner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/akun/sandi/atur/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "sandi-baru-2026!", "new_password2": "sandi-baru-2026!"}
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("sandi-baru-2026!")


@pytest.mark.django_db
def test_profile_edit_and_nip_uniqueness(client, spbe_data, learner, other_learner):
    other_learner.nip = "199012312019032005"
    other_learner.save()
    client.force_login(learner)
    kota = Instansi.objects.get(kode="51.71")
    data = {
        "nama": "Nama Baru",
        "email": learner.email,
        "nip": "",
        "instansi": kota.pk,
        "unit_kerja": "Bappeda",
        "jabatan": "Analis",
    }
    assert client.post("/akun/profil/", data).status_code == 302
    learner.refresh_from_db()
    assert (learner.nama, learner.instansi, learner.nip) == ("Nama Baru", kota, None)
    data["nip"] = "199012312019032005"
    html = client.post("/akun/profil/", data).content.decode()
    assert "NIP ini sudah terdaftar" in html


@pytest.mark.django_db
def test_private_pages_need_login(client):
    for url in ["/akun/belajar-saya/", "/akun/profil/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/akun/masuk/?next=")


@pytest.mark.django_db
def test_roles_exist_after_bootstrap_groups():
    from home.management.commands.bootstrap import ensure_groups

    ensure_groups()
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.ALL)


@pytest.mark.django_db
def test_invited_account_without_password_can_use_forgot_password(client):
    invited = User.objects.create_user(email="diundang@contoh.go.id", nama="Diundang")
    invited.set_unusable_password()
    invited.save()
    client.post("/akun/sandi/lupa/", {"email": "Diundang@contoh.go.id"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["diundang@contoh.go.id"]
