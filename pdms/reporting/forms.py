"""The form asking for a summary report: the organization by code, a plan of the user's
scope, the period, the as-of day (dd/mm/yyyy) and the file format."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pdms.core.dates import DateField
from pdms.core.forms import CleanTextForm
from pdms.core.widgets import OrganizationPicker

from .models import ReportFormat


class SummaryForm(CleanTextForm):
    organization = forms.CharField(
        label=_("Organization code"), max_length=32,
        widget=OrganizationPicker(attrs={"class": "form-control form-control-lg"}),
    )
    plan = forms.TypedChoiceField(label=_("Plan"), coerce=int, widget=forms.Select(attrs={"class": "form-select form-select-lg"}))
    period = forms.ChoiceField(
        label=_("Period"), initial="term", help_text=_("The whole term of the plan, or one year of it"),
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    as_of = DateField(
        label=_("As of"),
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "class": "form-control form-control-lg"}),
    )
    format = forms.ChoiceField(label=_("File format"), choices=ReportFormat.choices, initial=ReportFormat.XLSX, widget=forms.RadioSelect)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(plan.pk, f"{plan.number} – {plan.title}") for plan in plans]
        # Every year of the plans' terms; the service refuses a year outside the chosen plan's.
        years = sorted({year for plan in plans for year in range(plan.term_start.year, plan.term_end.year + 1)})
        self.fields["period"].choices = [("term", _("The whole term"))] + [(str(year), str(year)) for year in years]
