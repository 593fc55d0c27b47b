"""The working-day page: everyone logged in sees the year's holidays and the calculator;
only an administrator records or withdraws announced days, and to anyone else those
forms answer 404."""

import datetime as dt

import pytest
from django.urls import reverse

from pdms.workdays.models import CalendarDay

D = dt.date
INDEX, SET, REMOVE = reverse("workdays:index"), reverse("workdays:set"), reverse("workdays:remove")

pytestmark = pytest.mark.django_db


def announcement(**overrides) -> dict:
    return {"day": "13/02/2026", "kind": "day_off", "name": "Nghỉ thêm trước Tết", "reason": "Thông báo 1/TB"} | overrides


def test_the_urls_carry_no_parameters():
    assert (INDEX, SET, REMOVE) == ("/workdays/", "/workdays/set/", "/workdays/remove/")


def test_a_staff_member_sees_the_holidays_of_the_year_with_their_weekday(client, province_officer):
    client.force_login(province_officer)
    response = client.get(INDEX, {"year": "2026"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "17/02/2026" in body and "Tết Nguyên Đán" in body and "Thứ Ba" in body
    assert "27/04/2026" in body and "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" in body
    assert "22/08/2026" in body and "Thứ Bảy" in body
    assert SET not in body and REMOVE not in body


def test_the_page_shows_the_current_year_unless_told_otherwise(client, viewer):
    client.force_login(viewer)
    assert client.get(INDEX).context["year"] == 2026
    assert client.get(INDEX, {"year": "abc"}).context["year"] == 2026
    assert client.get(INDEX, {"year": "2027"}).context["year"] == 2027


def test_the_calculator_shows_the_due_date(client, viewer):
    client.force_login(viewer)
    response = client.get(INDEX, {"from": "13/02/2026", "days": "60"})
    body = response.content.decode()
    assert "60 ngày làm việc kể từ 13/02/2026" in body
    assert "20/05/2026" in body and "Thứ Tư" in body


def test_the_calculator_explains_a_badly_written_date(client, viewer):
    client.force_login(viewer)
    response = client.get(INDEX, {"from": "31/02/2026", "days": "5"})
    assert response.context["calculator"].errors["from"]
    assert response.context["result"] is None


def test_an_administrator_sees_the_form_to_record_a_day(client, admin_user):
    client.force_login(admin_user)
    response = client.get(INDEX)
    assert response.context["day_form"] is not None
    assert SET in response.content.decode()


def test_an_administrator_records_an_announced_day(client, admin_user):
    client.force_login(admin_user)
    response = client.post(SET, announcement())
    assert response.status_code == 302 and response["Location"] == f"{INDEX}?year=2026"
    entry = CalendarDay.objects.get()
    assert (entry.day, entry.kind, entry.name) == (D(2026, 2, 13), "day_off", "Nghỉ thêm trước Tết")
    body = client.get(response["Location"]).content.decode()
    assert "Nghỉ thêm trước Tết" in body and REMOVE in body


def test_a_rule_broken_comes_back_onto_the_form(client, admin_user):
    client.force_login(admin_user)
    response = client.post(SET, announcement(day="21/02/2026"))
    assert response.status_code == 200
    assert "21/02/2026 (Thứ Bảy) đã là ngày nghỉ" in response.context["day_form"].errors["day"][0]
    assert not CalendarDay.objects.exists()


def test_an_administrator_withdraws_an_announced_day(client, admin_user):
    CalendarDay.objects.create(day=D(2026, 2, 13), kind="day_off", name="Nghỉ bù")
    client.force_login(admin_user)
    response = client.post(REMOVE, {"day": "13/02/2026"})
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()


def test_withdrawing_a_day_never_announced_says_so(client, admin_user):
    client.force_login(admin_user)
    response = client.post(REMOVE, {"day": "13/02/2026"}, follow=True)
    assert "13/02/2026" in str(list(response.context["messages"])[0])


@pytest.mark.parametrize("persona", ["province_officer", "secretary", "viewer"])
def test_others_posting_to_the_calendar_get_not_found(client, persona, request):
    CalendarDay.objects.create(day=D(2026, 2, 13), kind="day_off", name="Nghỉ bù")
    client.force_login(request.getfixturevalue(persona))
    assert client.post(SET, announcement(day="16/03/2026")).status_code == 404
    assert client.post(REMOVE, {"day": "13/02/2026"}).status_code == 404
    assert list(CalendarDay.objects.values_list("day", flat=True)) == [D(2026, 2, 13)]


def test_the_forms_that_change_the_calendar_take_no_get(client, admin_user):
    client.force_login(admin_user)
    assert client.get(SET).status_code == 405
    assert client.get(REMOVE).status_code == 405
