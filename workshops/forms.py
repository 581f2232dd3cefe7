import re

from django import forms
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

from .models import Session, Workshop


class RangeSafeChoiceMixin:
    """An id beyond the database's integer range (e.g. 9223372036854775808) is an unknown choice. Django
    does not check the range for these lookups (through the course's page pointer, and ``pk__in``), so
    such an id raised OverflowError: a server error instead of a form error."""

    def clean(self, value):
        try:
            return super().clean(value)
        except OverflowError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "…"}
            ) from None


class CourseChoiceField(RangeSafeChoiceMixin, forms.ModelChoiceField):
    pass


class FacilitatorsField(RangeSafeChoiceMixin, forms.ModelMultipleChoiceField):
    pass


class WorkshopForm(forms.ModelForm):
    online_link = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https")

    class Meta:
        model = Workshop
        fields = [
            "title",
            "course",
            "venue",
            "online_link",
            "facilitators",
            "capacity",
            "jp",
            "min_attendance_percent",
            "min_post_score",
        ]
        widgets = {"facilitators": forms.CheckboxSelectMultiple}
        field_classes = {"course": CourseChoiceField, "facilitators": FacilitatorsField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = (
            get_user_model().objects.filter(groups__name=Role.FASILITATOR).order_by("nama")
        )
        from courses.models import CoursePage

        self.fields["course"].queryset = CoursePage.objects.live().order_by("path")

    def clean_min_attendance_percent(self):
        value = self.cleaned_data["min_attendance_percent"]
        if value > 100:
            raise forms.ValidationError(_("Persentase paling besar 100."))
        return value

    def clean_min_post_score(self):
        value = self.cleaned_data["min_post_score"]
        if value > 100:
            raise forms.ValidationError(_("Nilai paling besar 100."))
        return value


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "starts_at", "ends_at"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            raise forms.ValidationError(_("Sesi harus selesai setelah dimulai."))
        return cleaned


SessionFormSet = inlineformset_factory(
    Workshop, Session, form=SessionForm, extra=2, can_delete=True, min_num=1, validate_min=True
)


class JoinCodeForm(forms.Form):
    code = forms.CharField(label=_("Kode workshop"), max_length=12)

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper().replace(" ", "")
        # The code goes into the join URL: a "/" in it made the redirect fail (NoReverseMatch, a server error).
        if not re.fullmatch(r"[A-Z0-9]+", code):
            raise forms.ValidationError(_("Kode workshop hanya berisi huruf dan angka."))
        return code
