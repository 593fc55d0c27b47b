"""Helpers shared by views: the scope of the request, dates and years from the query
string, turning domain errors into form errors and submitting a form to a service."""

import datetime as dt
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.core.dates import EARLIEST, LATEST, format_date, parse_date, today, year_of
from pdms.core.errors import DomainError


def scope_of(request) -> Scope:
    if not hasattr(request, "_scope"):
        request._scope = Scope.of(request.user)
    return request._scope


def refused_params(request) -> dict[str, tuple[str, str]]:
    """The query parameters this request gave that could not be used: name → (the text as
    typed, the message saying why). Pages show both next to their filter."""
    if not hasattr(request, "_refused_params"):
        request._refused_params = {}
    return request._refused_params


def shown_text(request, name: str, value) -> str:
    """What the input of a filter shows: the text as typed when the page refused it, else
    ``value``, the one used (a date as dd/mm/yyyy)."""
    if name in refused_params(request):
        return refused_params(request)[name][0]
    if isinstance(value, dt.date):
        return format_date(value)
    return "" if value is None else str(value)


def date_param(request, name: str, default: dt.date | None = None) -> dt.date | None:
    """A dd/mm/yyyy date from the query string. A bad one is not silently replaced: it is
    noted in ``refused_params`` and the page, which shows that, uses the default."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        return parse_date(raw, field=name)
    except DomainError as error:
        refused_params(request)[name] = (raw, error.message)
        return default


def as_of_param(request) -> dt.date:
    return date_param(request, "as_of", today())


def id_param(request, name: str) -> int | None:
    """A record id from the query string, else None (text, or digits too many for an id)."""
    raw = request.GET.get(name, "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def year_param(request, name: str, default: int | None, *, first: int = EARLIEST.year, last: int = LATEST.year) -> int | None:
    """A year from ``first`` to ``last`` from the query string; a bad one is noted in
    ``refused_params`` and the default used, as for dates."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    year = year_of(raw)
    if year is None:
        message = _("“%(value)s” is not a year; write it as four digits, e.g. %(example)s.") % {"value": raw, "example": today().year}
    elif not first <= year <= last:
        message = _("The year %(value)s is not between %(first)s and %(last)s.") % {"value": raw, "first": first, "last": last}
    else:
        return year
    refused_params(request)[name] = (raw, message)
    return default


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Attach a domain error to the field it names, or to the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def submitted(request, form: forms.Form, perform: Callable[[dict], str]) -> bool:
    """On a valid POST, run ``perform(form.cleaned_data)``, which calls a service and
    returns the success message to show ("" when the next page says it); a DomainError
    goes onto the form instead. True when the change was made."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        message = perform(form.cleaned_data)
    except DomainError as error:
        add_domain_error(form, error)
        return False
    if message:
        messages.success(request, message)
    return True
