"""Admin for the JP ledger (read and correct entries; learners see theirs in Belajar Saya)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import JPLedgerEntry


class JPLedgerViewSet(ModelViewSet):
    model = JPLedgerEntry
    icon = "date"
    menu_label = _("Buku JP")
    menu_order = 650
    add_to_settings_menu = False
    list_display = ["user", "description", "jp", "credited_at"]
    search_fields = ["description", "user__nama", "user__email"]
    form_fields = ["user", "source_key", "description", "jp", "credited_at"]


@hooks.register("register_admin_viewset")
def register_jp_ledger_viewset():
    return JPLedgerViewSet("jp_ledger")
