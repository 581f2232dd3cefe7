from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Akun")


class UsersAdminConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know nama, NIP and instansi."""

    user_viewset = "accounts.viewsets.UserViewSet"
