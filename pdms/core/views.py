"""Helpers shared by views: the scope of the request, dates from the query string, and
turning domain errors into form errors."""

import datetime as dt

from django import forms

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
