"""Form widgets shared by the apps."""

from django import forms


class OrganizationPicker(forms.TextInput):
    """A box for an organization's code that suggests, as the user types a code or a
    name, the organizations the form offers: a ``<datalist>``, so it needs no script.
    The form fills ``choices`` with (code, name) pairs from the user's scope; the code is
    still checked on submit."""

    template_name = "core/widgets/organization_picker.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.choices: list[tuple[str, str]] = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}-options"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"] |= {"list_id": list_id, "choices": self.choices}
        return context
