"""In a real browser: a branch secretary who tries to rename their own branch meets the
Vietnamese 403 page, one who opens another commune's branch the Vietnamese 404 page; a
commune officer opens their plan's ranking from the dashboard, though the plan is the
district's, and sees their own branches only."""

import datetime as dt

from playwright.sync_api import expect

from pdms.targets.services import plan_create, quota_set

D = dt.date
TERM = (D(2025, 8, 1), D(2030, 7, 31))


def test_a_secretary_meets_the_vietnamese_403_and_404_pages(log_in, tree, secretary):
    page = log_in(secretary)

    response = page.goto(f"/organizations/{tree.branch_a1.pk}/rename/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Bạn không được làm việc này")
    expect(page.locator("main")).to_contain_text("Chỉ cán bộ của Đảng bộ xã Hà Mòn mới được thành lập")

    response = page.goto(f"/organizations/{tree.branch_b1.pk}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    expect(page.locator("main")).not_to_contain_text("Kon Gung")
    with page.expect_navigation():
        page.get_by_role("link", name="Về trang chủ").click()
    expect(page.locator("nav.navbar")).to_contain_text("Đăng xuất")


def test_a_commune_officer_opens_the_district_plans_ranking_from_the_dashboard(log_in, tree, commune_officer):
    plan = plan_create(
        organization=tree.district, number="05-KH/HU", title="Kế hoạch phát triển đảng viên nhiệm kỳ 2025–2030",
        issued_on=D(2025, 8, 15), term_start=TERM[0], term_end=TERM[1], actor=None,
    )
    for unit, value in [(tree.district, 10), (tree.commune_a, 4), (tree.branch_a1, 2), (tree.branch_a2, 2), (tree.commune_b, 6)]:
        quota_set(
            plan=plan, organization=unit, period_start=TERM[0], period_end=TERM[1], kind="number", value=value,
            decided_on=D(2025, 8, 15), actor=None,
        )
    page = log_in(commune_officer)

    page.goto("/dashboard/")
    with page.expect_navigation():
        page.get_by_role("link", name="Trang xếp hạng").click()
    expect(page.locator("h1")).to_contain_text("05-KH/HU")
    rows = page.locator("tr[data-unit]")
    expect(rows).to_have_count(2)
    # Lê Thị Ánh, admitted on 01/12/2025, puts thôn 1 ahead of thôn 2.
    expect(rows.first).to_contain_text("Chi bộ thôn 1")
    expect(rows.last).to_contain_text("Chi bộ thôn 2")
    expect(page.locator("main")).not_to_contain_text("Ngọc Wang")
