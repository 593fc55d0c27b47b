"""Signals of the working-day calendar."""

from django.dispatch import Signal

# Sent by the calendar services inside their transaction, after the change is written,
# with ``days=[date, ...]``: the dates whose status changed. Receivers (deadlines counted
# in working days) update their own rows in the same transaction, so a failure rolls the
# calendar change back too.
calendar_changed = Signal()
