"""Numbers and lists written the Vietnamese way: "." groups thousands, "," marks decimals."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


def vn_number(value: int) -> str:
    """1234 -> "1.234"."""
    return f"{value:,d}".translate(_SWAP_SEPARATORS)


def vn_percent(value: Decimal) -> str:
    """Two decimals as official tallies print them (Decimal("85.714") -> "85,71%"), but a
    whole number without them (Decimal("100") -> "100%")."""
    rounded = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.0f}" if rounded == rounded.to_integral_value() else f"{rounded:,.2f}"
    return text.translate(_SWAP_SEPARATORS) + "%"


def vn_join(items: list[str]) -> str:
    """["A", "B", "C"] -> "A, B và C"."""
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}
