"""Working days in Vietnam: not a Saturday or Sunday, not a public holiday fixed by law
(the ``holidays`` package's Vietnam calendar, lunar holidays and the swaps it knows
included), with the days the government announces each year (``CalendarDay`` rows) taking
precedence. Deadlines of the admission procedure are counted with these functions.

The law calendar of a year never changes and is cached for the life of the process; the
announced days are read from the database on every call (one query per call, covering all
the years it needs), because administrators change them. Code that computes many dates at
once (a job recomputing every open deadline) builds one ``WorkCalendar`` and asks it, so
the announced days are read once for the whole batch.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import CalendarDay

LAW = "law"
ANNOUNCED = "announced"

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DayOff:
    """A day that differs from the plain Monday-to-Friday week: a holiday or a day off
    (``kind`` DAY_OFF), or a weekend or holiday worked (``kind`` WORKING_DAY); ``source``
    says whether the law or an announcement recorded by an administrator makes it so."""

    day: dt.date
    name: str
    source: str
    kind: str


@dataclass(frozen=True)
class _LawYear:
    holidays: dict[dt.date, str]
    working_weekends: frozenset[dt.date]


@lru_cache(maxsize=64)
def _law_year(year: int) -> _LawYear:
    # A swap may give a day off in one year for a Saturday worked in the neighbouring one
    # (31/12/2018 off for 05/01/2019 worked); the package records the Saturday while it
    # builds the year of the day off, so the neighbours are built too.
    calendar = holidays.Vietnam(years=(year - 1, year, year + 1), language="vi")
    return _LawYear(
        holidays={day: name for day, name in calendar.items() if day.year == year},
        working_weekends=frozenset(day for day in calendar.weekend_workdays if day.year == year),
    )


def law_holiday_name(day: dt.date) -> str | None:
    """The Vietnamese name of the public holiday on ``day`` under the law, if it is one."""
    return _law_year(day.year).holidays.get(day)


def is_workday_by_law(day: dt.date) -> bool:
    """Whether ``day`` is a working day before any announced change is applied."""
    law = _law_year(day.year)
    if day in law.holidays:
        return False
    if day in law.working_weekends:
        return True
    return day.weekday() < 5


def weekday_name(day: dt.date) -> str:
    """The Vietnamese name of the day of the week (“Thứ Hai” … “Chủ nhật”)."""
    # A context of their own keeps these apart from Django's “Thứ 2” … “Thứ 7”, which
    # other pages show through the date filter.
    names = (
        pgettext("weekday", "Monday"),
        pgettext("weekday", "Tuesday"),
        pgettext("weekday", "Wednesday"),
        pgettext("weekday", "Thursday"),
        pgettext("weekday", "Friday"),
        pgettext("weekday", "Saturday"),
        pgettext("weekday", "Sunday"),
    )
    return names[day.weekday()]


class WorkCalendar:
    """The calendar with the announced days read from the database once per year range.
    Build one for a request or a batch; never keep one across them, since administrators
    change the announced days."""

    def __init__(self, years: Iterable[int] = ()):
        self._years: set[int] = set()
        self._announced: dict[dt.date, tuple[str, str]] = {}
        self._load(years)

    def _load(self, years: Iterable[int]) -> None:
        missing = set(years) - self._years
        if not missing:
            return
        first, last = min(missing), max(missing)
        rows = CalendarDay.objects.filter(day__gte=dt.date(first, 1, 1), day__lte=dt.date(last, 12, 31))
        for day, kind, name in rows.values_list("day", "kind", "name"):
            self._announced[day] = (kind, name)
        self._years.update(range(first, last + 1))

    def is_workday(self, day: dt.date) -> bool:
        self._load((day.year,))
        announced = self._announced.get(day)
        if announced is not None:
            return announced[0] == CalendarDay.Kind.WORKING_DAY
        return is_workday_by_law(day)

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (``start`` itself not counted)."""
        if n < 1:
            raise ValueError(f"n must be at least 1, not {n}")
        # Twice the days plus a month covers any real run of holidays, so the announced
        # days are read in this one query.
        self._load(range(start.year, (start + dt.timedelta(days=2 * n + 31)).year + 1))
        day = start
        while n:
            day += _ONE_DAY
            if self.is_workday(day):
                n -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days ``d`` with ``start < d <= end``."""
        if end <= start:
            return 0
        self._load(range(start.year, end.year + 1))
        count, day = 0, start
        while day < end:
            day += _ONE_DAY
            count += self.is_workday(day)
        return count

    def days_off(self, year: int) -> list[DayOff]:
        """The year's public holidays and swapped days under the law, and the announced
        days, by date; an announced day replaces what the law says of that date."""
        self._load((year,))
        law = _law_year(year)
        days = {day: DayOff(day, name, LAW, CalendarDay.Kind.DAY_OFF) for day, name in law.holidays.items()}
        for day in law.working_weekends:
            days[day] = DayOff(day, _("Working day in place of a day off"), LAW, CalendarDay.Kind.WORKING_DAY)
        for day, (kind, name) in self._announced.items():
            if day.year == year:
                days[day] = DayOff(day, name, ANNOUNCED, CalendarDay.Kind(kind))
        return sorted(days.values(), key=lambda entry: entry.day)


def is_workday(day: dt.date) -> bool:
    return WorkCalendar().is_workday(day)


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start``, ``start`` not counted (``n`` >= 1): the due
    date of “within ``n`` working days of ``start``”."""
    return WorkCalendar().add_workdays(start, n)


def workdays_between(start: dt.date, end: dt.date) -> int:
    """The number of working days ``d`` with ``start < d <= end``; 0 when ``end <= start``.
    ``workdays_between(s, add_workdays(s, n)) == n``."""
    return WorkCalendar().workdays_between(start, end)


def days_off(year: int) -> list[DayOff]:
    """The public holidays, swapped days and announced days of ``year``, by date."""
    return WorkCalendar().days_off(year)
