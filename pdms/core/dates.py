"""Dates as Vietnamese users write them (dd/mm/yyyy) and small date arithmetic."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError

INPUT_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")


def today() -> dt.date:
    return timezone.localdate()


def parse_date(value, *, field: str | None = None) -> dt.date:
    """Parse a date given as dd/mm/yyyy (also dd-mm-yyyy or ISO), or pass a date through.
    Raises DomainError with a Vietnamese message for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DomainError(
        _("“%(value)s” is not a valid date; write it as dd/mm/yyyy.") % {"value": text},
        field=field,
    )


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
