"""Everything `make run` needs after migrate: framework, instansi, site tree, content, demo accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from accounts.models import Role
from courses.models import CourseIndexPage
from home.models import HomePage
from spbe.models import Instansi

DEMO_PASSWORD = "bimtek-demo-2026"
DEMO_ACCOUNTS = [
    # email, nama, role, staff, superuser, instansi kode
    ("peserta@demo.bimtek.id", "Ni Luh Putu Demo", Role.PESERTA, False, False, "51.03"),
    ("fasilitator@demo.bimtek.id", "Made Fasilitator Demo", Role.FASILITATOR, False, False, "51"),
    ("kontributor@demo.bimtek.id", "Kadek Kontributor Demo", Role.KONTRIBUTOR, True, False, "51.03"),
    ("verifikator@demo.bimtek.id", "Nyoman Verifikator Demo", "Verifikator Provinsi", True, False, "51"),
    ("kurator@demo.bimtek.id", "Komang Kurator Demo", Role.KURATOR, True, False, "51"),
    ("admin@demo.bimtek.id", "Wayan Administrator Demo", Role.ADMINISTRATOR, True, True, "51"),
]

HOME_LEAD = (
    "Bimtek SPBE membantu ASN membaca setiap indikator evaluasi SPBE dengan tepat: apa yang dinilai, "
    "apa beda tiap tingkat kematangan, dan bukti apa yang diterima asesor. Belajar mandiri dari ponsel, "
    "catat JP Anda, dan hitung indeks instansi dengan kalkulator."
)


def tree_root():
    """Wagtail's root node and default locale (created by its migrations; recreated after a database flush)."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def ensure_site_tree():
    """HomePage at the root with the default Site pointing at it, and the Katalog below it."""
    root = tree_root()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Bimtek SPBE", slug="beranda", lead=HOME_LEAD))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Bimtek SPBE"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Bimtek SPBE"
        site.save()
    # Wagtail's default welcome page, if still there, is replaced by ours.
    Page.objects.filter(depth=2, content_type__model="page", slug="home").delete()
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(
                title="Katalog Bimtek",
                slug="katalog",
                intro="Pilih kursus, pelajari modulnya dari ponsel atau komputer, dan tandai selesai untuk mencatat JP.",
            )
        )
        index.save_revision().publish()
    return home, index


def ensure_groups():
    from livinglab.permissions import VERIFIER

    return {name: Group.objects.get_or_create(name=name)[0] for name in [*Role.ALL, VERIFIER]}


def ensure_demo_accounts(groups):
    User = get_user_model()
    created = []
    for email, nama, role, staff, superuser, kode in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                nama=nama,
                is_staff=staff,
                is_superuser=superuser,
                instansi=Instansi.objects.filter(kode=kode).first(),
            )
            created.append(email)
        user.groups.add(groups[role])
        if role == Role.KONTRIBUTOR:
            from livinglab.permissions import assign_contributor

            assign_contributor(user)
    return created


class Command(BaseCommand):
    help = "Siapkan platform: kerangka SPBE, instansi, halaman, konten, dan (dengan --demo) akun demo."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Buat satu akun demo per peran.")

    def handle(self, *args, demo=False, **options):
        call_command("load_spbe", stdout=self.stdout)
        with transaction.atomic():
            ensure_site_tree()
            groups = ensure_groups()
        call_command("load_content", stdout=self.stdout)
        if demo:
            created = ensure_demo_accounts(groups)
            self.stdout.write(f"Akun demo: {len(created)} dibuat (kata sandi: {DEMO_PASSWORD}).")
            from workshops.demo import ensure_demo_workshop

            workshop = ensure_demo_workshop()
            self.stdout.write(f"Workshop contoh: {workshop.title if workshop else 'tidak dibuat'}.")
