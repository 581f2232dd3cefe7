from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Akun")


class UsersAdminConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know nama, NIP and instansi."""

    user_viewset = "accounts.viewsets.UserViewSet"
