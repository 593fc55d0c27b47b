"""Namesakes the duplicate rule pairs can be declared different people, with a reason, by
a user who may change both; the finding then no longer appears, and it tells the two apart
by their card number, citizen ID digits and organization code."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pdms.audit.models import AuditEntry
from pdms.checks import services
from pdms.checks.models import DistinctPeople
from pdms.checks.registry import run_checks
from pdms.core.errors import DomainError
from pdms.core.testing import person
from pdms.members.services import member_register

D = dt.date
RUN = reverse("checks:run")
MARK = reverse("checks:distinct_people")


@pytest.fixture
def twins(tree):
    """An (branch A1) and a namesake in branch A2 without a citizen ID: flagged."""
    an = tree.members["an"]
    twin = member_register(
        person=person("Nguyễn Văn An", an.person.birth_date, citizen_id="001090555555"), organization=tree.branch_a2,
        admitted_on=D(2016, 1, 1), recognized_on=D(2017, 1, 1), card_number="51099999", actor=None, today=D(2026, 11, 23),
    )
    twin.person.citizen_id_hash = None
    twin.person.citizen_id_encrypted = twin.person.citizen_id_last4 = ""
    twin.person.save()
    return an, twin


def duplicates(check_ctx, org) -> list:
    return run_checks(check_ctx(org), ["duplicate_person"])


def test_each_person_of_a_duplicate_finding_shows_what_tells_them_apart(tree, check_ctx, twins):
    an, twin = twins
    [finding] = duplicates(check_ctx, tree.province)
    labels = [record.label for record in finding.records]
    assert labels[1] == f"Nguyễn Văn An ({twin.person.birth_date:%d/%m/%Y}, thẻ 51099999, {tree.branch_a2.code})"
    assert f"CCCD ••••••••{an.person.citizen_id_last4}" in labels[0] and tree.branch_a1.code in labels[0]


def test_people_declared_different_are_no_longer_flagged(tree, check_ctx, twins, commune_officer):
    services.distinct_people_mark(members=list(twins), reason="Khác cha mẹ, khác quê quán", actor=commune_officer)
    assert duplicates(check_ctx, tree.province) == []
    entry = AuditEntry.objects.get(action="distinct_people.mark")
    assert (entry.actor, entry.reason) == (commune_officer, "Khác cha mẹ, khác quê quán")


def test_declaring_people_different_needs_a_reason(tree, twins, commune_officer):
    with pytest.raises(DomainError, match="Hãy nêu lý do"):
        services.distinct_people_mark(members=list(twins), reason="  ", actor=commune_officer)
    assert not DistinctPeople.objects.exists()


def test_only_a_user_who_may_change_both_people_may_declare_them_different(tree, twins, secretary):
    with pytest.raises(PermissionDenied):
        services.distinct_people_mark(members=list(twins), reason="Khác quê", actor=secretary)
    assert not DistinctPeople.objects.exists() and not AuditEntry.objects.filter(action="distinct_people.mark").exists()


def test_the_check_page_declares_people_different_and_comes_back_to_the_same_run(client, tree, twins, commune_officer):
    client.force_login(commune_officer)
    page = client.get(RUN, {"org": tree.commune_a.pk, "as_of": "23/11/2026"}).content.decode()
    assert 'action="/checks/distinct-people/"' in page and "Đây là những người khác nhau" in page
    response = client.post(MARK, {"member": [m.pk for m in twins], "reason": "Khác quê", "back": f"org={tree.commune_a.pk}&as_of=23/11/2026"})
    assert response.status_code == 302 and response["Location"] == f"{RUN}?org={tree.commune_a.pk}&as_of=23%2F11%2F2026"
    assert DistinctPeople.objects.count() == 1


def test_a_person_outside_the_users_scope_is_not_found(client, tree, twins, outsider):
    client.force_login(outsider)
    response = client.post(MARK, {"member": [m.pk for m in twins], "reason": "Khác quê"})
    assert response.status_code == 404
    assert not DistinctPeople.objects.exists()
