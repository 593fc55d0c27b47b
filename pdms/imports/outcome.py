"""What an import reports: counts, row errors and warnings, and how it tells its progress."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """A problem in one cell (``column``), one row (no column) or the whole file (no row).
    ``row`` is the row number the spreadsheet shows."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Outcome:
    """The result of one import. When ``errors`` is not empty nothing was written, and the
    counts say what the valid rows would have done."""

    dry_run: bool = False
    total: int = 0
    created: int = 0
    present: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add_error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    @property
    def written(self) -> bool:
        return not self.errors and not self.dry_run

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors if e.row is not None})

    def sorted_errors(self) -> list[RowError]:
        return sorted(self.errors, key=lambda e: (e.row is not None, e.row or 0))


class Progress:
    """Told how far an import has got. The default tells nobody; the background job
    stores it where the progress page can read it."""

    every = 100

    def checked(self, done: int, total: int) -> None:
        """``done`` of ``total`` rows have been checked."""

    def writing(self) -> None:
        """All rows are checked; the one write transaction starts."""

    def tick(self, done: int, total: int) -> None:
        if done == total or done % self.every == 0:
            self.checked(done, total)
