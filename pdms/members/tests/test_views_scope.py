"""The scope boundary on the member pages: who may open which member, and who may use
the forms. Guessed ids outside the subtree give 404, as if the member did not exist."""

import pytest
from django.urls import reverse

MEMBER_FORMS = ("edit", "recognize", "transfer", "temporary", "end", "death", "receive")


def url(name, member) -> str:
    return reverse(f"members:{name}", args=[member.pk])


@pytest.mark.parametrize("outside", ["binh", "uyen"])
def test_the_commune_officer_cannot_open_members_of_another_commune_or_province(client, tree, commune_officer, outside):
    member = tree.members[outside]
    client.force_login(commune_officer)
    assert client.get(url("detail", member)).status_code == 404
    for name in MEMBER_FORMS:
        assert client.get(url(name, member)).status_code == 404
        assert client.post(url(name, member), {"on": "20/11/2026"}).status_code == 404
    assert client.post(url("citizen_id", member)).status_code == 404


def test_a_member_id_that_does_not_exist_gives_404(client, tree, province_officer):
    client.force_login(province_officer)
    assert client.get(reverse("members:detail", args=[999999])).status_code == 404


def test_a_viewer_sees_members_but_gets_404_on_every_form(client, tree, viewer):
    an, anh = tree.members["an"], tree.members["anh"]
    client.force_login(viewer)
    page = client.get(url("detail", anh))
    assert page.status_code == 200 and not page.context["can_write"]
    body = page.content.decode()
    for name in MEMBER_FORMS:
        assert url(name, anh) not in body
        for member in (an, anh):
            assert client.get(url(name, member)).status_code == 404
            assert client.post(url(name, member), {"on": "20/11/2026"}).status_code == 404
    for form_url in (reverse("members:register"), reverse("members:incoming")):
        assert client.get(form_url).status_code == 404
    assert client.post(reverse("members:register"), {"organization": "C0101"}).status_code == 404
    list_page = client.get(reverse("members:search")).content.decode()
    assert reverse("members:register") not in list_page and reverse("members:incoming") not in list_page


def test_a_secretary_acts_only_within_their_branch(client, tree, secretary):
    client.force_login(secretary)
    anh, dat = tree.members["anh"], tree.members["dat"]
    assert client.get(url("detail", anh)).context["can_write"]
    assert client.post(url("recognize", anh), {"on": "20/11/2026"}).status_code == 302
    assert client.get(url("detail", dat)).status_code == 404
    for name in MEMBER_FORMS:
        assert client.get(url(name, dat)).status_code == 404


def test_the_province_officer_may_act_on_every_member_of_the_province(client, tree, province_officer):
    client.force_login(province_officer)
    for key in ("an", "binh"):
        assert client.get(url("edit", tree.members[key])).status_code == 200
    assert client.get(url("edit", tree.members["uyen"])).status_code == 404
