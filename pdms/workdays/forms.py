"""Forms of the working-day page: the due-date calculator (anyone) and the announced days
(administrators). Dates are written dd/mm/yyyy and may lie in the future; the calendar
rules are checked by the services, whose DomainErrors come back onto these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pdms.core.forms import CleanTextForm
from pdms.members.forms import DateField, StyledForm

from .models import CalendarDay

# Bounds the loop of add_workdays: no deadline of the procedure is near this long.
MAX_CALCULATED_DAYS = 2000


class CalculatorForm(StyledForm):
    days = forms.IntegerField(
        label=_("Number of working days"),
        min_value=1,
        max_value=MAX_CALCULATED_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        # “from” is the query parameter users see in the address; it is a Python keyword,
        # so the field is added here rather than declared.
        self.base_fields = {"from": DateField(label=_("From (date not counted)"), allow_future=True), **self.base_fields}
        super().__init__(*args, **kwargs)


class CalendarDayForm(StyledForm):
    day = DateField(label=_("Date"), allow_future=True)
    kind = forms.ChoiceField(label=pgettext_lazy("calendar day", "Kind"), choices=[("", "—"), *CalendarDay.Kind.choices])
    name = forms.CharField(
        label=pgettext_lazy("calendar day", "Name"),
        max_length=255,
        help_text=_("As in the announcement, e.g. “Nghỉ bù Tết” or “Làm bù cho ngày 02/01”."),
    )
    reason = forms.CharField(
        label=_("Announced by (document, reason)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RemoveForm(CleanTextForm):
    day = DateField(allow_future=True)
    reason = forms.CharField(required=False, max_length=1000)
