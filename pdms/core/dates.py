"""Dates as Vietnamese users write them (dd/mm/yyyy), the range of dates the product
accepts, the form field that reads them, and small date arithmetic."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError

INPUT_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")
# Written like a date, whether or not the calendar has it (31/02/2026, 99/99/9999).
_DATE_SHAPE = re.compile(r"\d{1,2}([/-])\d{1,2}\1\d{4}|\d{4}-\d{1,2}-\d{1,2}")
# Every date the product accepts, wherever it comes from: older ones are typing slips and
# later ones break the arithmetic of periods and charts (a plan ending in 9999).
EARLIEST = dt.date(1930, 1, 1)
LATEST = dt.date(2100, 12, 31)


def today() -> dt.date:
    return timezone.localdate()


def check_date_range(value: dt.date, *, field: str | None = None, text: str = "") -> dt.date:
    """``value`` when it lies between EARLIEST and LATEST; else a DomainError naming the
    range (and ``text``, the date as the user wrote it, if given)."""
    if not EARLIEST <= value <= LATEST:
        raise DomainError(
            _("The date %(value)s is not between %(earliest)s and %(latest)s.")
            % {"value": text or format_date(value), "earliest": format_date(EARLIEST), "latest": format_date(LATEST)},
            field=field,
        )
    return value


def parse_date(value, *, field: str | None = None) -> dt.date:
    """Parse a date given as dd/mm/yyyy (also dd-mm-yyyy or ISO), or pass a date through,
    inside the accepted range. Raises DomainError with a Vietnamese message saying whether
    the date does not exist, is outside the range or is not written as a date."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return check_date_range(value, field=field)
    text = str(value or "").strip()
    for fmt in INPUT_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return check_date_range(day, field=field, text=text)
    if _DATE_SHAPE.fullmatch(text):
        raise DomainError(_("The date %(value)s does not exist.") % {"value": text}, field=field)
    raise DomainError(_("“%(value)s” is not a valid date; write it as dd/mm/yyyy.") % {"value": text}, field=field)


def year_of(text: str) -> int | None:
    """The year ``text`` writes in digits (at most four), else None."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


class DateField(forms.DateField):
    """A form field for a dd/mm/yyyy date, read by ``parse_date``, so forms, imports and
    query strings refuse the same dates with the same messages."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except DomainError as error:
            raise ValidationError(error.message, code="invalid") from error


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def full_years(born: dt.date, on: dt.date) -> int:
    """Age in full years on a date."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def month_spans(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of each calendar month from ``start`` to ``end``, the first
    and last clipped to them."""
    spans = []
    first = start
    while first <= end:
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        spans.append((first, min(following - dt.timedelta(days=1), end)))
        first = following
    return spans


def month_label(day: dt.date) -> str:
    """“05/2026”: the month as Vietnamese reports write it."""
    return f"{day.month:02d}/{day.year}"
