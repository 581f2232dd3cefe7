from django import forms
from django.utils.translation import gettext_lazy as _

from .calculator import IndexInputError, index_from_levels

LEVEL_CHOICES = [("", "–")] + [(str(n), str(n)) for n in range(1, 6)]


class CalculatorForm(forms.Form):
    """One level field per indicator of a framework; the index is computed on the server."""

    def __init__(self, *args, framework, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.indicators = indicators
        for indicator in indicators:
            self.fields[self.field_name(indicator.number)] = forms.TypedChoiceField(
                label=f"{indicator.number}. {indicator.name}",
                choices=LEVEL_CHOICES,
                coerce=int,
                required=True,
                error_messages={
                    "required": _("Pilih tingkat untuk indikator %(n)s.") % {"n": indicator.number},
                    "invalid_choice": _("Indikator %(n)s: tingkat harus 1 sampai 5.") % {"n": indicator.number},
                },
            )

    @staticmethod
    def field_name(number):
        return f"i{number}"

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        levels = {i.number: cleaned[self.field_name(i.number)] for i in self.indicators}
        try:
            self.result = index_from_levels(self.framework.structure(), levels).rounded()
        except IndexInputError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned

    def rows(self):
        """Indicator with its bound field, for the template."""
        return [(i, self[self.field_name(i.number)]) for i in self.indicators]
