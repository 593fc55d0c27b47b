"""Figures as Vietnamese readers write them: 1.234 for counts, "195/304 (64,14%)" for
ratios (decimal comma, dot for thousands)."""

from django import template
from django.utils.formats import number_format

register = template.Library()


def _count(value) -> str:
    return number_format(value, force_grouping=True)


@register.filter
def count(value) -> str:
    return "—" if value is None else _count(value)


@register.filter
def figure(result) -> str:
    """A Result: its count, or numerator/denominator (percent) for a ratio."""
    if result.denominator is not None:
        percent = "—" if result.percent is None else f"{number_format(result.percent, 2)}%"
        return f"{_count(result.numerator)}/{_count(result.denominator)} ({percent})"
    return count(result.value)


@register.filter
def record_count(result):
    """How many records the drill-down of a Result lists."""
    return result.record_count
