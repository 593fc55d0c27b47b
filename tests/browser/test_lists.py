"""In a real browser: a commune officer downloads the member list, filtered, as .xlsx and
the file opens with the filtered rows; printed, a page shows no menu and no form."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect


def test_a_commune_officer_downloads_the_filtered_member_list_and_opens_it(log_in, tree, commune_officer):
    page = log_in(commune_officer)
    page.goto("/members/?q=nguyen+van+an")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải danh sách (.xlsx)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("dang-vien-") and download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert ("Họ tên hoặc số thẻ đảng viên", "nguyen van an") in [row[:2] for row in rows]
    header = next(i for i, row in enumerate(rows) if row[0] == "Họ và tên")
    assert [row[0] for row in rows[header + 1 :]] == ["Nguyễn Văn An"]


def test_a_printed_page_shows_no_menu_and_no_form(log_in, tree, commune_officer):
    page = log_in(commune_officer)
    page.goto("/members/")
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.locator("main form").first).to_be_hidden()
    expect(page.locator("table")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator("nav.navbar")).to_be_visible()
