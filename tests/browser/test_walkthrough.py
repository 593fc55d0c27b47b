"""A commune officer's first session, in a real browser: log in, look at the tree as it
stood before the 2025 reform, find a member without typing diacritics, then import a
members file that has an error, read the error, and import the corrected file."""

import datetime as dt

from playwright.sync_api import expect

from pdms.core.testing import citizen_id_for
from pdms.organizations.models import OrgKind
from pdms.organizations.services import NewOrganization, organization_dissolve, organizations_merge

HEADER = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Dân tộc,Tôn giáo,Mã tổ chức,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên\n"


def _reform(tree):
    """The 2025 reform on the small tree: both communes merge into a new commune
    directly under the province, and the district ends."""
    commune = organizations_merge(
        sources=[tree.commune_a, tree.commune_b],
        new=NewOrganization("XM01", "Đảng bộ xã Đắk Hà", OrgKind.COMMUNE, tree.province),
        on=dt.date(2025, 7, 1),
        actor=None,
    )
    organization_dissolve(organization=tree.district, on=dt.date(2025, 7, 1), actor=None)
    return commune


def _upload(page, tmp_path, name: str, rows: str):
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    page.goto("/imports/")
    page.get_by_label("Đảng viên", exact=True).check()
    page.locator("input[type=file]").set_input_files(str(path))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#job-progress")).not_to_have_attribute("hx-trigger", "every 1s")


def test_a_province_officer_reads_the_past_tree_finds_a_member_and_imports_a_file(log_in, tree, province_officer, tmp_path):
    _reform(tree)
    page = log_in(province_officer)

    # The tree today: the new commune sits directly under the province.
    page.goto("/organizations/")
    expect(page.locator("main")).to_contain_text("Đảng bộ xã Đắk Hà")
    expect(page.locator("main")).not_to_contain_text("Đảng bộ huyện Đắk Hà")

    # As of 31/12/2020 the district and its two grassroots committees are back.
    page.locator("#as_of").fill("31/12/2020")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem").click()
    expect(page.locator("main")).to_contain_text("Đảng bộ huyện Đắk Hà")
    expect(page.locator("main")).not_to_contain_text("Đảng bộ xã Đắk Hà")
    page.locator("summary", has_text="Đảng bộ huyện Đắk Hà").click()
    expect(page.locator("main")).to_contain_text("Đảng bộ xã Hà Mòn")

    # A member found without diacritics, the list refreshed as the user types.
    page.goto("/members/")
    page.locator("#q").fill("nguyen van an")
    expect(page.locator("#results")).to_contain_text("Nguyễn Văn An")
    expect(page.locator("#results")).not_to_contain_text("Trần Quốc Đạt")

    # An import with a wrong citizen ID writes nothing and says what to correct.
    born = dt.date(1994, 4, 2)
    good_id = citizen_id_for(born, "female", "062")
    wrong = "Y Thị Hơ,02/04/1994,Nữ,06230412345,Ba Na,Không,C0101,15/03/2024,,\n"
    _upload(page, tmp_path, "dang_vien.csv", wrong)
    expect(page.locator("#job-progress")).to_contain_text("không ghi gì cả")
    expect(page.locator("#job-progress")).to_contain_text("12 chữ số")

    # The corrected file goes in, and the new member can be found at once.
    _upload(page, tmp_path, "dang_vien_da_sua.csv", wrong.replace("06230412345", good_id))
    expect(page.locator("#job-progress")).to_contain_text("Đã nhập xong")
    page.goto("/members/?q=y thi ho")
    expect(page.locator("#results")).to_contain_text("Y Thị Hơ")
