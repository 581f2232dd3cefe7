from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Adoption, CaseStudyPage


@require_POST
@login_required
def adopt(request, page_id):
    """ "Kami menerapkan ini": once per instansi, recorded by a signed-in member of it."""
    page = get_object_or_404(CaseStudyPage.objects.live().public(), pk=page_id)
    if not request.user.instansi_id:
        messages.error(request, _("Lengkapi instansi di profil Anda terlebih dahulu."))
        return redirect(page.url)
    try:
        with transaction.atomic():
            Adoption.objects.create(case_study=page, instansi_id=request.user.instansi_id, recorded_by=request.user)
    except IntegrityError:
        messages.info(request, _("Instansi Anda sudah tercatat menerapkan praktik ini."))
    else:
        messages.success(
            request, _("Tercatat: %(instansi)s menerapkan praktik ini.") % {"instansi": request.user.instansi}
        )
    return redirect(page.url)
