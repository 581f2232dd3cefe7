"""Admin for the framework data and the Instansi reference (Wagtail viewsets)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import Framework, Indicator, Instansi


class FrameworkViewSet(ModelViewSet):
    model = Framework
    icon = "list-ul"
    menu_label = _("Kerangka evaluasi")
    list_display = ["label", "code", "is_verified", "years"]
    list_filter = ["is_verified"]
    form_fields = ["label", "name", "regulation", "years", "note", "is_verified", "sort_order"]
    inspect_view_enabled = True


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    icon = "tasks"
    menu_label = _("Indikator")
    list_display = ["number", "name", "framework", "weight", "scale"]
    list_filter = ["framework"]
    search_fields = ["name"]
    form_fields = ["name", "purpose", "levels", "evidence", "related_regulations", "notes"]
    inspect_view_enabled = True


class InstansiViewSet(ModelViewSet):
    model = Instansi
    icon = "site"
    menu_label = _("Instansi")
    list_display = ["nama", "kode", "jenis", "provinsi"]
    list_filter = ["jenis"]
    search_fields = ["nama", "kode"]
    form_fields = ["nama", "jenis", "kode", "provinsi"]


class SpbeViewSetGroup(ModelViewSetGroup):
    menu_label = _("Kerangka SPBE")
    menu_icon = "list-ul"
    menu_order = 300
    items = (FrameworkViewSet("frameworks"), IndicatorViewSet("indicators"), InstansiViewSet("instansi"))


@hooks.register("register_admin_viewset")
def register_spbe_viewsets():
    return SpbeViewSetGroup()
