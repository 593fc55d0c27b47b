"""Turning cells into values. Each reader records a message against its row and column
and returns None when the cell is wrong, so one pass reports every problem of a row."""

import datetime as dt

from django.utils.translation import gettext as _

from pdms.core.dates import parse_date
from pdms.core.errors import DomainError
from pdms.core.vntext import clean_text, vn_normalize

from .columns import Column, column_of, header_of
from .outcome import Outcome
from .reading import Row

CITIZEN_ID_DIGITS = 12


def cell_text(value) -> str:
    """The cell as text (``clean_text``) with spaces collapsed; whole numbers lose the ".0"
    Excel gives them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(clean_text(str(value)).split())


class RowReader:
    """Reads the cells of one row, collecting errors in ``outcome``."""

    def __init__(self, row: Row, columns: tuple[Column, ...], outcome: Outcome):
        self.row = row
        self.columns = columns
        self.outcome = outcome
        self.failed = False

    def fail(self, key: str | None, message: str) -> None:
        self.failed = True
        self.outcome.add_error(self.row.number, header_of(self.columns, key) if key else "", message)

    def text(self, key: str, *, required: bool = False) -> str:
        value = cell_text(self.row.raw(key))
        if required and not value:
            self.fail(key, _("This value is required."))
        limit = column_of(self.columns, key).max_length
        if limit is not None and len(value) > limit:
            self.fail(key, _("%(length)s characters is too long; at most %(limit)s fit.") % {"length": len(value), "limit": limit})
            return ""
        return value

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        raw = self.row.raw(key)
        value = raw if isinstance(raw, dt.date) else self.text(key, required=required)
        if not value:
            return None
        try:
            return parse_date(value)
        except DomainError as error:
            self.fail(key, error.message)
            return None

    def word(self, key: str, choices: dict, message: str, *, required: bool = False, default=None, **params):
        """One of the words of ``choices`` (matched without diacritics or case); else
        ``message`` with the cell as ``value`` (and ``params``) is recorded."""
        text = self.text(key, required=required)
        if not text:
            return default
        value = choices.get(vn_normalize(text))
        if value is None:
            self.fail(key, message % {"value": text, **params})
        return value

    def citizen_id(self, key: str) -> str:
        raw = self.row.raw(key)
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, int) and 0 <= raw < 10**CITIZEN_ID_DIGITS:
            # Excel stores a number typed without a text format and drops its leading
            # zeros ("001090012345" becomes 1090012345); every CCCD has 12 digits.
            return f"{raw:0{CITIZEN_ID_DIGITS}d}"
        return self.text(key, required=True).replace(" ", "")
