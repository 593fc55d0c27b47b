"""Organization fields are pickers: typing a code or a name suggests the organizations of
the user's scope (a datalist, no script), never one outside it."""

import datetime as dt
import re

from django.urls import reverse

from pdms.targets.services import plan_create


def suggested(body: str, field_id: str) -> dict[str, str]:
    """The code → name pairs the datalist of ``field_id`` offers."""
    assert f'id="{field_id}"' in body and f'list="{field_id}-options"' in body
    datalist = re.search(rf'<datalist id="{field_id}-options">(.*?)</datalist>', body, re.S).group(1)
    return dict(re.findall(r'<option value="([^"]+)">([^<]*)</option>', datalist))


def test_the_summary_report_suggests_the_organizations_of_the_users_scope(client, tree, commune_officer):
    plan_create(
        organization=tree.commune_a, number="01-KH/ĐU", title="Kế hoạch phát triển đảng viên", issued_on=dt.date(2025, 8, 15),
        term_start=dt.date(2025, 8, 1), term_end=dt.date(2030, 7, 31), actor=None,
    )
    client.force_login(commune_officer)
    choices = suggested(client.get(reverse("reporting:summary")).content.decode(), "id_organization")
    assert choices[tree.commune_a.code] == tree.commune_a.name
    assert tree.branch_a1.code in choices
    assert tree.commune_b.code not in choices and tree.other_province.code not in choices


def test_the_account_form_suggests_every_active_organization_to_an_administrator(client, tree, admin_user):
    client.force_login(admin_user)
    choices = suggested(client.get(reverse("accounts:create")).content.decode(), "id_organization")
    assert {tree.province.code, tree.other_province.code, tree.branch_b1.code} <= set(choices)
