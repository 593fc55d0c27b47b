"""The base of the project's forms: submitted text is cleaned before any field reads it."""

from django import forms
from django.http import QueryDict

from .vntext import clean_text


def _cleaned(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        return [_cleaned(item) for item in value]
    return value


class CleanTextForm(forms.Form):
    """A form whose text is composed (NFC) and free of invisible characters before it is
    validated, stored or searched: a name typed with a zero-width space or pasted in
    decomposed form is the same name as any other. Passwords are left exactly as typed,
    since the login compares them as they are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self._clean_submitted()

    def _clean_submitted(self):
        kept = {self.add_prefix(name) for name, field in self.fields.items() if isinstance(field.widget, forms.PasswordInput)}
        if isinstance(self.data, QueryDict):
            data = QueryDict(mutable=True)
            for key, values in self.data.lists():
                data.setlist(key, values if key in kept else _cleaned(values))
            return data
        return {key: value if key in kept else _cleaned(value) for key, value in self.data.items()}
