import datetime as dt

import pytest

from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError
from pdms.organizations import services
from pdms.organizations.models import Organization, OrgKind, OrgVersion, ReorgLink
from pdms.organizations.rollup import rollup, version_on

D = dt.date


def found(code, kind, parent, on=D(2020, 1, 1), **kw):
    return services.organization_found(code=code, name=f"Tổ chức {code}", kind=kind, parent=parent, founded_on=on, actor=None, **kw)


def test_founding_builds_the_path_from_the_parent(tree):
    branch = found("C0103", OrgKind.BRANCH, tree.commune_a)
    assert branch.path == tree.commune_a.path + f"{branch.pk:07d}."
    assert branch.versions.get().valid_from == D(2020, 1, 1)
    assert AuditEntry.objects.filter(object_type="organization", object_id=branch.pk, action="organization.found").exists()


@pytest.mark.parametrize("code", ["", "   ", "C 01", "X01"])
def test_it_refuses_missing_malformed_or_duplicate_codes(tree, code):
    with pytest.raises(DomainError) as err:
        found(code, OrgKind.BRANCH, tree.commune_a)
    assert err.value.field == "code"


def test_it_refuses_a_kind_not_allowed_under_the_parent(tree):
    with pytest.raises(DomainError) as err:
        found("C9", OrgKind.BRANCH, tree.province)
    assert err.value.field == "parent"


def test_it_refuses_a_district_after_the_2025_reform_and_a_commune_before_it(tree):
    with pytest.raises(DomainError):
        found("H9", OrgKind.DISTRICT, tree.province, on=D(2025, 7, 1))
    with pytest.raises(DomainError):
        found("XN9", OrgKind.COMMUNE, tree.province, on=D(2025, 6, 30))
    assert found("XN9", OrgKind.COMMUNE, tree.province, on=D(2025, 7, 1)).kind == OrgKind.COMMUNE


def test_it_refuses_a_parent_that_did_not_exist_yet(tree):
    with pytest.raises(DomainError) as err:
        found("C9", OrgKind.BRANCH, tree.commune_a, on=D(2005, 1, 1))
    assert err.value.field == "parent"


def test_rename_keeps_the_old_name_in_history(tree):
    services.organization_rename(organization=tree.branch_a1, name="Chi bộ thôn Một", on=D(2021, 5, 1), actor=None, reason="QĐ 12")
    assert version_on(tree.branch_a1, D(2021, 4, 30)).name == "Chi bộ thôn 1"
    assert version_on(tree.branch_a1, D(2021, 5, 1)).name == "Chi bộ thôn Một"
    entry = AuditEntry.objects.get(object_id=tree.branch_a1.pk, action="organization.rename")
    assert entry.changes["name"] == ["Chi bộ thôn 1", "Chi bộ thôn Một"] and entry.reason == "QĐ 12"


def test_a_change_dated_before_the_current_state_is_refused(tree):
    services.organization_rename(organization=tree.branch_a1, name="Chi bộ A", on=D(2021, 5, 1), actor=None)
    with pytest.raises(DomainError) as err:
        services.organization_rename(organization=tree.branch_a1, name="Chi bộ B", on=D(2021, 4, 1), actor=None)
    assert "01/05/2021" in err.value.message


def test_moving_an_organization_moves_its_subtree_from_that_date(tree):
    services.organization_move(organization=tree.commune_a, new_parent=tree.province, on=D(2022, 1, 1), actor=None)
    tree.branch_a1.refresh_from_db()
    assert tree.branch_a1.path.startswith(tree.province.path + f"{tree.commune_a.pk:07d}.")
    old = version_on(tree.branch_a1, D(2021, 12, 31))
    assert old.path.startswith(tree.district.path)
    assert AuditEntry.objects.filter(object_id=tree.commune_a.pk, action="organization.move").exists()


def test_moving_an_organization_under_its_own_descendant_is_refused(tree):
    with pytest.raises(DomainError) as err:
        services.organization_move(organization=tree.district, new_parent=tree.commune_a, on=D(2022, 1, 1), actor=None)
    assert err.value.field == "parent"


def test_branch_committee_is_a_dated_fact(tree):
    services.organization_set_committee(organization=tree.branch_a1, has_committee=True, on=D(2023, 3, 1), actor=None)
    assert not version_on(tree.branch_a1, D(2023, 2, 28)).has_committee
    assert version_on(tree.branch_a1, D(2023, 3, 1)).has_committee
    with pytest.raises(DomainError):
        services.organization_set_committee(organization=tree.branch_a1, has_committee=True, on=D(2023, 4, 1), actor=None)


def test_merge_into_a_new_commune_moves_children_and_members_and_links_history(tree):
    new = services.organizations_merge(
        sources=[tree.commune_a, tree.commune_b],
        new=services.NewOrganization("XM01", "Đảng bộ xã Đắk Hà", OrgKind.COMMUNE, tree.province),
        on=D(2025, 7, 1),
        actor=None,
        decision="QĐ 01-QĐ/TU",
    )
    for org in (tree.commune_a, tree.commune_b):
        org.refresh_from_db()
        assert org.ended_on == D(2025, 7, 1)
    assert set(ReorgLink.objects.filter(successor=new).values_list("predecessor__code", flat=True)) == {"X01", "X02"}
    tree.branch_b1.refresh_from_db()
    assert tree.branch_b1.parent == new
    assert version_on(tree.branch_b1, D(2025, 6, 30)).parent == tree.commune_b
    # The old communes' history rolls up into the new one.
    assert {tree.commune_a.pk, tree.commune_b.pk} <= rollup(new, D(2026, 1, 1)).ids()


def test_merging_an_organization_into_itself_is_refused(tree):
    with pytest.raises(DomainError):
        services.organizations_merge(sources=[tree.commune_a], into=tree.commune_a, on=D(2025, 7, 1), actor=None)


def test_dissolving_requires_a_destination_for_members_and_nothing_is_half_written(tree):
    versions_before = OrgVersion.objects.count()
    with pytest.raises(DomainError) as err:
        services.organization_dissolve(organization=tree.branch_a2, on=D(2024, 1, 1), actor=None)
    assert "Trần Quốc Đạt" in err.value.message
    tree.branch_a2.refresh_from_db()
    assert tree.branch_a2.ended_on is None and OrgVersion.objects.count() == versions_before


def test_dissolving_into_a_successor_moves_members(tree):
    services.organization_dissolve(organization=tree.branch_a2, successor=tree.branch_a1, on=D(2024, 1, 1), actor=None)
    dat = tree.members["dat"]
    dat.refresh_from_db()
    assert dat.organization == tree.branch_a1
    assert dat.periods.get(valid_to__isnull=True).start_event == "reorganization"


def test_split_assigns_each_member_to_a_part(tree):
    parts = [
        services.NewOrganization("C0101A", "Chi bộ thôn 1A", OrgKind.BRANCH, tree.commune_a),
        services.NewOrganization("C0101B", "Chi bộ thôn 1B", OrgKind.BRANCH, tree.commune_a),
    ]
    an, anh = tree.members["an"], tree.members["anh"]
    with pytest.raises(DomainError):  # every member must be assigned
        services.organization_split(source=tree.branch_a1, parts=parts, on=D(2026, 1, 15), actor=None, member_moves={an.pk: "C0101A"})
    created = services.organization_split(
        source=tree.branch_a1, parts=parts, on=D(2026, 1, 15), actor=None, member_moves={an.pk: "C0101A", anh.pk: "c0101b"}
    )
    assert [o.code for o in created] == ["C0101A", "C0101B"]
    an.refresh_from_db(), anh.refresh_from_db()
    assert an.organization.code == "C0101A" and anh.organization.code == "C0101B"
    assert Organization.objects.get(code="C0101").ended_on == D(2026, 1, 15)


def test_a_change_effective_in_the_future_is_refused(tree):
    with pytest.raises(DomainError) as err:
        services.organization_rename(organization=tree.branch_a1, name="Chi bộ mới", on=D(2027, 1, 1), actor=None)
    assert "01/01/2027" in err.value.message
