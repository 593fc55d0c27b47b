"""One candidate from the source list to full member, in a real browser, with the two
people who do it: the secretary of the branch (branch steps) and the commune officer
(courses and the superior committee's steps), each in their own browser session."""

import datetime as dt

from playwright.sync_api import expect

from pdms.core.testing import citizen_id_for, register
from pdms.documents.testing import docx_lines
from pdms.members.models import Member, Status
from pdms.recruitment.models import Dossier, SourceGroup, State

from .conftest import TIMEOUT_MS, log_in_page

D = dt.date


def _session(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(TIMEOUT_MS)
    return log_in_page(context.new_page(), user)


def _course_with_certificate(page, *, kind: str, title: str, start: str, end: str, certificate: str, number: str):
    """The commune officer records a course, enrolls the candidate found without diacritics,
    and records her completion and certificate."""
    page.goto("/recruitment/courses/add/")
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_title").fill(title)
    page.locator("#id_organizer").fill("Trung tâm Chính trị huyện Đắk Hà")
    page.locator("#id_start_on").fill(start)
    page.locator("#id_end_on").fill(end)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(title)
    page.locator("#q").fill("nguyen thi mai")
    page.locator("#q").press("Enter")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi danh").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Kết quả học tập và giấy chứng nhận").click()
    page.locator("#id_completed_on").fill(end)
    page.locator("#id_certificate_number").fill(number)
    page.locator("#id_certificate_on").fill(certificate)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(number)


def _step(page, dossier_url: str, action: str, fields: dict):
    page.goto(f"{dossier_url}step/{action}/")
    for field, value in fields.items():
        page.locator(f"#id_{field}").fill(value)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-danger")).to_have_count(0)
    expect(page.locator(".invalid-feedback")).to_have_count(0)


def test_a_candidate_becomes_a_full_member_through_the_secretary_and_the_commune(browser, live_server, tree, secretary, commune_officer):
    # The groups come from a data migration, which an earlier transactional test may have flushed.
    SourceGroup.objects.get_or_create(code="doan-thanh-nien", defaults={"name": "Đoàn Thanh niên"})
    register(tree.branch_a1, "Đỗ Văn Hùng", admitted=D(2010, 6, 1), recognized=D(2011, 6, 1))
    register(tree.branch_a1, "Hoàng Thị Lan", sex="female", admitted=D(2019, 2, 1), recognized=D(2020, 2, 1))
    branch = _session(browser, live_server, secretary)
    commune = _session(browser, live_server, commune_officer)

    # The secretary puts an outstanding young woman on the branch's source list.
    branch.goto("/recruitment/sources/add/")
    branch.locator("#id_full_name").fill("Nguyễn Thị Mai")
    branch.locator("#id_birth_date").fill("12/04/2001")
    branch.locator("#id_sex").select_option("female")
    branch.locator("#id_citizen_id").fill(citizen_id_for(D(2001, 4, 12), "female"))
    branch.locator("#id_group").select_option(label="Đoàn Thanh niên")
    branch.locator("#id_education_level").select_option("upper_secondary")
    branch.locator("#id_youth_union_member").check()
    branch.locator("#id_added_on").fill("15/01/2024")
    with branch.expect_navigation():
        branch.locator("main form button[type=submit]").click()
    expect(branch.locator("h1")).to_contain_text("Nguyễn Thị Mai")

    # The commune's awareness course gives her a certificate.
    _course_with_certificate(commune, kind="awareness", title="Lớp bồi dưỡng nhận thức về Đảng khóa 12/2024",
                             start="25/11/2024", end="29/11/2024", certificate="01/12/2024", number="CN-2024-15")

    # The secretary opens the dossier on the date of her application; the rules of 2021 apply.
    branch.reload()
    branch.locator("#opened_on").fill("03/03/2025")
    with branch.expect_navigation():
        branch.get_by_role("button", name="Mở hồ sơ kết nạp").click()
    dossier_url = branch.url
    expect(branch.locator("main")).to_contain_text("24-QĐ/TW")
    for kind in ("1-KNĐ", "2-KNĐ", "3-KNĐ", "4-KNĐ", "5-KNĐ"):
        branch.locator("#document-form #id_kind").select_option(kind)
        branch.locator("#document-form #id_received_on").fill("05/03/2025")
        with branch.expect_navigation():
            branch.locator("#document-form button[type=submit]").click()
    for sponsor in ("Nguyễn Văn An", "Trần Quốc Đạt"):
        branch.goto(f"{dossier_url}sponsors/add/")
        branch.locator("#sponsor-q").fill(sponsor.split()[-1].lower())
        branch.locator("#sponsor-q").press("Enter")
        branch.get_by_label(sponsor).check()
        branch.locator("#id_known_since").fill("01/01/2023")
        with branch.expect_navigation():
            branch.get_by_role("button", name="Thêm người giới thiệu").click()
    branch.goto(f"{dossier_url}verification/")
    branch.locator("#id_on").fill("23/03/2025")
    branch.locator("#id_result").select_option("satisfactory")
    with branch.expect_navigation():
        branch.locator("main form button[type=submit]").click()
    expect(branch.locator("main")).not_to_contain_text("Chưa có kết luận thẩm tra")

    # The branch votes: three of three full members; the threshold is computed.
    _step(branch, dossier_url, "branch_resolution",
          {"held_on": "10/04/2025", "eligible": "3", "votes_for": "3", "votes_against": "0", "resolution_number": "01-NQ/CB"})
    expect(branch.locator("[data-vote=branch_admission] .vote-fact")).to_contain_text("2/3")
    # The secretary is offered no step of the committee.
    expect(branch.get_by_role("link", name="Nghị quyết đảng ủy cơ sở")).to_have_count(0)

    # The commune: its committee's resolution, then the decision (the branch receives it on 08/05).
    _step(commune, dossier_url, "committee_resolution", {"held_on": "20/04/2025", "eligible": "9", "votes_for": "9", "votes_against": "0"})
    _step(commune, dossier_url, "admission_decision", {
        "number": "125-QĐ/HU", "signed_on": "05/05/2025", "signer_name": "Y Thị Hoa", "signer_title": "Phó Bí thư", "received_on": "08/05/2025",
    })
    _step(branch, dossier_url, "ceremony", {"on": "19/05/2025"})
    expect(branch.locator("main")).to_contain_text("19/05/2026")  # the end of the 12 months

    _course_with_certificate(commune, kind="new_member", title="Lớp bồi dưỡng đảng viên mới khóa 7/2025",
                             start="28/07/2025", end="31/07/2025", certificate="01/08/2025", number="DVM-2025-03")

    # A year later: the self-review and assessments, the branch's vote, the commune's decision.
    branch.goto(dossier_url)
    for kind in ("10-KNĐ", "11-KNĐ", "12-KNĐ"):
        branch.locator("#document-form #id_kind").select_option(kind)
        branch.locator("#document-form #id_received_on").fill("20/05/2026")
        with branch.expect_navigation():
            branch.locator("#document-form button[type=submit]").click()
    _step(branch, dossier_url, "recognition_resolution", {"held_on": "25/05/2026", "eligible": "3", "votes_for": "3", "votes_against": "0"})
    _step(commune, dossier_url, "recognition_committee_resolution", {"held_on": "01/06/2026", "eligible": "9", "votes_for": "9", "votes_against": "0"})
    _step(commune, dossier_url, "recognition_decision",
          {"number": "210-QĐ/HU", "signed_on": "10/06/2026", "signer_name": "Y Thị Hoa", "signer_title": "Phó Bí thư"})
    expect(commune.locator("main")).to_contain_text("Hồ sơ chuyển sang bước “Công nhận đảng viên chính thức”")

    # The recognition decision, as a Word file, says she is a full member from 19/05/2026.
    with commune.expect_download() as download:
        commune.get_by_role("link", name="Quyết định công nhận").first.click()
    text = "\n".join(docx_lines(download.value.path().read_bytes()))
    assert "Nguyễn Thị Mai" in text and "19/05/2026" in text

    member = Member.objects.get(person__family_name="Nguyễn", person__given_name="Mai")
    assert member.status == Status.FULL and member.admitted_on == D(2025, 5, 5) and member.recognized_on == D(2026, 5, 19)
    assert Dossier.objects.get(member=member).state == State.RECOGNIZED
    for page in (branch, commune):
        page.context.close()
