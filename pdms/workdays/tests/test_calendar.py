"""Counting working days: weekends, the public holidays of the law (lunar ones included),
the swaps the law knows, and the days an administrator records take precedence."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdms.workdays.calendar import (
    ANNOUNCED,
    LAW,
    WorkCalendar,
    add_workdays,
    days_off,
    is_workday,
    workdays_between,
)
from pdms.workdays.models import CalendarDay

D = dt.date
DAY_OFF, WORKING_DAY = CalendarDay.Kind.DAY_OFF, CalendarDay.Kind.WORKING_DAY

pytestmark = pytest.mark.django_db


def announce(day: dt.date, kind: str, name: str = "Thông báo của Chính phủ") -> CalendarDay:
    return CalendarDay.objects.create(day=day, kind=kind, name=name)


def test_saturdays_and_sundays_are_not_working_days():
    assert is_workday(D(2026, 3, 6))  # Friday
    assert not is_workday(D(2026, 3, 7))
    assert not is_workday(D(2026, 3, 8))
    assert add_workdays(D(2026, 3, 6), 1) == D(2026, 3, 9)


def test_the_day_counted_from_is_not_itself_counted():
    assert add_workdays(D(2026, 3, 9), 1) == D(2026, 3, 10)
    assert add_workdays(D(2026, 3, 9), 5) == D(2026, 3, 16)


def test_the_tet_holiday_of_2026_is_skipped():
    for day in range(16, 21):
        assert not is_workday(D(2026, 2, day))
    assert add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 23)


def test_hung_kings_day_on_a_sunday_is_observed_on_the_monday():
    assert not is_workday(D(2026, 4, 26))
    assert not is_workday(D(2026, 4, 27))
    assert add_workdays(D(2026, 4, 24), 1) == D(2026, 4, 28)


def test_reunification_day_and_labour_day_are_skipped():
    assert not is_workday(D(2026, 4, 30))
    assert not is_workday(D(2026, 5, 1))
    assert add_workdays(D(2026, 4, 29), 1) == D(2026, 5, 4)


def test_national_day_is_skipped_with_the_swapped_monday_before_it():
    assert not is_workday(D(2026, 9, 2))
    assert not is_workday(D(2026, 8, 31))
    assert add_workdays(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_the_saturday_the_law_swaps_for_a_day_off_is_a_working_day():
    assert is_workday(D(2026, 8, 22))
    assert add_workdays(D(2026, 8, 21), 1) == D(2026, 8, 22)


def test_sixty_working_days_from_a_resolution_before_tet_fall_in_late_may():
    # 5 days of Tết, 27/04 (Hùng Kings observed), 30/04 and 01/05 are skipped.
    assert add_workdays(D(2026, 2, 13), 60) == D(2026, 5, 20)
    assert workdays_between(D(2026, 2, 13), D(2026, 5, 20)) == 60


def test_an_announced_day_off_moves_a_due_date_by_one_working_day():
    announce(D(2026, 5, 4), DAY_OFF, "Nghỉ bù")
    assert not is_workday(D(2026, 5, 4))
    assert add_workdays(D(2026, 2, 13), 60) == D(2026, 5, 21)


def test_an_announced_working_saturday_counts():
    announce(D(2026, 1, 10), WORKING_DAY, "Làm bù cho ngày 02/01/2026")
    assert is_workday(D(2026, 1, 10))
    assert add_workdays(D(2026, 1, 9), 1) == D(2026, 1, 10)
    assert workdays_between(D(2026, 1, 9), D(2026, 1, 12)) == 2


def test_an_announcement_overrides_the_law():
    announce(D(2026, 8, 22), DAY_OFF, "Không làm bù")
    announce(D(2026, 11, 24), WORKING_DAY, "Làm việc")
    assert not is_workday(D(2026, 8, 22))
    assert is_workday(D(2026, 11, 24))


def test_announced_days_are_read_afresh_on_every_call():
    assert is_workday(D(2026, 3, 9))
    day = announce(D(2026, 3, 9), DAY_OFF)
    assert not is_workday(D(2026, 3, 9))
    day.delete()
    assert is_workday(D(2026, 3, 9))


def test_a_due_date_across_new_year_reads_the_announced_days_in_one_query(django_assert_num_queries):
    announce(D(2027, 1, 4), DAY_OFF)
    with django_assert_num_queries(1):
        assert add_workdays(D(2026, 12, 30), 3) == D(2027, 1, 6)


def test_workdays_between_counts_the_end_but_not_the_start():
    assert workdays_between(D(2026, 3, 9), D(2026, 3, 9)) == 0
    assert workdays_between(D(2026, 3, 10), D(2026, 3, 9)) == 0
    assert workdays_between(D(2026, 3, 9), D(2026, 3, 10)) == 1
    assert workdays_between(D(2026, 3, 6), D(2026, 3, 8)) == 0


def test_a_count_of_no_working_days_is_refused():
    with pytest.raises(ValueError):
        add_workdays(D(2026, 3, 9), 0)


def test_the_days_off_of_a_year_carry_vietnamese_names_and_their_source():
    announce(D(2026, 2, 13), DAY_OFF, "Nghỉ thêm trước Tết")
    entries = {entry.day: entry for entry in days_off(2026)}
    assert entries[D(2026, 2, 17)].name == "Tết Nguyên Đán"
    assert entries[D(2026, 4, 26)].name == "Ngày Giỗ Tổ Hùng Vương"
    assert (entries[D(2026, 2, 17)].source, entries[D(2026, 2, 17)].kind) == (LAW, DAY_OFF)
    assert (entries[D(2026, 8, 22)].source, entries[D(2026, 8, 22)].kind) == (LAW, WORKING_DAY)
    assert entries[D(2026, 2, 13)].name == "Nghỉ thêm trước Tết"
    assert entries[D(2026, 2, 13)].source == ANNOUNCED
    assert list(entries) == sorted(entries)
    assert all(day.year == 2026 for day in entries)


@pytest.fixture
def announced_days(db):
    announce(D(2026, 5, 4), DAY_OFF)
    announce(D(2026, 1, 10), WORKING_DAY)
    announce(D(2027, 2, 3), DAY_OFF)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(min_value=D(2024, 1, 1), max_value=D(2029, 12, 31)), n=st.integers(min_value=1, max_value=300))
def test_counting_the_working_days_up_to_a_due_date_gives_back_the_number_of_days(announced_days, start, n):
    calendar = WorkCalendar()
    due = calendar.add_workdays(start, n)
    assert calendar.is_workday(due)
    assert calendar.workdays_between(start, due) == n
    assert calendar.workdays_between(start, due - dt.timedelta(days=1)) == n - 1
    assert add_workdays(start, n) == due
