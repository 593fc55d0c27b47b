"""The member list: search without diacritics, Vietnamese order, as-of dates, statuses,
htmx partials, pagination and the organization picker."""

import datetime as dt
import unicodedata

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from pdms.core.testing import person, register
from pdms.members import services
from pdms.members.models import Person
from pdms.members.tests.test_views_forms import registration

D = dt.date
URL = reverse("members:search")


def names(response) -> list[str]:
    return [row.member.person.full_name for row in response.context["rows"]]


def test_search_without_diacritics_finds_the_member(client, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(URL, {"q": "nguyen van an"})
    assert response.status_code == 200
    assert names(response) == ["Nguyễn Văn An"]
    assert "Nguyễn Văn An" in response.content.decode()


def test_a_search_matches_names_by_whole_syllables_from_their_start(client, tree, province_officer):
    register(tree.branch_a1, "Y Hồng", born=D(1990, 2, 2))
    register(tree.branch_a1, "Lý Hồng Giang", born=D(1991, 3, 3))
    client.force_login(province_officer)
    assert names(client.get(URL, {"q": "y hon"})) == ["Y Hồng"]
    assert names(client.get(URL, {"q": "hong"})) == ["Lý Hồng Giang", "Y Hồng"]


def test_a_name_typed_in_full_comes_before_longer_names_that_start_with_it(client, tree, province_officer):
    register(tree.branch_a1, "Hoàng Bảo", born=D(1990, 2, 2))
    register(tree.branch_a1, "Hoàng Bảo Anh", born=D(1991, 3, 3))
    client.force_login(province_officer)
    # Given names first, "Bảo Anh" would come before "Bảo".
    assert names(client.get(URL, {"q": "hoang bao"})) == ["Hoàng Bảo", "Hoàng Bảo Anh"]


def test_a_name_typed_with_a_zero_width_space_is_found(client, tree, province_officer):
    client.force_login(province_officer)
    assert names(client.get(URL, {"q": "Ngu\u200byễn Văn\u00ad An"})) == ["Nguyễn Văn An"]


def test_a_name_registered_with_invisible_characters_and_in_decomposed_form_is_found(client, tree, commune_officer):
    client.force_login(commune_officer)
    typed = unicodedata.normalize("NFD", "Lò\u200b Văn\ufeff Páo")
    response = client.post(reverse("members:register"), registration(full_name=typed, organization="C0101"))
    assert response.status_code == 302
    assert Person.objects.get(given_name="Páo").full_name == "Lò Văn Páo"
    assert names(client.get(URL, {"q": "Lò Văn Páo"})) == ["Lò Văn Páo"]


def test_search_finds_a_member_by_party_card_number(client, tree, commune_officer, today):
    services.member_register(
        person=person("Hoàng Văn Dũng", D(1985, 4, 4)), organization=tree.branch_a2, admitted_on=D(2010, 5, 5),
        recognized_on=D(2011, 5, 5), card_number="51012345", actor=None, today=today,
    )
    client.force_login(commune_officer)
    assert names(client.get(URL, {"q": "51012345"})) == ["Hoàng Văn Dũng"]


def test_the_list_is_in_vietnamese_alphabetical_order(client, tree, province_officer):
    register(tree.branch_a2, "Hoàng Văn Dũng")
    client.force_login(province_officer)
    response = client.get(URL, {"org": tree.district.pk})
    # Given name first: An < Ánh < Bình < Dũng < Đạt (d before đ); Uyên is in another province.
    assert names(response) == ["Nguyễn Văn An", "Lê Thị Ánh", "Phạm Thanh Bình", "Hoàng Văn Dũng", "Trần Quốc Đạt"]
    body = response.content.decode()
    assert body.index("Lê Thị Ánh") < body.index("Phạm Thanh Bình") < body.index("Hoàng Văn Dũng") < body.index("Trần Quốc Đạt")


def test_as_of_a_past_date_the_list_leaves_out_later_admissions(client, tree, commune_officer):
    client.force_login(commune_officer)
    past = client.get(URL, {"org": tree.branch_a1.pk, "as_of": "31/12/2020"})
    assert names(past) == ["Nguyễn Văn An"]
    assert "31/12/2020" in past.content.decode()
    assert names(client.get(URL, {"org": tree.branch_a1.pk})) == ["Nguyễn Văn An", "Lê Thị Ánh"]


def test_the_recognition_date_is_left_blank_before_it_happened(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(URL, {"org": tree.branch_a1.pk, "as_of": "01/06/2012"})
    assert names(response) == ["Nguyễn Văn An"]
    assert response.context["rows"][0].period.status == "probationary"
    assert "01/03/2013" not in response.content.decode()


def test_the_organization_column_shows_where_the_member_stood_on_that_date(client, tree, commune_officer):
    dat = tree.members["dat"]
    services.member_transfer_start(member=dat, on=D(2020, 6, 1), destination=tree.branch_a1, actor=None)
    services.member_transfer_receive(member=dat, on=D(2020, 6, 10), actor=None)
    client.force_login(commune_officer)
    before = client.get(URL, {"org": tree.commune_a.pk, "as_of": "31/12/2019", "q": "dat"})
    after = client.get(URL, {"org": tree.commune_a.pk, "q": "dat"})
    assert [r.organization_name for r in before.context["rows"]] == ["Chi bộ thôn 2"]
    assert [r.organization_name for r in after.context["rows"]] == ["Chi bộ thôn 1"]


def test_the_status_filter_narrows_the_list(client, tree, commune_officer):
    client.force_login(commune_officer)
    assert names(client.get(URL, {"org": tree.branch_a1.pk, "status": "probationary"})) == ["Lê Thị Ánh"]
    assert names(client.get(URL, {"org": tree.branch_a1.pk, "status": "full"})) == ["Nguyễn Văn An"]


def test_members_in_transit_to_the_organization_can_be_listed(client, tree, commune_officer):
    services.member_transfer_start(member=tree.members["an"], on=D(2026, 11, 1), destination=tree.branch_a2, actor=None)
    client.force_login(commune_officer)
    assert names(client.get(URL, {"org": tree.branch_a2.pk, "status": "in_transit"})) == ["Nguyễn Văn An"]
    assert "Nguyễn Văn An" not in names(client.get(URL, {"org": tree.commune_a.pk}))


def test_the_list_defaults_to_the_users_organization_and_today(client, tree, secretary, today):
    client.force_login(secretary)
    response = client.get(URL)
    assert response.context["organization"] == tree.branch_a1 and response.context["as_of"] == today
    assert names(response) == ["Nguyễn Văn An", "Lê Thị Ánh"]


def test_an_administrator_sees_every_organization_by_default(client, tree, admin_user):
    client.force_login(admin_user)
    assert "Võ Thị Uyên" in names(client.get(URL))


def test_an_organization_outside_the_scope_gives_404(client, tree, commune_officer):
    client.force_login(commune_officer)
    for org in (tree.branch_b1.pk, tree.other_province.pk, "abc", 999999):
        assert client.get(URL, {"org": org}).status_code == 404


def test_an_htmx_request_gets_only_the_results(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(URL, {"q": "anh", "org": tree.commune_a.pk}, headers={"HX-Request": "true", "HX-Target": "results"})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "<form" not in body
    assert "Lê Thị Ánh" in body and "Trần Quốc Đạt" not in body


def test_the_search_page_wires_htmx_to_the_results_and_works_without_it(client, tree, commune_officer):
    client.force_login(commune_officer)
    body = client.get(URL).content.decode()
    assert 'hx-target="#results"' in body and "delay:400ms" in body and 'id="results"' in body
    assert f'action="{URL}"' in body and 'method="get"' in body


def test_the_list_is_paginated_by_fifty(client, tree, commune_officer):
    for i in range(51):
        register(tree.branch_a2, f"Đinh Văn Thử{i:02d}")
    client.force_login(commune_officer)
    first = client.get(URL, {"org": tree.branch_a2.pk})
    assert len(first.context["rows"]) == 50 and first.context["page"].paginator.count == 52
    assert "52" in first.content.decode()
    second = client.get(URL, {"org": tree.branch_a2.pk, "page": 2})
    assert len(second.context["rows"]) == 2


def test_the_organization_picker_suggests_only_organizations_in_scope(client, tree, commune_officer):
    client.force_login(commune_officer)
    options = client.get(reverse("members:org_options"), {"org_q": "chi bo"})
    assert [o.code for o in options.context["org_options"]] == ["C0101", "C0102"]
    assert "Kon Gung" not in options.content.decode()
    assert client.get(reverse("members:org_options"), {"org_q": "ngoc wang"}).context["org_options"] == []
    by_code = client.get(reverse("members:org_options"), {"org_q": "c0102"}).context["org_options"]
    assert [o.code for o in by_code] == ["C0102"]


def test_the_organization_picker_works_without_javascript(client, tree, commune_officer):
    client.force_login(commune_officer)
    body = client.get(URL, {"org_q": "thon 2"}).content.decode()
    assert f"?org={tree.branch_a2.pk}&amp;" in body


def test_the_list_header_writes_thousands_with_dots():
    page = Paginator(range(60216), 50).page(1)
    html = render_to_string("members/_results.html", {"page": page, "rows": [], "as_of": D(2026, 11, 23)}, RequestFactory().get(URL))
    assert "60.216 đảng viên tính đến ngày 23/11/2026" in html
