"""Quota results across reorganizations: an admission counts for the unit that held the
admitting organization on the admission date; a merged unit's results pass to its
successor; a unit that ended otherwise keeps its row with its result up to its end."""

import datetime as dt

import pytest

from pdms.accounts.scope import system_scope
from pdms.core.testing import make_user, register
from pdms.indicators.engine import Context, get
from pdms.organizations.models import OrgKind
from pdms.organizations.services import NewOrganization, organization_dissolve, organization_found, organization_move, organizations_merge
from pdms.targets import services
from pdms.targets.reports import progress_rows

D = dt.date
TERM = (D(2020, 8, 1), D(2025, 7, 31))
REFORM = D(2025, 7, 1)


def found(code, name, kind, parent):
    return organization_found(code=code, name=name, kind=kind, parent=parent, founded_on=D(2010, 1, 1), actor=None)


@pytest.fixture
def province(db, today):
    """A province whose plan gives quotas to a district, the police and two agencies'
    committees. In the term: 2021 and 2022 admissions in the district's communes, 2021 in
    its market branch, 2023 in its school, 2021 in the police, 2022 in each agency. On
    01/03/2023 the market branch moves under the police; on 01/04/2023 the second agency
    merges into the first; on 01/07/2025 the communes merge into a new commune under the
    province, the school moves under the police and the district is dissolved."""
    t = {}
    t["province"] = found("T62", "Đảng bộ tỉnh Kon Tum", OrgKind.PROVINCE, None)
    t["district"] = found("H01", "Đảng bộ huyện Đắk Hà", OrgKind.DISTRICT, t["province"])
    t["police"] = found("K3", "Đảng bộ Công an tỉnh", OrgKind.PROVINCIAL_DIRECT, t["province"])
    t["agency_a"] = found("K6", "Đảng bộ Sở Nội vụ", OrgKind.PROVINCIAL_DIRECT, t["province"])
    t["agency_b"] = found("K7", "Đảng bộ Sở Lao động", OrgKind.PROVINCIAL_DIRECT, t["province"])
    t["commune_a"] = found("X01", "Đảng bộ xã Hà Mòn", OrgKind.GRASSROOTS_COMMITTEE, t["district"])
    t["commune_b"] = found("X02", "Đảng bộ xã Ngọc Wang", OrgKind.GRASSROOTS_COMMITTEE, t["district"])
    t["village_a"] = found("C01", "Chi bộ thôn 1", OrgKind.BRANCH, t["commune_a"])
    t["village_b"] = found("C02", "Chi bộ thôn Kon Gung", OrgKind.BRANCH, t["commune_b"])
    t["market"] = found("C03", "Chi bộ Ban quản lý chợ", OrgKind.GRASSROOTS_BRANCH, t["district"])
    t["school"] = found("C04", "Chi bộ Trường THPT Đắk Hà", OrgKind.GRASSROOTS_BRANCH, t["district"])
    t["station"] = found("C05", "Chi bộ Phòng Cảnh sát", OrgKind.GRASSROOTS_BRANCH, t["police"])
    t["office_a"] = found("C06", "Chi bộ Văn phòng Sở Nội vụ", OrgKind.GRASSROOTS_BRANCH, t["agency_a"])
    t["office_b"] = found("C07", "Chi bộ Văn phòng Sở Lao động", OrgKind.GRASSROOTS_BRANCH, t["agency_b"])
    t["plan"] = services.plan_create(
        organization=t["province"], number="09-KH/TU", title="Kế hoạch phát triển đảng viên", issued_on=D(2020, 10, 6),
        term_start=TERM[0], term_end=TERM[1], actor=None,
    )
    for key, value in (("province", 20), ("district", 6), ("police", 4), ("agency_a", 2), ("agency_b", 3)):
        set_quota(t, key, value, D(2020, 10, 6))
    for name, where, day in (
        ("Một", "village_a", D(2021, 3, 1)), ("Hai", "village_b", D(2022, 3, 1)), ("Ba", "market", D(2021, 5, 1)),
        ("Bốn", "school", D(2023, 5, 1)), ("Năm", "station", D(2021, 6, 1)), ("Sáu", "office_a", D(2022, 4, 1)),
        ("Bảy", "office_b", D(2022, 5, 1)),
    ):
        register(t[where], f"Vũ Văn {name}", admitted=day)
    organization_move(organization=t["market"], new_parent=t["police"], on=D(2023, 3, 1), actor=None)
    organizations_merge(sources=[t["agency_b"]], into=t["agency_a"], on=D(2023, 4, 1), actor=None)
    t["new_commune"] = organizations_merge(
        sources=[t["commune_a"], t["commune_b"]], on=REFORM, actor=None,
        new=NewOrganization("X101", "Đảng bộ xã Đăk Cấm", OrgKind.COMMUNE, t["province"]),
    )
    organization_move(organization=t["school"], new_parent=t["police"], on=REFORM, actor=None)
    organization_dissolve(organization=t["district"], on=REFORM, actor=None)
    register(t["market"], "Vũ Văn Tám", admitted=D(2023, 6, 1))
    register(t["school"], "Vũ Văn Chín", admitted=D(2025, 7, 10))
    return t


def set_quota(t, key, value, decided_on, reason=""):
    return services.quota_set(
        plan=t["plan"], organization=t[key], period_start=TERM[0], period_end=TERM[1], kind="number", value=value,
        decided_on=decided_on, reason=reason, actor=None,
    )


def ranking(t, as_of=D(2025, 7, 31)):
    head, units = progress_rows(system_scope(), t["plan"], t["province"], as_of, "term", pipeline=True)
    return head, {row.organization.code: row for row in units}


def admitted_names(t, key, as_of=D(2025, 7, 31)):
    ctx = Context.build(scope=system_scope(), organization=t[key], as_of=as_of, start=TERM[0], end=TERM[1])
    return sorted(p.member.person.given_name for p in get("quota").records(ctx))


def test_a_subtree_that_moves_mid_term_takes_its_future_with_it_not_its_past(province):
    _head, rows = ranking(province)
    # The market branch's 2021 admission stays the district's; its 2023 one is the police's.
    assert admitted_names(province, "police") == ["Chín", "Năm", "Tám"]
    assert rows["K3"].results["quota_achievement"].numerator == 3
    assert rows["K3"].results["quota_achievement"].percent == 75


def test_a_unit_that_ended_keeps_its_row_with_its_result_up_to_its_end(province):
    _head, rows = ranking(province)
    district = rows["H01"]
    assert admitted_names(province, "district") == ["Ba", "Bốn", "Hai", "Một"]
    assert district.results["quota_achievement"].numerator == 4 and district.quota.value == 6
    assert district.ended_on == REFORM
    assert district.end_note == "đã kết thúc ngày 01/07/2025 (→ Đảng bộ Công an tỉnh, Đảng bộ xã Đăk Cấm)"
    assert district.results["sources_total"].value is None
    # Before it ended it is an ordinary unit of the ranking.
    _head, before = ranking(province, D(2025, 6, 30))
    assert before["H01"].ended_on is None and before["H01"].results["quota_achievement"].numerator == 4


def test_a_merged_units_results_pass_to_its_successor_which_has_no_row_of_its_own(province):
    _head, rows = ranking(province)
    assert "K7" not in rows
    assert admitted_names(province, "agency_a") == ["Bảy", "Sáu"]
    # The commune formed in 2025 carries its predecessors' admissions but no quota of the term.
    assert admitted_names(province, "new_commune") == []
    assert rows["X101"].quota is None


def test_units_meeting_their_quota_count_every_unit_that_held_one_in_the_period(province):
    head, _rows = ranking(province)
    # District 4/6, police 3/4, the agency 2/2 (its quota of 2 was never adjusted).
    meeting = head.results["units_meeting_quota"]
    assert (meeting.numerator, meeting.denominator) == (1, 3)
    assert head.results["quota_achievement"].numerator == 9


def test_the_province_counts_each_admission_once_whatever_moved(province):
    ctx = Context.build(scope=system_scope(), organization=province["province"], as_of=D(2025, 7, 31), start=TERM[0], end=TERM[1])
    assert get("quota_achievement").compute(ctx).numerator == get("admissions").compute(ctx).value == 9


def findings(t, key, as_of=D(2025, 7, 31)):
    from pdms.checks.registry import run_checks

    ctx = Context.build(scope=system_scope(), organization=t["province"], as_of=as_of, start=TERM[0], end=TERM[1])
    return run_checks(ctx, [key])


def test_a_merger_whose_successors_quota_was_not_adjusted_is_a_finding(province):
    (finding,) = findings(province, "merged_quota")
    assert "Đảng bộ Sở Lao động" in finding.message and "Đảng bộ Sở Nội vụ" in finding.message and " 3 " in finding.message
    set_quota(province, "agency_a", 5, D(2023, 4, 1), reason="Nhận chỉ tiêu của Sở Lao động")
    assert findings(province, "merged_quota") == []
    head, rows = ranking(province)
    assert rows["K6"].quota.value == 5 and head.results["units_meeting_quota"].numerator == 0



def test_the_units_quotas_are_checked_among_the_units_of_the_day_the_quota_was_decided(province):
    from pdms.targets.selectors import children_mismatch

    # 6 + 4 + 2 + 3 among the units of 06/10/2020, although the district has ended since
    # and the commune formed in 2025 has no quota of the term.
    assert children_mismatch(province["plan"], province["province"], TERM, on=D(2025, 7, 31)) == (20, 15, [])
    assert [f.message for f in findings(province, "quota_sum")] == [
        "Kế hoạch 09-KH/TU, 01/08/2020–31/07/2025: Đảng bộ tỉnh Kon Tum có chỉ tiêu kết nạp 20, "
        "tổng chỉ tiêu của các đơn vị trực thuộc là 15."
    ]


def test_every_figure_says_whether_it_counts_as_it_happened_or_restates_history(province, client):
    client.force_login(make_user("admin", "admin", None))
    query = "?as_of=31/07/2025&from=01/08/2020&to=31/07/2025"
    quota = client.get(f"/indicators/{province['province'].pk}/quota_achievement/{query}").content.decode()
    members = client.get(f"/indicators/{province['new_commune'].pk}/members_total/{query}").content.decode()
    assert "tính mỗi trường hợp kết nạp cho các đơn vị quản lý tổ chức kết nạp vào ngày kết nạp" in quota
    assert "tính lại theo cơ cấu tổ chức ngày 31/07/2025" in members


def test_the_ranking_page_and_the_command_show_the_ended_unit_and_a_shortfall_as_such(province, client):
    from io import StringIO

    from django.core.management import call_command
    from django.urls import reverse

    client.force_login(make_user("admin", "admin", None))
    page = client.get(reverse("targets:ranking", args=[province["plan"].pk]) + "?as_of=31/07/2025").content.decode()
    assert "đã kết thúc ngày 01/07/2025 (→ Đảng bộ Công an tỉnh, Đảng bộ xã Đăk Cấm)" in page
    assert "còn thiếu 2<" in page and ">-2<" not in page
    out = StringIO()
    call_command("report", "quota-progress", org="T62", plan="09-KH/TU", as_of="31/07/2025", stdout=out)
    [district] = [line for line in out.getvalue().splitlines() if line.startswith("H01")]
    assert "đã kết thúc ngày 01/07/2025" in district and "còn thiếu 2" in district
