"""Reorganizations are decided by the committee above: the services themselves refuse
anyone who may not write the organization's parent, whatever page or command calls them,
and nothing is written when they refuse."""

import datetime as dt

import pytest

from pdms.accounts.scope import Scope
from pdms.audit.models import AuditEntry
from pdms.core.errors import PermissionDenied
from pdms.members.models import Member
from pdms.organizations import services
from pdms.organizations.models import Organization, OrgKind, OrgVersion
from pdms.organizations.permissions import may_reorganize, may_reorganize_under

D = dt.date
ON = D(2026, 1, 15)


def changes_of_the_tree() -> tuple[int, int]:
    return OrgVersion.objects.count(), AuditEntry.objects.filter(object_type="organization").count()


def every_reorganization_of(tree, org: Organization) -> dict:
    """One call per service, each changing ``org`` (or founding under it)."""
    part = lambda code: services.NewOrganization(code, f"Tổ chức {code}", org.kind, org.parent)  # noqa: E731
    return {
        "found": lambda actor: services.organization_found(
            code="C0199", name="Chi bộ mới", kind=OrgKind.BRANCH, parent=org, founded_on=ON, actor=actor
        ),
        "rename": lambda actor: services.organization_rename(organization=org, name="Tên mới", on=ON, actor=actor),
        "committee": lambda actor: services.organization_set_committee(organization=org, has_committee=True, on=ON, actor=actor),
        "move": lambda actor: services.organization_move(organization=org, new_parent=tree.province, on=ON, actor=actor),
        "dissolve": lambda actor: services.organization_dissolve(organization=org, successor=tree.branch_a2, on=ON, actor=actor),
        "merge": lambda actor: services.organizations_merge(sources=[org], into=tree.branch_a2, on=ON, actor=actor),
        "split": lambda actor: services.organization_split(
            source=org, parts=[part("P1"), part("P2")], on=ON, actor=actor, member_moves={}
        ),
    }


@pytest.mark.parametrize("name", ["rename", "committee", "move", "dissolve", "merge", "split"])
def test_a_branch_secretary_may_not_reorganize_their_own_branch(tree, secretary, name):
    before = changes_of_the_tree()
    with pytest.raises(PermissionDenied) as refused:
        every_reorganization_of(tree, tree.branch_a1)[name](secretary)
    assert refused.value.message == "Chỉ cán bộ của Đảng bộ xã Hà Mòn mới được thành lập, thay đổi hoặc giải thể các tổ chức đảng trực thuộc."
    assert changes_of_the_tree() == before


@pytest.mark.parametrize("name", ["rename", "committee", "move", "dissolve", "merge", "split"])
def test_a_commune_officer_may_not_reorganize_their_own_commune(tree, commune_officer, name):
    before = changes_of_the_tree()
    with pytest.raises(PermissionDenied) as refused:
        every_reorganization_of(tree, tree.commune_a)[name](commune_officer)
    assert "Đảng bộ huyện Đắk Hà" in refused.value.message
    assert changes_of_the_tree() == before


def test_a_commune_officer_founds_under_their_commune_and_changes_its_branches(tree, commune_officer):
    new = services.organization_found(
        code="C0103", name="Chi bộ thôn 3", kind=OrgKind.BRANCH, parent=tree.commune_a, founded_on=ON, actor=commune_officer
    )
    services.organization_rename(organization=tree.branch_a1, name="Chi bộ thôn Một", on=ON, actor=commune_officer)
    services.organization_set_committee(organization=new, has_committee=True, on=D(2026, 2, 1), actor=commune_officer)
    services.organization_dissolve(organization=tree.branch_a2, successor=new, on=ON, actor=commune_officer)
    assert Organization.objects.get(pk=tree.branch_a1.pk).name == "Chi bộ thôn Một"
    assert Member.objects.get(pk=tree.members["dat"].pk).organization == new
    assert AuditEntry.objects.filter(object_type="organization", actor=commune_officer).count() == 4


def test_a_viewer_may_not_reorganize_anything(tree, viewer):
    for name, perform in every_reorganization_of(tree, tree.branch_a1).items():
        if name != "found":
            with pytest.raises(PermissionDenied):
                perform(viewer)
    assert Organization.objects.get(pk=tree.branch_a1.pk).ended_on is None


def test_only_an_administrator_founds_or_changes_a_top_level_organization(tree, province_officer, admin_user):
    with pytest.raises(PermissionDenied) as refused:
        services.organization_rename(organization=tree.province, name="Đảng bộ tỉnh mới", on=ON, actor=province_officer)
    assert refused.value.message == "Chỉ quản trị hệ thống mới được thành lập hoặc thay đổi tổ chức đảng cấp cao nhất."
    with pytest.raises(PermissionDenied):
        services.organization_found(
            code="T09", name="Đảng bộ tỉnh mới", kind=OrgKind.PROVINCE, parent=None, founded_on=ON, actor=province_officer
        )
    services.organization_rename(organization=tree.province, name="Đảng bộ tỉnh mới", on=ON, actor=admin_user)
    assert Organization.objects.get(pk=tree.province.pk).name == "Đảng bộ tỉnh mới"


def test_members_and_units_go_only_where_the_actor_may_write(tree, commune_officer):
    before = changes_of_the_tree()
    with pytest.raises(PermissionDenied):
        services.organization_dissolve(organization=tree.branch_a1, successor=tree.branch_b1, on=ON, actor=commune_officer)
    with pytest.raises(PermissionDenied):
        services.organizations_merge(sources=[tree.branch_a1], into=tree.branch_b1, on=ON, actor=commune_officer)
    with pytest.raises(PermissionDenied):
        services.organization_dissolve(
            organization=tree.branch_a1, successor=tree.branch_a2, on=ON, actor=commune_officer,
            member_moves={tree.members["an"].pk: tree.branch_b1},
        )
    with pytest.raises(PermissionDenied):
        services.organization_move(organization=tree.branch_a1, new_parent=tree.commune_b, on=ON, actor=commune_officer)
    assert changes_of_the_tree() == before
    assert Member.objects.get(pk=tree.members["an"].pk).organization == tree.branch_a1


def test_pages_offer_what_the_services_allow(tree, province_officer, commune_officer, secretary, viewer, admin_user):
    def offered(user, org):
        scope = Scope.of(user)
        return may_reorganize(scope, org), may_reorganize_under(scope, org)

    assert offered(admin_user, tree.province) == (True, True)
    assert offered(province_officer, tree.province) == (False, True)
    assert offered(province_officer, tree.commune_a) == (True, True)
    assert offered(commune_officer, tree.commune_a) == (False, True)
    assert offered(commune_officer, tree.branch_a1) == (True, True)
    assert offered(commune_officer, tree.branch_b1) == (False, False)
    assert offered(secretary, tree.branch_a1) == (False, False)
    assert offered(viewer, tree.branch_a1) == (False, False)
