import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from workshops.importing import ImportFileError, import_file, send_invitations_task
from workshops.models import Participant, Workshop

from ..factories import CoursePageFactory, UserFactory

User = get_user_model()

NIP_A = "199001012015031001"
NIP_B = "198505052010122002"
NIP_C = "197712312003041001"
NIP_D = "199203152019032001"


@pytest.fixture
def setup(site):
    course = CoursePageFactory(parent=site["katalog"], title="Kebijakan Internal SPBE")
    group = Group.objects.get_or_create(name=Role.FASILITATOR)[0]
    fac_a = UserFactory(email="fasilitator.a@contoh.go.id")
    fac_b = UserFactory(email="fasilitator.b@contoh.go.id")
    for user in (fac_a, fac_b):
        user.groups.add(group)
    a = Workshop.objects.create(course=course, title="Workshop A", capacity=40)
    a.facilitators.add(fac_a)
    b = Workshop.objects.create(course=course, title="Workshop B", capacity=40)
    b.facilitators.add(fac_b)
    return {"fac_a": fac_a, "fac_b": fac_b, "a": a, "b": b}


def csv_file(text, name="peserta.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="peserta.xlsx", text_columns=()):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for column in text_columns:  # NIP typed into a Text-formatted column, as the page advises
        for cell in sheet[column]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def post(client, workshop, upload, **extra):
    return client.post(f"/workshop/{workshop.pk}/impor/", {"file": upload, **extra})


def errors_of(result):
    return {e.line: e.reason for e in result.errors}


@pytest.mark.django_db
def test_csv_import_enrols_existing_users_and_invites_new_ones(client, setup, django_capture_on_commit_callbacks):
    workshop = setup["a"]
    by_nip = UserFactory(email="lama.nip@contoh.go.id", nip=NIP_A, nama="Lama NIP")
    by_email = UserFactory(email="lama.email@contoh.go.id", nama="Lama E-mail")
    text = (
        "NIP_atau_Email,Nama,Instansi\n"
        f"{NIP_A},Lama NIP,51.03\n"
        "LAMA.Email@Contoh.go.id,Lama E-mail,\n"
        "baru.satu@contoh.go.id,Baru Satu,Kabupaten Badung\n"
        "Baru.Dua@Contoh.go.id,Baru Dua,51.71\n"
    )
    client.force_login(setup["fac_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, workshop, csv_file(text))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Akun baru dibuat (undangan dikirim lewat e-mail): 2" in html
    assert "Didaftarkan ke workshop ini: 4" in html and "Sudah terdaftar sebelumnya: 0" in html

    participants = Participant.objects.filter(workshop=workshop)
    assert set(participants.values_list("user__email", flat=True)) == {
        by_nip.email,
        by_email.email,
        "baru.satu@contoh.go.id",
        "baru.dua@contoh.go.id",
    }
    assert set(participants.values_list("source", flat=True)) == {Participant.Source.IMPORT}
    baru = User.objects.get(email="baru.dua@contoh.go.id")
    assert baru.nama == "Baru Dua" and baru.instansi.nama == "Kota Denpasar" and baru.nip is None
    assert baru.groups.filter(name=Role.PESERTA).exists()
    assert User.objects.get(email="baru.satu@contoh.go.id").instansi.kode == "51.03"
    for email in ("baru.satu@contoh.go.id", "baru.dua@contoh.go.id"):
        assert not User.objects.get(email=email).has_usable_password()  # nothing hashed during the import
    assert by_nip.__class__.objects.get(pk=by_nip.pk).has_usable_password()  # existing accounts untouched

    assert sorted(m.to[0] for m in mail.outbox) == ["baru.dua@contoh.go.id", "baru.satu@contoh.go.id"]
    message = next(m for m in mail.outbox if m.to == ["baru.dua@contoh.go.id"])
    assert "Workshop A" in message.subject and "Halo Baru Dua" in message.body
    link = re.search(r"http://\S+", message.body).group(0)
    assert link.startswith("http://127.0.0.1:8000/akun/sandi/atur/")

    # The link opens the set-password form, and the password set there signs the person in.
    client.logout()
    form_page = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    assert "Buat kata sandi baru" in form_page.content.decode() and 'name="new_password1"' in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Sandi-Baru-2025!x", "new_password2": "Sandi-Baru-2025!x"}
    )
    assert done.status_code == 302
    assert User.objects.get(email="baru.dua@contoh.go.id").check_password("Sandi-Baru-2025!x")


@pytest.mark.django_db
def test_xlsx_import_with_separate_columns_and_a_title_row(client, setup, django_capture_on_commit_callbacks):
    workshop = setup["a"]
    existing = UserFactory(email="ada@contoh.go.id", nip=NIP_B)
    rows = [
        ["DAFTAR PESERTA BIMTEK SPBE"],
        [],
        ["NIP", "E-mail", "Nama Lengkap", "INSTANSI"],
        [NIP_B, None, "Sudah Ada", None],
        [NIP_C, "baru@contoh.go.id", "Peserta Baru", 51.71],  # code typed into a number cell
        [float(NIP_D), "angka@contoh.go.id", "NIP Angka", "51.03"],  # Excel stored the NIP as a number
        [None, None, None, None],
        ["", "kedua@contoh.go.id", "Tanpa NIP", "Kota Denpasar"],
    ]
    client.force_login(setup["fac_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, workshop, xlsx_file(rows, text_columns="A"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Akun baru dibuat (undangan dikirim lewat e-mail): 2" in html
    assert set(workshop.participants.values_list("user__email", flat=True)) == {
        existing.email,
        "baru@contoh.go.id",
        "kedua@contoh.go.id",
    }
    baru = User.objects.get(email="baru@contoh.go.id")
    assert baru.nip == NIP_C and baru.instansi.nama == "Kota Denpasar" and not baru.has_usable_password()
    assert "<td>6</td>" in html and "Format kolom NIP sebagai Teks" in html  # line 6, with its reason
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_reimporting_the_same_file_adds_nobody_twice(setup, django_capture_on_commit_callbacks):
    workshop = setup["a"]
    text = f"nip;email;nama;instansi\n{NIP_A};satu@contoh.go.id;Satu;51.03\n;dua@contoh.go.id;Dua;\n"  # ';' as Excel-ID
    with django_capture_on_commit_callbacks(execute=True):
        first = import_file(workshop, csv_file(text))
    assert (first.created, first.enrolled, first.already, first.errors) == (2, 2, 0, [])
    with django_capture_on_commit_callbacks(execute=True):
        second = import_file(workshop, csv_file(text))
    assert (second.created, second.enrolled, second.already, second.errors) == (0, 0, 2, [])
    assert workshop.participants.count() == 2 and User.objects.filter(email__endswith="@contoh.go.id").count() == 4
    assert len(mail.outbox) == 2  # invitations only for the accounts created the first time

    # The same people imported into another workshop are enrolled there, as the existing accounts they now are.
    other = import_file(setup["b"], csv_file(text))
    assert (other.created, other.enrolled) == (0, 2)


@pytest.mark.django_db
def test_bad_rows_are_reported_by_line_and_valid_rows_kept(setup):
    workshop = setup["a"]
    UserFactory(email="punya.nip@contoh.go.id", nip=NIP_C)
    text = "\n".join(
        [
            "nip_atau_email,nama,instansi",
            "benar@contoh.go.id,Benar,51.03",  # 2
            "123456789,Salah NIP,51.03",  # 3
            "tanpa.nama@contoh.go.id,,51.03",  # 4
            "",  # 5: blank, skipped
            "instansi@contoh.go.id,Instansi Asing,99.99",  # 6
            "bukan-email@,Salah Email,",  # 7
            f"{NIP_A},NIP Baru Tanpa Email,",  # 8
            "BENAR@contoh.go.id,Benar Lagi,",  # 9: the same person as line 2
            "1.99001E+17,Excel Ilmiah,",  # 10
            ",Tanpa Identitas,",  # 11
            "benar.juga@contoh.go.id,Benar Juga,Kota Denpasar",  # 12
        ]
    )
    result = import_file(workshop, csv_file(text))
    errors = errors_of(result)
    assert sorted(errors) == [3, 4, 6, 7, 8, 9, 10, 11]
    assert "NIP 123456789 tidak sah" in errors[3]
    assert "Nama wajib diisi" in errors[4]
    assert "Instansi '99.99' tidak dikenal" in errors[6]
    assert "E-mail bukan-email@ tidak sah" in errors[7]
    assert "Isi e-mail agar akun baru dapat dibuat" in errors[8]
    assert "baris 2" in errors[9]
    assert "angka" in errors[10]
    assert "NIP atau e-mail wajib diisi" in errors[11]
    assert (result.created, result.enrolled) == (2, 2)
    assert set(workshop.participants.values_list("user__email", flat=True)) == {
        "benar@contoh.go.id",
        "benar.juga@contoh.go.id",
    }


@pytest.mark.django_db
def test_conflicting_identities_are_refused(setup):
    UserFactory(email="x@contoh.go.id", nip=NIP_A)
    UserFactory(email="y@contoh.go.id", nip=NIP_B)
    text = f"nip,email,nama,instansi\n{NIP_A},y@contoh.go.id,Dua Akun,\n{NIP_C},x@contoh.go.id,NIP Lain,\n"
    result = import_file(setup["a"], csv_file(text))
    errors = errors_of(result)
    assert "dua akun yang berbeda" in errors[2] and "terdaftar dengan NIP lain" in errors[3]
    assert setup["a"].participants.count() == 0


@pytest.mark.django_db
def test_rows_beyond_capacity_are_reported(client, setup, learner, django_capture_on_commit_callbacks):
    workshop = setup["a"]
    workshop.capacity = 3
    workshop.save()
    Participant.objects.create(workshop=workshop, user=learner)
    lines = ["email,nama,instansi", f"{learner.email},{learner.nama},"]
    lines += [f"orang{n}@contoh.go.id,Orang {n}," for n in range(1, 5)]
    client.force_login(setup["fac_a"])
    with django_capture_on_commit_callbacks(execute=True):
        html = post(client, workshop, csv_file("\n".join(lines))).content.decode()
    assert workshop.participants.count() == 3
    assert "Sudah terdaftar sebelumnya: 1" in html and "Baris ditolak: 2" in html
    assert html.count("Kuota workshop penuh (kapasitas 3).") == 2
    assert "<td>5</td>" in html and "<td>6</td>" in html
    assert not User.objects.filter(email__in=["orang3@contoh.go.id", "orang4@contoh.go.id"]).exists()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_only_the_workshops_facilitators_may_import(client, setup, learner):
    b = setup["b"]
    client.force_login(setup["fac_a"])
    assert client.get(f"/workshop/{b.pk}/impor/").status_code == 404
    assert client.get(f"/workshop/{b.pk}/impor/templat-peserta.csv").status_code == 404
    assert post(client, b, csv_file("email,nama,instansi\nx@contoh.go.id,X,\n")).status_code == 404
    assert not b.participants.exists() and not User.objects.filter(email="x@contoh.go.id").exists()
    client.force_login(learner)
    assert client.get(f"/workshop/{setup['a'].pk}/impor/").status_code == 403


@pytest.mark.django_db
def test_page_explains_the_columns_and_offers_a_template(client, setup):
    workshop = setup["a"]
    client.force_login(setup["fac_a"])
    html = client.get(f"/workshop/{workshop.pk}/impor/").content.decode()
    assert "nip_atau_email" in html and 'enctype="multipart/form-data"' in html
    assert "baris yang benar tetap diimpor" in html and "dilaporkan dengan nomor baris dan alasannya" in html
    template = client.get(f"/workshop/{workshop.pk}/impor/templat-peserta.csv")
    assert template["Content-Type"].startswith("text/csv")
    assert template.content.decode("utf-8-sig").strip() == "nip_atau_email,nama,instansi"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("peserta.pdf", b"%PDF-1.4 ..."), "Jenis berkas tidak didukung"),
        (SimpleUploadedFile("peserta.csv", b""), "kosong"),
        (SimpleUploadedFile("peserta.csv", b"\n\n  \n"), "kosong"),
        (SimpleUploadedFile("peserta.xlsx", b"PK\x03\x04 bukan zip yang utuh"), "XLSX tidak dapat dibaca"),
        (SimpleUploadedFile("peserta.xlsx", b"email,nama\n"), "XLSX tidak dapat dibaca"),
        (SimpleUploadedFile("peserta.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "Excel lama"),
        (SimpleUploadedFile("peserta.csv", b"a,b,c\n1,2,3\n"), "Baris judul kolom tidak ditemukan"),
        (SimpleUploadedFile("peserta.csv", b"email,nama\nx@contoh.go.id,X\n"), "Kolom wajib tidak ditemukan: instansi"),
        (SimpleUploadedFile("peserta.csv", b"email,nama,instansi\n"), "tidak berisi baris peserta"),
        (SimpleUploadedFile("peserta.csv", b"email,nama\x00,instansi\n"), "bukan CSV"),
    ],
    ids=[
        "pdf",
        "empty",
        "blank",
        "corrupt-xlsx",
        "csv-as-xlsx",
        "xls",
        "no-header",
        "missing-column",
        "no-rows",
        "nul",
    ],
)
def test_unusable_files_get_a_clear_message(client, setup, upload, message):
    client.force_login(setup["fac_a"])
    response = post(client, setup["a"], upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not setup["a"].participants.exists()


@pytest.mark.django_db
def test_posting_without_a_file_asks_for_one(client, setup):
    client.force_login(setup["fac_a"])
    response = client.post(f"/workshop/{setup['a'].pk}/impor/", {})
    assert response.status_code == 400 and 'class="errorlist"' in response.content.decode()


def test_too_many_rows_are_refused_as_a_whole(db, monkeypatch):
    monkeypatch.setattr("workshops.importing.MAX_ROWS", 2)
    text = "email,nama,instansi\na@contoh.go.id,A,\nb@contoh.go.id,B,\nc@contoh.go.id,C,\n"
    with pytest.raises(ImportFileError, match="lebih dari 2 baris"):
        import_file(Workshop(pk=1), csv_file(text))


def test_an_empty_xlsx_is_refused(db):
    with pytest.raises(ImportFileError, match="Baris judul kolom"):
        import_file(Workshop(pk=1), xlsx_file([]))


@pytest.mark.django_db
def test_import_queries_do_not_grow_with_rows(setup):
    def count(workshop, start, n):
        Workshop.objects.filter(pk=workshop.pk).update(capacity=1000)
        existing = [UserFactory(email=f"lama{start + k}@contoh.go.id") for k in range(n)]
        lines = ["email,nama,instansi"]
        lines += [f"{u.email},Lama,51.03" for u in existing]
        lines += [f"baru{start + k}@contoh.go.id,Baru {k},Kota Denpasar" for k in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            result = import_file(workshop, csv_file("\n".join(lines)))
        assert (result.created, result.enrolled, result.errors) == (n, 2 * n, [])
        return len(ctx.captured_queries)

    Group.objects.get_or_create(name=Role.PESERTA)  # as on any site that has had a sign-up
    assert count(setup["a"], 0, 5) == count(setup["b"], 100, 25)


@pytest.mark.django_db
def test_invitations_go_only_to_accounts_not_yet_in_use(setup, django_capture_on_commit_callbacks):
    text = "email,nama,instansi\nsatu@contoh.go.id,Satu,\ndua@contoh.go.id,Dua,\n"
    with django_capture_on_commit_callbacks(execute=True):
        result = import_file(setup["a"], csv_file(text))
    assert len(mail.outbox) == 2
    satu = User.objects.get(email="satu@contoh.go.id")
    satu.set_password("Sandi-Baru-2025!x")
    satu.save()
    mail.outbox.clear()
    assert send_invitations_task(result.invited_user_ids + [999_999]) == 1  # a retried task; a deleted user
    assert [m.to for m in mail.outbox] == [["dua@contoh.go.id"]]

    # On request, a re-import invites again the people in the file whose account is still unused.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = import_file(setup["a"], csv_file(text), reinvite=True)
    assert (again.already, again.reinvited) == (2, 1) and [m.to for m in mail.outbox] == [["dua@contoh.go.id"]]
