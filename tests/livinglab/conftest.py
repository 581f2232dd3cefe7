import pytest
from django.contrib.auth.models import Group

from accounts.models import Role
from livinglab.models import CaseStudyPage
from livinglab.permissions import VERIFIER, ensure_living_lab, ensure_region
from spbe.models import Indicator, Instansi

from ..factories import UserFactory


@pytest.fixture
def lab(site):
    index = ensure_living_lab(site["home"])
    badung = Instansi.objects.get(kode="51.03")
    gianyar = Instansi.objects.get(kode="51.04")
    region_x, _ = ensure_region(badung, index)
    region_y, _ = ensure_region(gianyar, index)

    def user(email, role, instansi=None, staff=True):
        account = UserFactory(email=email, instansi=instansi, is_staff=staff)
        account.groups.add(Group.objects.get(name=role))
        return account

    return {
        "index": index,
        "region_x": region_x,
        "region_y": region_y,
        "contributor_x": user("kontributor.x@contoh.go.id", Role.KONTRIBUTOR, badung),
        "contributor_y": user("kontributor.y@contoh.go.id", Role.KONTRIBUTOR, gianyar),
        "verifier": user("verifikator@contoh.go.id", VERIFIER),
        "curator": user("kurator@contoh.go.id", Role.KURATOR),
    }


def make_case_study(region, title="Praktik baik", publish=False, user=None, **fields):
    indicator_numbers = fields.pop("indicator_numbers", [18])
    defaults = {
        "title": title,
        "instansi": region.instansi,
        "year": 2024,
        "summary": "Ringkasan.",
        "practice": "## Konteks\nIsi.",
        "responsible_unit": "Diskominfo",
        "sources": "Sumber A",
    }
    defaults.update(fields)
    page = CaseStudyPage(**defaults)
    page.indicators = list(Indicator.objects.filter(framework__code="spbe-2020", number__in=indicator_numbers))
    region.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish()
    else:
        page.unpublish() if page.live else None
    return CaseStudyPage.objects.get(pk=page.pk)
