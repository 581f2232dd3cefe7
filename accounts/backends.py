from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .validators import normalise_nip


class EmailOrNipBackend(ModelBackend):
    """Sign in with either the e-mail address or the 18-digit NIP."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        username = (username or kwargs.get(User.USERNAME_FIELD) or "").strip()
        if not username or password is None:
            return None
        nip = normalise_nip(username)
        if nip.isdigit() and len(nip) == 18:
            user = User.objects.filter(nip=nip).first()
        else:
            user = User.objects.filter(email__iexact=username).first()
        if user is None:
            User().set_password(password)  # same cost as a real check, against user enumeration by timing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials):
    """The identifier django-axes counts failures against: e-mail in lower case, or the bare NIP."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    value = normalise_nip(raw.strip())
    return value if value.isdigit() else raw.strip().lower()
