"""The reorganization forms: each one changes the tree through its service, refuses bad
input with a message on the form, is not found (404) outside the user's scope and is
refused (403) to users who see the organization but are not the committee above it."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pdms.audit.models import AuditEntry
from pdms.members.models import Member
from pdms.organizations.models import Organization, OrgKind

D = dt.date
COMMON = {"on": "01/01/2026", "decision": "15-QĐ/ĐU", "reason": "Theo đề nghị của chi bộ"}
FORMS = ("found", "rename", "move", "committee", "dissolve", "merge", "split")


def url(name: str, org) -> str:
    return reverse(f"organizations:{name}", args=[org if isinstance(org, int) else org.pk])


def post(client, form_name, org, /, **data):
    return client.post(url(form_name, org), COMMON | data)


def message_of(response) -> str:
    """The latest message shown to the user."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def fresh(org) -> Organization:
    return Organization.objects.get(pk=org.pk)


def member_org(member) -> Organization:
    return Member.objects.get(pk=member.pk).organization


# --- found, rename, move, committee -------------------------------------------------------


def test_found_creates_a_branch_under_the_organization(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "found", tree.commune_a, code="c0103", name="Chi bộ thôn 3", kind=OrgKind.BRANCH)
    new = Organization.objects.get(code="C0103")
    assert response.status_code == 302 and response["Location"] == reverse("organizations:detail", args=[new.pk])
    assert new.parent == tree.commune_a and new.founded_on == D(2026, 1, 1)
    assert message_of(response) == "Đã thành lập Chi bộ thôn 3 trực thuộc Đảng bộ xã Hà Mòn."
    entry = AuditEntry.objects.get(object_type="organization", object_id=new.pk)
    assert entry.actor == commune_officer and entry.reason == "Theo đề nghị của chi bộ"
    assert new.versions.get().event.decision == "15-QĐ/ĐU"


def test_the_found_form_speaks_vietnamese_and_offers_only_kinds_allowed_there(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(url("found", tree.commune_a))
    body = response.content.decode()
    assert "Thành lập tổ chức đảng trực thuộc" in body and "Ngày có hiệu lực" in body and "Số quyết định" in body
    assert [value for value, _label in response.context["form"].fields["kind"].choices] == [OrgKind.SUB_COMMITTEE, OrgKind.BRANCH]
    # Nothing can stand under a branch, so its form does not exist.
    assert client.get(url("found", tree.branch_a1)).status_code == 404


def test_found_refuses_a_code_already_used(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "found", tree.commune_a, code="C0101", name="Chi bộ thôn 9", kind=OrgKind.BRANCH)
    assert response.status_code == 200
    assert "C0101" in response.context["form"].errors["code"][0]
    assert not Organization.objects.filter(name="Chi bộ thôn 9").exists()


def test_rename_keeps_the_old_name_in_history(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "rename", tree.branch_a1, name="Chi bộ thôn Kon Rơ")
    assert response.status_code == 302
    assert fresh(tree.branch_a1).name == "Chi bộ thôn Kon Rơ"
    assert message_of(response) == "Đã đổi tên Chi bộ thôn 1 thành Chi bộ thôn Kon Rơ."
    assert list(tree.branch_a1.versions.values_list("name", flat=True)) == ["Chi bộ thôn 1", "Chi bộ thôn Kon Rơ"]


def test_a_change_dated_before_the_current_state_is_refused(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "rename", tree.branch_a1, name="Chi bộ thôn Kon Rơ", on="01/01/2009")
    assert response.status_code == 200
    assert "01/01/2010" in response.context["form"].errors["on"][0]
    assert fresh(tree.branch_a1).name == "Chi bộ thôn 1"


def test_a_change_dated_in_the_future_is_refused(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "rename", tree.branch_a1, name="Chi bộ thôn Kon Rơ", on="01/01/2027")
    assert response.context["form"].errors["on"] == ["Ngày có hiệu lực 01/01/2027 là ngày trong tương lai."]
    assert fresh(tree.branch_a1).name == "Chi bộ thôn 1"


def test_a_date_the_calendar_does_not_have_is_refused(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "rename", tree.branch_a1, name="Chi bộ thôn Kon Rơ", on="32/13/2025")
    assert response.context["form"].errors["on"] == ["Ngày 32/13/2025 không có."]


def test_every_change_needs_its_decision_number(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "rename", tree.branch_a1, name="Chi bộ thôn Kon Rơ", decision="")
    assert "decision" in response.context["form"].errors
    assert fresh(tree.branch_a1).name == "Chi bộ thôn 1"


def test_move_puts_a_branch_under_another_commune_with_its_members(client, tree, province_officer):
    client.force_login(province_officer)
    response = post(client, "move", tree.branch_a2, parent="x02")
    assert response.status_code == 302
    assert fresh(tree.branch_a2).parent == tree.commune_b
    assert message_of(response) == "Đã chuyển Chi bộ thôn 2 về trực thuộc Đảng bộ xã Ngọc Wang."
    assert member_org(tree.members["dat"]) == tree.branch_a2


def test_move_refuses_to_put_an_organization_under_its_own_child(client, tree, province_officer):
    client.force_login(province_officer)
    response = post(client, "move", tree.commune_a, parent="C0101")
    assert response.status_code == 200
    assert "Chi bộ thôn 1" in response.context["form"].errors["parent"][0]
    assert fresh(tree.commune_a).parent == tree.district


def test_move_refuses_an_unknown_parent_code_or_one_outside_the_scope(client, tree, commune_officer):
    client.force_login(commune_officer)
    for code in ("ZZ99", "X02", "T02"):
        response = post(client, "move", tree.branch_a2, parent=code)
        assert response.context["form"].errors["parent"] == [
            f"Không có tổ chức đảng đang hoạt động nào mà bạn được thay đổi mang mã {code}."
        ]
    assert fresh(tree.branch_a2).parent == tree.commune_a


def test_move_refuses_a_kind_not_allowed_under_the_parent(client, tree, province_officer):
    client.force_login(province_officer)
    response = post(client, "move", tree.branch_a1, parent="T01")
    assert response.status_code == 200
    assert "Đảng bộ tỉnh" in response.context["form"].errors["parent"][0]
    assert fresh(tree.branch_a1).parent == tree.commune_a


def test_a_branch_committee_is_set_and_unset_from_a_date(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "committee", tree.branch_a1, has_committee="yes")
    assert fresh(tree.branch_a1).has_committee is True
    assert message_of(response) == "Chi bộ thôn 1 đã có chi ủy."
    response = post(client, "committee", tree.branch_a1, has_committee="no", on="01/06/2026")
    assert fresh(tree.branch_a1).has_committee is False
    assert message_of(response) == "Chi bộ thôn 1 không còn chi ủy."


def test_setting_the_committee_status_it_already_has_is_refused(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "committee", tree.branch_a1, has_committee="no")
    assert response.context["form"].errors["has_committee"]


def test_only_branches_have_a_committee_form(client, tree, commune_officer):
    client.force_login(commune_officer)
    assert client.get(url("committee", tree.branch_a1)).status_code == 200
    assert client.get(url("committee", tree.commune_a)).status_code == 404


# --- dissolve, merge, split ---------------------------------------------------------------


def test_dissolve_sends_members_to_the_successor(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "dissolve", tree.branch_a2, successor="C0101")
    assert response.status_code == 302
    assert fresh(tree.branch_a2).ended_on == D(2026, 1, 1)
    assert member_org(tree.members["dat"]) == tree.branch_a1
    assert message_of(response) == "Đã giải thể Chi bộ thôn 2 từ ngày 01/01/2026."
    assert tree.branch_a2.successor_links.get().successor == tree.branch_a1


def test_dissolve_without_destinations_names_the_members_left_behind(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "dissolve", tree.branch_a1)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Nguyễn Văn An" in errors and "Lê Thị Ánh" in errors
    assert fresh(tree.branch_a1).ended_on is None


def test_dissolve_sends_each_member_where_chosen(client, tree, province_officer):
    client.force_login(province_officer)
    an, anh = tree.members["an"], tree.members["anh"]
    response = post(client, "dissolve", tree.branch_a1, **{f"member_{an.pk}": "C0102", f"member_{anh.pk}": "C0201"})
    assert response.status_code == 302
    assert (member_org(an), member_org(anh)) == (tree.branch_a2, tree.branch_b1)


def test_dissolve_lists_subordinates_and_members_to_assign(client, tree, province_officer):
    client.force_login(province_officer)
    body = client.get(url("dissolve", tree.commune_a)).content.decode()
    assert "Chi bộ thôn 1 (C0101)" in body and "Chi bộ thôn 2 (C0102)" in body
    body = client.get(url("dissolve", tree.branch_a1)).content.decode()
    assert "Nguyễn Văn An (01/01/1990)" in body


def test_merge_into_a_new_commune(client, tree, province_officer):
    client.force_login(province_officer)
    response = post(
        client, "merge", tree.commune_a, sources="X02", target="new",
        new_code="XM01", new_name="Đảng bộ xã Đắk Hà mới", new_kind=OrgKind.COMMUNE, new_parent="T01", on="01/07/2025",
    )
    new = Organization.objects.get(code="XM01")
    assert response.status_code == 302 and response["Location"] == reverse("organizations:detail", args=[new.pk])
    assert fresh(tree.commune_a).ended_on == D(2025, 7, 1) and fresh(tree.commune_b).ended_on == D(2025, 7, 1)
    assert fresh(tree.branch_b1).parent == new and member_org(tree.members["binh"]) == tree.branch_b1
    assert message_of(response) == "Đã hợp nhất Đảng bộ xã Hà Mòn, Đảng bộ xã Ngọc Wang thành Đảng bộ xã Đắk Hà mới."


def test_merge_into_an_existing_branch(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "merge", tree.branch_a2, target="existing", into="C0101")
    assert response.status_code == 302
    assert fresh(tree.branch_a2).ended_on == D(2026, 1, 1)
    assert member_org(tree.members["dat"]) == tree.branch_a1
    assert message_of(response) == "Đã sáp nhập Chi bộ thôn 2 vào Chi bộ thôn 1."


def test_merge_refuses_a_missing_target_or_organizations_outside_the_scope(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "merge", tree.branch_a2, target="existing", into="")
    assert response.context["form"].errors["into"]
    response = post(client, "merge", tree.branch_a2, sources="C0201", target="existing", into="C0101")
    assert response.context["form"].errors["sources"]
    assert fresh(tree.branch_a2).ended_on is None and fresh(tree.branch_b1).ended_on is None


def test_merge_into_itself_is_refused_by_the_rules(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(client, "merge", tree.branch_a2, target="existing", into="C0102")
    assert response.context["form"].errors["into"]


def test_split_assigns_every_member_to_a_new_branch(client, tree, commune_officer):
    client.force_login(commune_officer)
    an, anh = tree.members["an"], tree.members["anh"]
    response = post(
        client, "split", tree.branch_a1,
        part1_code="C0111", part1_name="Chi bộ thôn 1A", part1_kind=OrgKind.BRANCH,
        part2_code="C0112", part2_name="Chi bộ thôn 1B", part2_kind=OrgKind.BRANCH,
        part3_kind=OrgKind.BRANCH, part4_kind=OrgKind.BRANCH,
        **{f"member_{an.pk}": "1", f"member_{anh.pk}": "2"},
    )
    assert response.status_code == 302
    assert (member_org(an).code, member_org(anh).code) == ("C0111", "C0112")
    assert Organization.objects.get(code="C0112").parent == tree.commune_a
    assert fresh(tree.branch_a1).ended_on == D(2026, 1, 1)
    assert message_of(response) == "Đã chia tách Chi bộ thôn 1 thành Chi bộ thôn 1A, Chi bộ thôn 1B."


def test_split_refuses_a_member_left_unassigned_or_sent_to_an_empty_part(client, tree, commune_officer):
    client.force_login(commune_officer)
    an, anh = tree.members["an"], tree.members["anh"]
    parts = {
        "part1_code": "C0111", "part1_name": "Chi bộ thôn 1A", "part1_kind": OrgKind.BRANCH,
        "part2_code": "C0112", "part2_name": "Chi bộ thôn 1B", "part2_kind": OrgKind.BRANCH,
        "part3_kind": OrgKind.BRANCH, "part4_kind": OrgKind.BRANCH,
    }
    response = post(client, "split", tree.branch_a1, **parts, **{f"member_{an.pk}": "1"})
    assert "Lê Thị Ánh" in " ".join(response.context["form"].non_field_errors())
    response = post(client, "split", tree.branch_a1, **parts, **{f"member_{an.pk}": "1", f"member_{anh.pk}": "3"})
    assert response.context["form"].errors[f"member_{anh.pk}"]
    assert fresh(tree.branch_a1).ended_on is None
    assert not Organization.objects.filter(code="C0111").exists()


def test_nobody_creates_organizations_above_their_own_subtree(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = post(
        client, "merge", tree.branch_a1, sources="C0102", target="new",
        new_code="CM09", new_name="Chi bộ mới", new_kind=OrgKind.BRANCH, new_parent="H01",
    )
    assert response.context["form"].errors["new_parent"] == ["Không có tổ chức đảng đang hoạt động nào mà bạn được thay đổi mang mã H01."]
    response = post(
        client, "split", tree.branch_a1,
        part1_code="C0109", part1_name="Chi bộ A", part1_kind=OrgKind.BRANCH, part1_parent="H01",
        part2_code="C0110", part2_name="Chi bộ B", part2_kind=OrgKind.BRANCH,
        part3_kind=OrgKind.BRANCH, part4_kind=OrgKind.BRANCH,
    )
    assert response.context["form"].errors["part1_parent"]
    assert not Organization.objects.filter(code__in=["CM09", "C0109", "C0110"]).exists()


# --- who may open the forms ---------------------------------------------------------------


@pytest.mark.parametrize("name", FORMS)
def test_a_commune_officer_cannot_open_forms_outside_their_commune(client, tree, commune_officer, name):
    client.force_login(commune_officer)
    for org_id in (tree.commune_b.pk, tree.branch_b1.pk, tree.district.pk, tree.other_province.pk, 999999):
        assert client.get(url(name, org_id)).status_code == 404
        assert client.post(url(name, org_id), COMMON | {"name": "X", "code": "Q1", "parent": "C0101"}).status_code == 404


@pytest.mark.parametrize("name", ["rename", "move", "dissolve", "merge", "split"])
def test_a_commune_officer_may_not_reorganize_their_own_commune(client, tree, commune_officer, name):
    client.force_login(commune_officer)
    response = client.get(url(name, tree.commune_a))
    assert response.status_code == 403
    assert "Chỉ cán bộ của Đảng bộ huyện Đắk Hà mới được" in response.content.decode()
    response = client.post(url(name, tree.commune_a), COMMON | {"name": "Đảng bộ xã đổi tên", "successor": "X02"})
    assert response.status_code == 403
    assert fresh(tree.commune_a).name == "Đảng bộ xã Hà Mòn" and fresh(tree.commune_a).ended_on is None


@pytest.mark.parametrize("user", ["viewer", "secretary"])
@pytest.mark.parametrize("name", FORMS)
def test_viewers_and_branch_secretaries_may_not_open_or_post_any_form(client, tree, request, user, name):
    client.force_login(request.getfixturevalue(user))
    target = tree.branch_a1
    expected = 404 if name == "found" else 403  # nothing can be founded under a branch
    assert client.get(url(name, target)).status_code == expected
    response = client.post(url(name, target), COMMON | {"name": "Chi bộ đổi tên", "successor": "C0102", "has_committee": "yes"})
    assert response.status_code == expected
    assert fresh(target).name == "Chi bộ thôn 1" and fresh(target).ended_on is None and not fresh(target).has_committee


def test_an_outsider_cannot_open_forms_of_province_t01(client, tree, outsider):
    client.force_login(outsider)
    for name in FORMS:
        assert client.get(url(name, tree.province)).status_code == 404
        assert client.get(url(name, tree.branch_a1)).status_code == 404


def test_a_dissolved_organization_can_no_longer_be_changed(client, tree, commune_officer):
    client.force_login(commune_officer)
    post(client, "dissolve", tree.branch_a2, successor="C0101")
    for name in FORMS:
        assert client.get(url(name, tree.branch_a2)).status_code == (404 if name == "found" else 403)  # nothing stands under a branch
    assert "đã giải thể ngày 01/01/2026" in client.get(url("rename", tree.branch_a2)).content.decode()
    assert client.get(reverse("organizations:detail", args=[tree.branch_a2.pk])).status_code == 200
