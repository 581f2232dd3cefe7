from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from spbe.models import Instansi

from .validators import normalise_nip

User = get_user_model()
PROFILE_FIELDS = ["nama", "nip", "instansi", "unit_kerja", "jabatan"]


class InstansiChoiceField(forms.ModelChoiceField):
    """Instansi grouped by province, so a 552-entry list stays usable."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Instansi.objects.select_related("provinsi").order_by("kode", "nama"),
            required=False,
            label=_("Instansi"),
            empty_label=_("— pilih instansi —"),
            **kwargs,
        )

    def label_from_instance(self, obj):
        if obj.jenis == Instansi.Jenis.PUSAT:
            return f"{obj.nama} (Instansi Pusat)"
        if obj.provinsi_id:
            return f"{obj.nama} — {obj.provinsi.nama.removeprefix('Provinsi ')}"
        return obj.nama


class ProfileFieldsMixin:
    def clean_nip(self):
        nip = normalise_nip(self.cleaned_data.get("nip") or "")
        if not nip:
            return None
        if User.objects.exclude(pk=self.instance.pk).filter(nip=nip).exists():
            raise forms.ValidationError(_("NIP ini sudah terdaftar. Masuk dengan NIP tersebut atau hubungi admin."))
        return nip

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.exclude(pk=self.instance.pk).filter(email__iexact=email).exists():
            raise forms.ValidationError(_("E-mail ini sudah terdaftar. Silakan masuk atau atur ulang kata sandi."))
        return email


class SignUpForm(ProfileFieldsMixin, auth_forms.BaseUserCreationForm):
    instansi = InstansiChoiceField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Kata sandi")
        self.fields["password2"].label = _("Konfirmasi kata sandi")
        self.fields["password2"].help_text = _("Ketik ulang kata sandi yang sama.")

    class Meta:
        model = User
        fields = ["nama", "email", "nip", "instansi", "unit_kerja", "jabatan"]
        labels = {"email": _("E-mail")}
        help_texts = {"email": _("Dipakai untuk masuk dan mengatur ulang kata sandi.")}


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    instansi = InstansiChoiceField()

    class Meta:
        model = User
        fields = ["nama", "email", "nip", "instansi", "unit_kerja", "jabatan"]


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail atau NIP"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("E-mail/NIP atau kata sandi salah. Periksa kembali, lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif."),
    }


class AdminUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PROFILE_FIELDS)


class AdminUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PROFILE_FIELDS)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Also reaches accounts created by a facilitator's import (no usable password yet), so a participant
    whose invitation link expired can still set a password through "Lupa kata sandi"."""

    def get_users(self, email):
        return User._default_manager.filter(email__iexact=email, is_active=True)
