"""Forms of the plan pages: dates as dd/mm/yyyy, units chosen among the plan's subtree;
the services check the rules and their DomainErrors come back onto these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pdms.core.dates import DateField
from pdms.core.forms import CleanTextForm

from .models import QuotaKind


def _date(label, *, required: bool = True) -> forms.DateField:
    return DateField(
        label=label, required=required,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "class": "form-control form-control-lg"}),
    )


def _text(label, *, required: bool = True, max_length: int = 255) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}))


class PlanForm(CleanTextForm):
    organization = _text(_("Code of the issuing committee"), max_length=32)
    number = _text(_("Number (e.g. 09-KH/TU)"), max_length=64)
    title = _text(pgettext_lazy("plan", "Title"))
    issued_on = _date(_("Issued on"))
    term_start = _date(_("Term start"))
    term_end = _date(_("Term end"))


class QuotaForm(CleanTextForm):
    organization = forms.TypedChoiceField(label=_("Organization"), coerce=int, widget=forms.Select(attrs={"class": "form-select form-select-lg"}))
    period = forms.ChoiceField(label=_("Period"), widget=forms.Select(attrs={"class": "form-select form-select-lg"}))
    kind = forms.ChoiceField(label=_("Kind of quota"), choices=QuotaKind.choices, widget=forms.RadioSelect)
    value = forms.DecimalField(label=_("Value (admissions, or percent of the membership)"), min_value=0, max_digits=10, decimal_places=2,
                               widget=forms.NumberInput(attrs={"class": "form-control form-control-lg", "step": "0.01"}))
    reference_on = _date(_("Membership reference date (for a percentage)"), required=False)
    decision = _text(_("Decision (e.g. Nghị quyết 15-NQ/TU)"), required=False, max_length=128)
    decided_on = _date(_("Decided on"))
    reason = forms.CharField(label=_("Reason (required for an adjustment)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-lg"}))

    def __init__(self, *args, organizations, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(org.pk, name) for org, name in organizations]
        self.fields["period"].choices = periods
