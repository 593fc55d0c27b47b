import unicodedata
from importlib import import_module

from django import forms
from django.conf import settings
from django.http import QueryDict

from pdms.core.forms import CleanTextForm

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn\u200b Thị\u00ad Ánh")


class NameForm(CleanTextForm):
    name = forms.CharField()
    groups = forms.MultipleChoiceField(choices=[("Tày", "Tày"), ("Kinh", "Kinh")])
    password = forms.CharField(widget=forms.PasswordInput, strip=False)


def test_submitted_text_is_composed_and_loses_its_invisible_characters():
    form = NameForm({"name": NFD_NAME, "groups": [unicodedata.normalize("NFD", "Tày")], "password": "x"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Nguyễn Thị Ánh" and form.cleaned_data["groups"] == ["Tày"]


def test_a_request_s_data_and_a_prefix_are_cleaned_too():
    data = QueryDict(mutable=True)
    data.update({"p-name": NFD_NAME, "p-groups": "Kinh", "p-password": "x"})
    form = NameForm(data, prefix="p")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Nguyễn Thị Ánh"


def test_a_password_is_kept_exactly_as_typed():
    typed = "Mật\u200bkhẩu\u00ad" + unicodedata.normalize("NFD", "ố")
    form = NameForm({"name": "An", "groups": ["Kinh"], "password": typed})
    assert form.is_valid() and form.cleaned_data["password"] == typed


def _all_subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _all_subclasses(subclass)


def test_every_form_of_the_project_cleans_its_text():
    import_module(settings.ROOT_URLCONF)  # loads every page and so every form
    project_forms = {
        form for form in _all_subclasses(forms.BaseForm)
        if form.__module__.startswith("pdms.") and ".tests." not in form.__module__
    }
    assert len(project_forms) > 20
    assert sorted(f"{form.__module__}.{form.__name__}" for form in project_forms if not issubclass(form, CleanTextForm)) == []
