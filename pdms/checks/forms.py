"""The form for a reported value. Figures are written the Vietnamese way: "6.239"
(thousands with dots), "61,67" (decimal comma); a percent may also be written "61.67"
or "61,67%". The printed precision of a percent is kept as typed."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pdms.core.dates import DateField
from pdms.core.forms import CleanTextForm
from pdms.indicators import engine


def _date_field(label):
    return DateField(label=label)


def parse_figure(text: str) -> Decimal:
    """A count or amount as Vietnamese print it: dots group thousands, a comma marks decimals."""
    cleaned = text.strip().replace(" ", "").replace(".", "").replace(",", ".")
    return Decimal(cleaned)


def parse_percent(text: str) -> Decimal:
    """A percent as printed, with a decimal comma or point; trailing zeros are kept."""
    return Decimal(text.strip().rstrip("%").strip().replace(",", "."))


class FigureField(forms.CharField):
    def __init__(self, *, parse, integer: bool = False, **kwargs):
        super().__init__(required=False, **kwargs)
        self.parse, self.integer = parse, integer

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            number = self.parse(text)
        except InvalidOperation:
            raise ValidationError(_("“%(value)s” is not a number."), params={"value": text}, code="invalid")
        if not number.is_finite():
            raise ValidationError(_("“%(value)s” is not a number."), params={"value": text}, code="invalid")
        if self.integer:
            if number != number.to_integral_value():
                raise ValidationError(_("Enter a whole number."), code="integer")
            return int(number)
        return number


class ReportedValueForm(CleanTextForm):
    indicator_key = forms.ChoiceField(label=_("Indicator"))
    start = _date_field(_("From"))
    end = _date_field(_("To"))
    as_of = _date_field(_("As of"))
    value = FigureField(label=_("Value"), parse=parse_figure)
    numerator = FigureField(label=_("Numerator"), parse=parse_figure, integer=True)
    denominator = FigureField(label=_("Denominator"), parse=parse_figure, integer=True)
    percent = FigureField(label=_("Percent as printed"), parse=parse_percent)
    source = forms.CharField(label=_("Source"), max_length=255, help_text=_("e.g. Báo Kon Tum 17/03/2023"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_key"].choices = [(i.key, f"{i.label} ({i.key})") for i in engine.all_indicators()]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-select" if name == "indicator_key" else "form-control")
