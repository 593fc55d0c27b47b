"""Forms of the course pages; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pdms.core.forms import CleanTextForm
from pdms.members.forms import DateField

from ..models import CourseKind
from .sources import _reason, _Styled


class CourseForm(_Styled):
    kind = forms.ChoiceField(label=_("Kind of course"), choices=CourseKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    organizer = forms.CharField(label=_("Organizer"), max_length=255, help_text=_("For example the commune's political centre."))
    start_on = DateField(label=_("From"), allow_future=True)
    end_on = DateField(label=_("To"), allow_future=True)
    target_group = forms.CharField(label=_("Target group"), max_length=255, required=False)


class CourseAddForm(CourseForm):
    organization = forms.ModelChoiceField(label=_("Committee keeping the record"), queryset=None, empty_label=None)

    field_order = ["organization", "kind", "title", "organizer", "start_on", "end_on", "target_group"]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = lambda org: f"{org.code} · {org.name}"


class CourseEditForm(CourseForm):
    reason = _reason(_("Reason for the correction"))


class EnrollForm(CleanTextForm):
    person = forms.IntegerField(widget=forms.HiddenInput)


class CompleteForm(_Styled):
    completed_on = DateField(label=_("Completed on"))
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=64, required=False)
    certificate_on = DateField(label=_("Certificate date"), required=False)


class RemoveForm(_Styled):
    reason = _reason(_("Reason"))
