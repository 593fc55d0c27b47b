"""Helpers shared by views: the scope of the request, dates from the query string,
turning domain errors into form errors and submitting a form to a service."""

import datetime as dt
from collections.abc import Callable

from django import forms
from django.contrib import messages

from pdms.accounts.scope import Scope
from pdms.core.dates import parse_date, today
from pdms.core.errors import DomainError


def scope_of(request) -> Scope:
    if not hasattr(request, "_scope"):
        request._scope = Scope.of(request.user)
    return request._scope


def date_param(request, name: str, default: dt.date | None = None) -> dt.date | None:
    """A dd/mm/yyyy date from the query string; a bad one falls back to the default."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        return parse_date(raw)
    except DomainError:
        return default


def as_of_param(request) -> dt.date:
    return date_param(request, "as_of", today())


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Attach a domain error to the field it names, or to the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def submitted(request, form: forms.Form, perform: Callable[[dict], str]) -> bool:
    """On a valid POST, run ``perform(form.cleaned_data)``, which calls a service and
    returns the success message to show; a DomainError goes onto the form instead. True
    when the change was made."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        message = perform(form.cleaned_data)
    except DomainError as error:
        add_domain_error(form, error)
        return False
    messages.success(request, message)
    return True
