from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request):
    """Main navigation; fixed URLs, no queries."""
    items = [
        (_("Katalog"), "/katalog/"),
        (_("Kerangka SPBE"), reverse("spbe:framework_list")),
        (_("Kalkulator"), reverse("spbe:calculator")),
        (_("Living Lab"), "/living-lab/"),
    ]
    return {"main_nav": items}
