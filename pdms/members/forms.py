"""Forms of the member pages. They check what a user can fix on the spot (dates written
as dd/mm/yyyy and not in the future, one of two alternatives filled in, an organization
code that exists); the services check the membership rules, and their DomainErrors come
back onto these forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pdms.accounts.scope import Scope
from pdms.core import dates
from pdms.core.dates import format_date, today
from pdms.core.forms import CleanTextForm
from pdms.core.vntext import split_full_name

from .models import Sex, Status
from .page_selectors import active_organization_by_code, writable_organization
from .services import PersonData


class DateField(dates.DateField):
    """A dd/mm/yyyy date that, unless ``allow_future``, may not be after today."""

    def __init__(self, *, allow_future: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.allow_future = allow_future

    def validate(self, value):
        super().validate(value)
        if value and not self.allow_future and value > today():
            raise ValidationError(_("The date %(date)s is in the future."), params={"date": format_date(value)}, code="future")


class StyledForm(CleanTextForm):
    """Gives widgets the Bootstrap classes the shared templates expect."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def add_error(self, field, error):
        super().add_error(field, error)
        if field in self.fields and "is-invalid" not in self.fields[field].widget.attrs.get("class", ""):
            widget = self.fields[field].widget
            widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


def _reason(label) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


def _text(label, *, max_length: int = 64) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=max_length)


class PersonForm(StyledForm):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, help_text=_("Family name first, as on the citizen ID card.")
    )
    birth_date = DateField(label=_("Date of birth"))
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices])
    citizen_id = forms.CharField(
        label=_("Citizen ID number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    ethnicity = _text(_("Ethnicity"))
    religion = _text(_("Religion"))
    hometown = _text(_("Hometown"), max_length=255)
    education = _text(_("Education"), max_length=128)

    def person_data(self, *, citizen_id: str | None = None) -> PersonData:
        data = self.cleaned_data
        family, middle, given = split_full_name(data["full_name"])
        return PersonData(
            family_name=family,
            middle_name=middle,
            given_name=given,
            birth_date=data["birth_date"],
            sex=data["sex"],
            citizen_id=citizen_id if citizen_id is not None else data["citizen_id"],
            ethnicity=data["ethnicity"].strip(),
            religion=data["religion"].strip(),
            hometown=data["hometown"].strip(),
            education=data.get("education", "").strip(),
        )


class RegisterForm(PersonForm):
    organization = forms.CharField(
        label=_("Organization (code)"),
        max_length=32,
        widget=forms.TextInput(attrs={"list": "writable-orgs", "autocomplete": "off"}),
    )
    admitted_on = DateField(label=_("Admission decision date"))
    ceremony_on = DateField(label=_("Admission ceremony date"), required=False)
    recognized_on = DateField(
        label=_("Date recognized as a full member"), required=False, help_text=_("Leave blank for a probationary member.")
    )
    card_number = forms.CharField(label=_("Party card number"), max_length=32, required=False)
    reason = _reason(_("Note (e.g. the records the data comes from)"))

    field_order = ["organization", "full_name", "birth_date", "sex", "citizen_id"]

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope

    def clean_organization(self):
        code = self.cleaned_data["organization"]
        org = writable_organization(self.scope, code=code)
        if org is None:
            raise ValidationError(
                _("You may not register members in an organization with the code %(code)s."), params={"code": code}
            )
        return org


class EditPersonForm(PersonForm):
    reason = _reason(_("Reason for the correction"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The current number is never put into the page; leaving the field blank keeps it.
        self.fields["citizen_id"].required = False
        self.fields["citizen_id"].help_text = _("Leave blank to keep the current number.")


class RecognizeForm(StyledForm):
    on = DateField(label=_("Date recognized as a full member"))
    reason = _reason(_("Recognition decision (number, date)"))


class TransferForm(StyledForm):
    on = DateField(label=_("Transfer date"))
    destination = forms.CharField(label=_("To an organization in the system (code)"), max_length=32, required=False)
    destination_name = forms.CharField(label=_("Or to an organization outside the system (name)"), max_length=255, required=False)
    reason = _reason(_("Reason and transfer letter (number, date)"))

    def clean(self):
        data = super().clean()
        code, name = data.get("destination", "").strip(), data.get("destination_name", "").strip()
        if bool(code) == bool(name):
            raise ValidationError(_("Give either the code of an organization in the system or the name of one outside it."))
        if code:
            data["destination"] = active_organization_by_code(code)
            if data["destination"] is None:
                self.add_error("destination", _("No active organization has the code %(code)s.") % {"code": code})
        else:
            data["destination"] = None
        return data


class ReceiveForm(StyledForm):
    on = DateField(label=_("Date received"))
    reason = _reason(_("Note"))


class TemporaryTransferForm(StyledForm):
    host = forms.CharField(label=_("Host organization in the system (code)"), max_length=32, required=False)
    host_name = forms.CharField(label=_("Or host organization outside the system (name)"), max_length=255, required=False)
    start_on = DateField(label=_("From"))
    end_on = DateField(label=_("To"), allow_future=True)
    reason = _reason(_("Reason and letter (number, date)"))

    def clean(self):
        data = super().clean()
        code, name = data.get("host", "").strip(), data.get("host_name", "").strip()
        if bool(code) == bool(name):
            raise ValidationError(_("Give either the code of a host organization in the system or the name of one outside it."))
        if code:
            data["host"] = active_organization_by_code(code)
            if data["host"] is None:
                self.add_error("host", _("No active organization has the code %(code)s.") % {"code": code})
        else:
            data["host"] = None
        return data


# Leaving the Party; a death is recorded with its own form.
ENDINGS = [
    (Status.REMOVED, _("Removed from the rolls")),
    (Status.EXPELLED, _("Expelled")),
]


class EndForm(StyledForm):
    status = forms.ChoiceField(label=_("How the membership ends"), choices=ENDINGS)
    on = DateField(label=_("Date"))
    reason = _reason(_("Reason and decision (number, date)"))


class DeathForm(StyledForm):
    on = DateField(label=_("Date of death"))
    reason = _reason(_("Note (e.g. the death certificate or the family's notice)"))
