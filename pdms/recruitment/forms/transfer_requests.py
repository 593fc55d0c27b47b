"""Forms of the transfer request pages: asking by citizen ID, and answering."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pdms.members.forms import StyledForm


class TransferRequestForm(StyledForm):
    citizen_id = forms.CharField(
        label=_("Citizen ID number"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    )
    note = forms.CharField(
        label=_("Why the branch asks for this person"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TransferAnswerForm(StyledForm):
    answer = forms.CharField(
        label=_("Answer to the asking branch"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when refusing."),
    )
