"""The working-day page: a year's holidays and announced days, and a due-date calculator,
for every logged-in user (it shows no organization's records). Administrators record and
withdraw announced days; to anyone else the forms that change them answer 404."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from pdms.core.dates import format_date, today
from pdms.core.errors import DomainError
from pdms.core.views import scope_of, submitted, year_param

from . import services
from .calendar import ANNOUNCED, WorkCalendar, weekday_name
from .forms import CalculatorForm, CalendarDayForm, RemoveForm
from .models import CalendarDay

# The package's calendar of Vietnam starts with the Labour Code of 1995; another year is
# said to be out of range on the page, which shows the current year.
FIRST_YEAR, LAST_YEAR = 1995, 2100

KIND_LABELS = {CalendarDay.Kind.DAY_OFF: gettext_lazy("Day off"), CalendarDay.Kind.WORKING_DAY: gettext_lazy("Working day")}


def _year_param(request) -> int:
    return year_param(request, "year", today().year, first=FIRST_YEAR, last=LAST_YEAR)


def _index_url(year: int) -> str:
    return f"{reverse('workdays:index')}?year={year}"


def _render_index(request, *, year: int, day_form: CalendarDayForm | None):
    calendar = WorkCalendar(years=(year,))
    rows = [
        {
            "entry": entry,
            "weekday": weekday_name(entry.day),
            "kind": KIND_LABELS[entry.kind],
            "announced": entry.source == ANNOUNCED,
            "working": entry.kind == CalendarDay.Kind.WORKING_DAY,
        }
        for entry in calendar.days_off(year)
    ]
    calculator = CalculatorForm(request.GET if {"from", "days"} & request.GET.keys() else None)
    result = None
    if calculator.is_bound and calculator.is_valid():
        start, days = calculator.cleaned_data["from"], calculator.cleaned_data["days"]
        due = calendar.add_workdays(start, days)
        result = {"start": start, "days": days, "due": due, "weekday": weekday_name(due)}
    is_admin = scope_of(request).is_admin
    context = {
        "year": year,
        "years": (year - 1, year + 1),
        "rows": rows,
        "calculator": calculator,
        "result": result,
        "is_admin": is_admin,
        "day_form": (day_form or CalendarDayForm()) if is_admin else None,
    }
    return render(request, "workdays/index.html", context)


@require_GET
def index(request):
    return _render_index(request, year=_year_param(request), day_form=None)


def _require_admin(request) -> None:
    if not scope_of(request).is_admin:
        raise Http404


@require_POST
def set_day(request):
    _require_admin(request)
    form = CalendarDayForm(request.POST)

    def perform(data):
        entry = services.calendar_day_set(
            day=data["day"], kind=data["kind"], name=data["name"], actor=request.user, reason=data["reason"]
        )
        return _("%(date)s is recorded: %(kind)s, “%(name)s”.") % {
            "date": format_date(entry.day),
            "kind": entry.get_kind_display(),
            "name": entry.name,
        }

    if submitted(request, form, perform):
        return redirect(_index_url(form.cleaned_data["day"].year))
    year = form.cleaned_data["day"].year if "day" in form.cleaned_data else _year_param(request)
    return _render_index(request, year=year, day_form=form)


@require_POST
def remove_day(request):
    _require_admin(request)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect("workdays:index")
    day: dt.date = form.cleaned_data["day"]
    try:
        services.calendar_day_remove(day=day, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The announced day %(date)s was withdrawn.") % {"date": format_date(day)})
    return redirect(_index_url(day.year))
