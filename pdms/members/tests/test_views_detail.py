"""The member's page: personal data, the masked citizen ID and its audited disclosure,
the timeline and the history of changes."""

import datetime as dt

from django.urls import reverse

from pdms.audit.models import AuditEntry
from pdms.members import services
from pdms.organizations.services import organization_dissolve

D = dt.date


def detail_url(member) -> str:
    return reverse("members:detail", args=[member.pk])


def citizen_id_url(member) -> str:
    return reverse("members:citizen_id", args=[member.pk])


def test_the_page_shows_personal_and_membership_data(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(detail_url(tree.members["an"]))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Nguyễn Văn An", "01/01/1990", "01/03/2012", "01/03/2013", "Chi bộ thôn 1", "Đảng viên chính thức"):
        assert text in body


def test_the_citizen_id_is_masked_and_never_in_the_page_for_a_viewer(client, tree, viewer):
    an = tree.members["an"]
    client.force_login(viewer)
    body = client.get(detail_url(an)).content.decode()
    assert an.person.citizen_id not in body
    assert "••••••••" + an.person.citizen_id[-4:] in body
    assert citizen_id_url(an) not in body
    assert an.person.citizen_id not in client.get(reverse("members:search"), {"q": "an"}).content.decode()


def test_the_citizen_id_is_never_in_the_page_for_an_outsider(client, tree, outsider):
    an = tree.members["an"]
    client.force_login(outsider)
    for response in (client.get(detail_url(an)), client.post(citizen_id_url(an))):
        assert response.status_code == 404
        assert an.person.citizen_id not in response.content.decode()


def test_a_writer_sees_it_masked_until_asking(client, tree, commune_officer):
    an = tree.members["an"]
    client.force_login(commune_officer)
    body = client.get(detail_url(an)).content.decode()
    assert an.person.citizen_id not in body and citizen_id_url(an) in body


def test_a_writer_who_asks_sees_the_full_number_and_the_disclosure_is_audited(client, tree, commune_officer):
    an = tree.members["an"]
    client.force_login(commune_officer)
    response = client.post(citizen_id_url(an), headers={"HX-Request": "true"})
    assert response.status_code == 200 and an.person.citizen_id in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(object_type="member", object_id=an.pk, action="member.view_citizen_id")
    assert entry.actor == commune_officer
    history = client.get(detail_url(an)).content.decode()
    assert "Xem số CCCD đầy đủ" in history and an.person.citizen_id not in history


def test_without_javascript_the_full_number_comes_back_in_the_whole_page(client, tree, secretary):
    an = tree.members["an"]
    client.force_login(secretary)
    response = client.post(citizen_id_url(an))
    body = response.content.decode()
    assert response.status_code == 200 and an.person.citizen_id in body and "Nguyễn Văn An" in body


def test_a_reader_who_may_not_write_cannot_ask_for_the_full_number(client, tree, viewer, secretary):
    client.force_login(viewer)
    assert client.post(citizen_id_url(tree.members["an"])).status_code == 404
    client.force_login(secretary)
    assert client.post(citizen_id_url(tree.members["dat"])).status_code == 404
    assert not AuditEntry.objects.filter(action="member.view_citizen_id").exists()


def test_the_full_number_is_only_given_on_a_post(client, tree, commune_officer):
    client.force_login(commune_officer)
    assert client.get(citizen_id_url(tree.members["an"])).status_code == 405


def test_the_timeline_lists_every_period_with_its_event(client, tree, commune_officer):
    an = tree.members["an"]
    services.member_transfer_start(member=an, on=D(2024, 3, 1), destination=tree.branch_a2, actor=None)
    services.member_transfer_receive(member=an, on=D(2024, 3, 20), actor=None)
    client.force_login(commune_officer)
    response = client.get(detail_url(an))
    periods = [(row.period.status, row.period.valid_from) for row in response.context["timeline"]]
    assert periods == [
        ("probationary", D(2012, 3, 1)),
        ("full", D(2013, 3, 1)),
        ("in_transit", D(2024, 3, 1)),
        ("full", D(2024, 3, 20)),
    ]
    body = response.content.decode()
    events = ("Kết nạp", "Công nhận đảng viên chính thức", "Chuyển sinh hoạt đi", "Đang chuyển sinh hoạt", "Chuyển sinh hoạt đến")
    for text in (*events, "20/03/2024"):
        assert text in body


def test_the_timeline_names_the_reorganization_that_moved_the_member(client, tree, commune_officer):
    organization_dissolve(
        organization=tree.branch_a2, on=D(2026, 1, 1), successor=tree.branch_a1, actor=None, decision="15-QĐ/ĐU"
    )
    client.force_login(commune_officer)
    response = client.get(detail_url(tree.members["dat"]))
    last = response.context["timeline"][-1].period
    assert last.start_event == "reorganization" and last.reorg_event.decision == "15-QĐ/ĐU"
    assert "15-QĐ/ĐU" in response.content.decode()


def test_the_history_shows_who_changed_what_and_why(client, tree, commune_officer):
    anh = tree.members["anh"]
    client.force_login(commune_officer)
    client.post(reverse("members:recognize", args=[anh.pk]), {"on": "20/11/2026", "reason": "Quyết định 99-QĐ/ĐU"})
    response = client.get(detail_url(anh))
    rows = response.context["history"]
    assert rows[0].entry.actor == commune_officer and rows[0].entry.action == "member.recognize"
    body = response.content.decode()
    assert "Quyết định 99-QĐ/ĐU" in body and "Commune" in body
    assert "Đảng viên dự bị → Đảng viên chính thức" in body


def test_the_sender_does_not_read_what_the_receiver_records_later(client, tree, commune_officer, outsider):
    an = tree.members["an"]
    services.member_transfer_start(member=an, on=D(2026, 11, 1), destination=tree.other_branch, actor=commune_officer)
    services.member_transfer_receive(member=an, on=D(2026, 11, 10), actor=outsider, reason="Thư riêng của tỉnh Gia Lai")
    client.force_login(commune_officer)
    body = client.get(detail_url(an)).content.decode()
    assert "Thư riêng của tỉnh Gia Lai" not in body
