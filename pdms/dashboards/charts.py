"""The dashboard's charts as the JSON ``static/dashboards/charts.js`` draws: labels, one
or more series (a series may ask to be drawn as a line over bars), an optional
horizontal layout and a marker line (100% on the achievement chart)."""

from django.utils.translation import gettext as _

from .panels import Dashboard


def _number(value):
    return None if value is None else float(value)


def progress_chart(board: Dashboard) -> dict:
    """Admissions to date month by month against the quota pro rata of time elapsed."""
    series = [{"label": _("Admissions to date"), "values": [m.cumulative for m in board.months]}]
    if board.target is not None:
        series.append({"label": _("On track (quota pro rata of time elapsed)"), "dashed": True,
                       "values": [m.on_track for m in board.months]})
    return {"type": "line", "labels": [m.label for m in board.months], "series": series}


def units_chart(board: Dashboard) -> dict:
    """Achievement of each unit with a quota, in ranking order, with 100% marked."""
    rows = [row for row in board.units if row.achievement is not None]
    return {
        "type": "bar", "horizontal": True, "marker": 100, "percent": True,
        "labels": [row.name for row in rows],
        "series": [{"label": _("Achievement (%)"), "values": [_number(row.achievement) for row in rows]}],
    }


def trend_chart(board: Dashboard) -> dict:
    """Admissions per month of the period against the same month a year earlier."""
    begun = [m for m in board.months if m.admitted is not None]
    return {
        "type": "bar", "labels": [m.label for m in begun],
        "series": [
            {"label": _("Admissions"), "values": [m.admitted for m in begun]},
            {"label": _("Same month of the previous year"), "values": [m.previous for m in begun], "type": "line"},
        ],
    }
