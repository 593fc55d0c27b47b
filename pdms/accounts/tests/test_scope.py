import datetime as dt

import pytest
from django.http import Http404

from pdms.accounts.scope import Scope
from pdms.core.errors import DomainError
from pdms.core.testing import make_user
from pdms.members.selectors import get_member_for_user_or_404, members_for_user
from pdms.organizations import services as orgs
from pdms.organizations.models import OrgKind
from pdms.organizations.selectors import get_organization_for_user_or_404, organizations_for_user

D = dt.date


def test_commune_officer_sees_their_subtree_only(tree, commune_officer):
    scope = Scope.of(commune_officer)
    visible = set(organizations_for_user(scope).values_list("code", flat=True))
    assert visible == {"X01", "C0101", "C0102"}


def test_commune_officer_may_open_their_branch_but_not_the_neighbours(tree, commune_officer):
    scope = Scope.of(commune_officer)
    assert get_organization_for_user_or_404(scope, tree.branch_a1.pk, for_write=True) == tree.branch_a1
    for org in (tree.commune_b, tree.branch_b1, tree.district, tree.other_branch):
        with pytest.raises(Http404):
            get_organization_for_user_or_404(scope, org.pk, for_write=False)
    with pytest.raises(Http404):
        get_organization_for_user_or_404(scope, "99999", for_write=False)
    with pytest.raises(Http404):
        get_organization_for_user_or_404(scope, "not-a-number", for_write=False)


def test_viewer_may_read_but_not_write(tree, viewer):
    scope = Scope.of(viewer)
    assert get_organization_for_user_or_404(scope, tree.branch_b1.pk, for_write=False)
    with pytest.raises(Http404):
        get_organization_for_user_or_404(scope, tree.branch_b1.pk, for_write=True)
    with pytest.raises(Http404):
        get_member_for_user_or_404(scope, tree.members["binh"].pk, for_write=True)


def test_members_outside_the_subtree_are_invisible(tree, commune_officer, outsider):
    names = {m.person.full_name for m in members_for_user(Scope.of(commune_officer))}
    assert names == {"Nguyễn Văn An", "Lê Thị Ánh", "Trần Quốc Đạt"}
    with pytest.raises(Http404):
        get_member_for_user_or_404(Scope.of(commune_officer), tree.members["binh"].pk, for_write=False)
    assert {m.person.full_name for m in members_for_user(Scope.of(outsider))} == {"Võ Thị Uyên"}


def test_secretary_is_limited_to_one_branch(tree, secretary):
    scope = Scope.of(secretary)
    assert set(organizations_for_user(scope).values_list("code", flat=True)) == {"C0101"}
    with pytest.raises(Http404):
        get_member_for_user_or_404(scope, tree.members["dat"].pk, for_write=False)


def test_a_secretary_must_be_bound_to_a_branch(tree):
    with pytest.raises(DomainError):
        make_user("wrong", "secretary", tree.commune_a)


def test_after_a_merger_the_new_commune_sees_the_history_of_the_old_ones(tree):
    new = orgs.organizations_merge(
        sources=[tree.commune_a, tree.commune_b],
        new=orgs.NewOrganization("XM01", "Đảng bộ xã Đắk Hà", OrgKind.COMMUNE, tree.province),
        on=D(2025, 7, 1),
        actor=None,
    )
    officer = make_user("newcommune", "staff", new)
    visible = set(organizations_for_user(Scope.of(officer)).values_list("code", flat=True))
    assert {"XM01", "X01", "X02", "C0101", "C0102", "C0201"} <= visible
    assert "H01" not in visible and "T01" not in visible
    # Ended organizations are visible for history but cannot be written.
    assert not Scope.of(officer).can_write_org(tree.commune_a)


def test_a_member_who_left_stays_visible_to_the_old_organization_but_not_writable(tree, commune_officer):
    from pdms.members.services import member_transfer_start, member_transfer_receive

    an = tree.members["an"]
    member_transfer_start(member=an, on=D(2024, 1, 1), destination=tree.other_branch, actor=None)
    member_transfer_receive(member=an, on=D(2024, 1, 10), actor=None)
    scope = Scope.of(commune_officer)
    assert get_member_for_user_or_404(scope, an.pk, for_write=False) == an
    with pytest.raises(Http404):
        get_member_for_user_or_404(scope, an.pk, for_write=True)
