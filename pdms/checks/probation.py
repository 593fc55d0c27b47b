"""A probation left without a decision: 12 months after the ceremony (else the admission
decision) the branch must propose recognition, and the committee decide within the
working days the rules allow. A member still probationary more than 30 working days after
the end of the 12 months has been left without a recognition decision."""

import datetime as dt

from pdms.recruitment.eligibility import add_months
from pdms.recruitment.indicators import probation_months
from pdms.workdays.calendar import WorkCalendar

OVERDUE_WORKDAYS = 30


def probation_end(admitted_on: dt.date, ceremony_on: dt.date | None) -> dt.date:
    return add_months(ceremony_on or admitted_on, probation_months())


def overdue_since(admitted_on: dt.date, ceremony_on: dt.date | None, day: dt.date, calendar: WorkCalendar) -> dt.date | None:
    """When the probation of a member still probationary on ``day`` ended, if that was
    more than ``OVERDUE_WORKDAYS`` working days before ``day``; else None."""
    end = probation_end(admitted_on, ceremony_on)
    # 30 working days span at least 30 calendar days: most members need no calendar.
    if end >= day - dt.timedelta(days=OVERDUE_WORKDAYS):
        return None
    return end if calendar.workdays_between(end, day) > OVERDUE_WORKDAYS else None
