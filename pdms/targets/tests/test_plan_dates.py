"""A plan's dates lie between 01/01/1930 and 31/12/2100: one ending 31/12/9999 was once
accepted and then broke every dashboard measured against it."""

import datetime as dt

import pytest
from django.urls import reverse

from pdms.core.errors import DomainError
from pdms.targets.models import Plan
from pdms.targets.services import plan_create

D = dt.date
OUT_OF_RANGE = "Ngày 31/12/9999 nằm ngoài khoảng cho phép, từ 01/01/1930 đến 31/12/2100."


def test_the_plan_service_refuses_a_term_ending_in_9999(tree, province_officer):
    with pytest.raises(DomainError) as caught:
        plan_create(
            organization=tree.province, number="09-KH/TU", title="Kế hoạch", issued_on=D(2020, 10, 6),
            term_start=D(2020, 8, 1), term_end=D(9999, 12, 31), actor=province_officer,
        )
    assert (caught.value.field, caught.value.message) == ("term_end", OUT_OF_RANGE)
    assert not Plan.objects.exists()


def test_the_plan_form_says_the_range_and_creates_nothing(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.post(reverse("targets:plan_add"), {
        "organization": "T01", "number": "09-KH/TU", "title": "Kế hoạch", "issued_on": "06/10/2020",
        "term_start": "01/08/2020", "term_end": "31/12/9999",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["term_end"] == [OUT_OF_RANGE]
    assert not Plan.objects.exists()
