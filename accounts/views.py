import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from lms.celery import enqueue

from .dashboard import render_panels
from .forms import LoginForm, ProfileForm, SignUpForm
from .models import JPLedgerEntry, Role
from .tasks import send_welcome_email


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:belajar_saya")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            group, _created = Group.objects.get_or_create(name=Role.PESERTA)
            user.groups.add(group)
            enqueue(
                send_welcome_email,
                user.pk,
                request=request,
                failure_message=_(
                    "E-mail selamat datang belum dapat dikirim karena layanan antrean sedang terganggu. "
                    "Akun Anda tetap aktif dan Anda bisa langsung belajar."
                ),
            )
        login(request, user, backend="accounts.backends.EmailOrNipBackend")
        messages.success(request, _("Selamat datang, %(nama)s! Akun Anda sudah aktif.") % {"nama": user.nama})
        return redirect(_safe_next(request, "accounts:belajar_saya"))
    return render(request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Profil tersimpan."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def belajar_saya(request):
    """My learning: the JP ledger for this year and the panels of the learning apps."""
    year = timezone.localdate().year
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    entries = list(JPLedgerEntry.objects.filter(user=request.user, credited_at__gte=start))
    jp_year = sum(e.jp for e in entries)
    target = settings.JP_PER_YEAR_TARGET
    context = {
        "year": year,
        "jp_entries": entries,
        "jp_year": jp_year,
        "jp_target": target,
        "jp_percent": min(100, round(jp_year * 100 / target)) if target else 100,
        "jp_total": JPLedgerEntry.objects.filter(user=request.user).aggregate(total=Sum("jp"))["total"] or 0,
        "panels": render_panels(request),
    }
    return render(request, "accounts/belajar_saya.html", context)
