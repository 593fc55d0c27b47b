"""Permanent transfers from the sender's form to the receiver's list, across the scope
boundary: the receiver sees and receives the member; the sender keeps sight of them but
can no longer change their records."""

import datetime as dt

import pytest
from django.urls import reverse

from pdms.members import services
from pdms.members.models import Status
from pdms.organizations.services import organization_dissolve

D = dt.date
INCOMING = reverse("members:incoming")


def url(name, member) -> str:
    return reverse(f"members:{name}", args=[member.pk])


def errors(response) -> dict:
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


def test_a_member_sent_to_another_province_is_received_there(client, tree, commune_officer, outsider):
    an = tree.members["an"]
    client.force_login(commune_officer)
    response = client.post(url("transfer", an), {"on": "01/11/2026", "destination": "g0101", "reason": "Chuyển công tác"})
    assert response.status_code == 302
    an.refresh_from_db()
    assert an.status == Status.IN_TRANSIT and an.organization == tree.other_branch

    client.force_login(outsider)
    incoming = client.get(INCOMING)
    assert [p.member for p in incoming.context["periods"]] == [an]
    assert "Chi bộ thôn 1" in incoming.content.decode()
    assert client.get(url("detail", an)).status_code == 200
    assert client.post(url("receive", an), {"on": "15/11/2026"}).status_code == 302
    an.refresh_from_db()
    assert an.status == Status.FULL and an.organization == tree.other_branch
    assert client.get(INCOMING).context["periods"] == []


def test_after_the_transfer_the_sender_sees_the_member_but_cannot_change_them(client, tree, commune_officer):
    an = tree.members["an"]
    services.member_transfer_start(member=an, on=D(2026, 11, 1), destination=tree.other_branch, actor=commune_officer)
    client.force_login(commune_officer)
    page = client.get(url("detail", an))
    assert page.status_code == 200 and not page.context["can_write"]
    body = page.content.decode()
    for name in ("edit", "transfer", "temporary", "end", "death", "receive", "citizen_id"):
        assert url(name, an) not in body
        assert client.get(url(name, an)).status_code in (404, 405)
        assert client.post(url(name, an), {"on": "20/11/2026"}).status_code == 404
    assert client.get(INCOMING).context["periods"] == []


def test_a_transfer_out_of_the_system_ends_the_membership_here(client, tree, commune_officer):
    an = tree.members["an"]
    client.force_login(commune_officer)
    client.post(url("transfer", an), {"on": "01/11/2026", "destination_name": "Đảng bộ tỉnh Quảng Ngãi"})
    an.refresh_from_db()
    assert an.status == Status.TRANSFERRED_OUT
    assert "Đảng bộ tỉnh Quảng Ngãi" in client.get(url("detail", an)).content.decode()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"on": "01/11/2026", "destination": "ZZZ"}, "destination"),
        ({"on": "01/11/2026", "destination": "C0101"}, "destination"),  # where the member already is
        ({"on": "01/11/2026"}, None),  # no destination
        ({"on": "01/11/2026", "destination": "C0102", "destination_name": "Nơi khác"}, None),  # two
        ({"on": "24/11/2026", "destination": "C0102"}, "on"),  # in the future
        ({"on": "01/01/2013", "destination": "C0102"}, "on"),  # before the current state
        ({"on": "1/13/2026", "destination": "C0102"}, "on"),  # not a date
    ],
)
def test_a_transfer_refuses_bad_input(client, tree, commune_officer, data, field):
    an = tree.members["an"]
    client.force_login(commune_officer)
    form_errors = errors(client.post(url("transfer", an), data))
    assert (field or "__all__") in form_errors
    an.refresh_from_db()
    assert an.status == Status.FULL and an.organization == tree.branch_a1


def test_a_transfer_refuses_a_dissolved_destination(client, tree, commune_officer):
    organization_dissolve(organization=tree.branch_b1, on=D(2026, 1, 1), successor=tree.branch_a2, actor=None)
    client.force_login(commune_officer)
    assert "destination" in errors(client.post(url("transfer", tree.members["an"]), {"on": "01/11/2026", "destination": "C0201"}))


def test_receiving_refuses_a_date_before_the_transfer_or_in_the_future(client, tree, commune_officer):
    an = tree.members["an"]
    services.member_transfer_start(member=an, on=D(2026, 11, 1), destination=tree.branch_a2, actor=None)
    client.force_login(commune_officer)
    assert "on" in errors(client.post(url("receive", an), {"on": "31/10/2026"}))
    assert "on" in errors(client.post(url("receive", an), {"on": "24/11/2026"}))
    an.refresh_from_db()
    assert an.status == Status.IN_TRANSIT


def test_receiving_refuses_a_member_who_is_not_in_transit(client, tree, commune_officer):
    client.force_login(commune_officer)
    assert errors(client.post(url("receive", tree.members["an"]), {"on": "20/11/2026"}))["__all__"]


def test_a_secretary_may_send_a_member_out_of_their_branch_and_then_loses_write_access(client, tree, secretary):
    an = tree.members["an"]
    client.force_login(secretary)
    assert client.post(url("transfer", an), {"on": "01/11/2026", "destination": "C0102"}).status_code == 302
    assert client.get(url("detail", an)).status_code == 200
    assert client.post(url("receive", an), {"on": "20/11/2026"}).status_code == 404
