"""Forms of the account pages. They check what a form can; the services check the rest."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pdms.core.forms import CleanTextForm
from pdms.core.widgets import OrganizationPicker
from pdms.organizations.selectors import get_organization_by_code_for_user, organization_choices

from .models import Role


class BindingForm(CleanTextForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organization = forms.CharField(
        label=_("Organization (code)"), max_length=32, required=False,
        help_text=_("Leave blank for an administrator, who sees the whole system."), widget=OrganizationPicker,
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["organization"].widget.choices = organization_choices(scope)

    def clean_organization(self):
        code = self.cleaned_data["organization"].strip()
        if not code:
            return None
        organization = get_organization_by_code_for_user(self.scope, code)
        if organization is None:
            raise ValidationError(_("No organization has the code %(code)s."), params={"code": code})
        return organization


class AccountCreateForm(BindingForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False, help_text=_("Family name first."))
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(render_value=False), strip=False,
        help_text=_("At least 10 characters, not a common password."),
    )

    field_order = ["username", "full_name", "role", "organization", "password"]


class PasswordResetForm(CleanTextForm):
    password = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(render_value=False), strip=False, required=False,
        help_text=_("Leave blank to make a temporary password, shown once."),
    )


class TokenForm(CleanTextForm):
    token = forms.CharField(
        label=_("Code"), max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
