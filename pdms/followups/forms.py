"""Forms of the follow-up pages: organizations by code, dates as dd/mm/yyyy; the services
check the rules and their DomainErrors come back onto these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pdms.core.dates import DateField
from pdms.core.forms import CleanTextForm

_INPUT = {"class": "form-control form-control-lg"}


def _date(label) -> forms.DateField:
    return DateField(
        label=label,
        widget=forms.TextInput(attrs={**_INPUT, "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}),
    )


def _text(label, *, required: bool = True, max_length: int = 64) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, widget=forms.TextInput(attrs=_INPUT))


def _area(label, rows: int = 4) -> forms.CharField:
    # Not stripped-and-required here: the service gives the message that names the unit.
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={**_INPUT, "rows": rows}))


class FollowUpForm(CleanTextForm):
    committee = _text(_("Code of the requesting committee"), max_length=32)
    unit = _text(_("Code of the unit asked to report"), max_length=32)
    plan = forms.TypedChoiceField(
        label=_("Plan whose quota the unit lags behind"), required=False, coerce=int, empty_value=None,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    period = forms.ChoiceField(label=_("Period"), required=False, widget=forms.Select(attrs={"class": "form-select form-select-lg"}))
    document_number = _text(_("Document number (e.g. 426-TB/TU)"))
    issued_on = _date(_("Issued on"))
    due_on = _date(_("Report due on"))
    request_text = _area(_("What the unit is asked to review and report"))

    def __init__(self, *args, plans, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "—")] + [(plan.pk, f"{plan.number} · {plan.organization.name}") for plan in plans]
        self.fields["period"].choices = [("", "—"), ("term", _("The whole term of the plan"))] + [(str(y), str(y)) for y in years]


class ReportForm(CleanTextForm):
    as_of = _date(_("Figures as of"))
    text = _area(_("Self-criticism and remediation measures"), rows=8)


class ReturnForm(CleanTextForm):
    reason = _area(_("Reason for returning the report"), rows=3)


class CloseForm(CleanTextForm):
    conclusion = _area(_("Conclusion of the committee"), rows=3)
