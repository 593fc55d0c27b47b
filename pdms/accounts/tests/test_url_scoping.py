"""Walk every URL pattern of the project as a commune officer, filling each URL parameter
with a record outside their subtree, and prove nothing outside leaks: the response is a
404 (or 403 / 405), and no page mentions the outsiders' names. A new URL parameter that
this walk does not know makes the test fail, so it cannot be forgotten.

Then walk it again as each role with records inside their scope: no URL fails with a
server error, a viewer changes nothing, and reorganizing one's own organization — which
only the committee above may do — is refused with 403."""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pdms.core.testing import register
from pdms.checks.services import reported_value_add
from pdms.followups.services import followup_request
from pdms.imports.models import ImportJob
from pdms.organizations.models import Organization
from pdms.recruitment.models import Attachment, SourceGroup, TransferRequest
from pdms.reporting.models import ReportJob
from pdms.recruitment.services.dossiers import VoteData, dossier_advance
from pdms.recruitment.testing import make_candidate, ready_dossier
from pdms.targets.services import plan_create

D = dt.date

OUTSIDE_NAMES = ("Phạm Thanh Bình", "Võ Thị Uyên", "Gia Lai", "Ngọc Wang", "Kon Gung", "Kiều Văn Tài")
DENIED = {403, 404, 405}
# URL names that are the same for everyone and carry no records.
PUBLIC = {"login", "logout", "healthz", "home"}


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry


def _outside_values(tree, outsider):
    """A value outside the commune officer's subtree for every URL parameter name."""
    job = ImportJob.objects.create(created_by=outsider, organization=tree.other_province, kind="members", file="imports/x.csv")
    dossier = _voted_dossier(tree.other_branch, "Kiều Văn Tài", ("Lý Văn Sơn", "Mai Thị Thu"))
    return {
        "org_id": tree.branch_b1.pk,
        "member_id": tree.members["binh"].pk,
        # Accounts are for administrators only: the officer may not open even an outsider's.
        "user_id": outsider.pk,
        "key": "members_total",
        "job_id": job.pk,
        "report_job_id": ReportJob.objects.create(
            organization=tree.other_province, created_by=outsider, format="xlsx", status="done", file="reports/x.xlsx",
            filename="x.xlsx", parameters={"plan_number": "10-KH/TU", "period": "term", "as_of": "2022-06-30"},
        ).pk,
        "candidate_id": dossier.candidate_id,
        "dossier_id": dossier.pk,
        "course_id": dossier.person.enrollments.get().course_id,
        "enrollment_id": dossier.person.enrollments.get().pk,
        "sponsor_id": dossier.sponsors.first().pk,
        "deadline_id": dossier.deadlines.get().pk,
        "attachment_id": Attachment.objects.create(
            dossier=dossier, file="dossiers/x.pdf", original_name="x.pdf", content_type="application/pdf", size=1
        ).pk,
        # Source groups are shared; only administrators may change them.
        "group_id": SourceGroup.objects.order_by("pk").first().pk,
        "document_kind": "1-KNĐ",
        "action": "committee_resolution",
        "form": "branch-resolution",
        "plan_id": plan_create(
            organization=tree.other_province, number="10-KH/TU", title="Kế hoạch Gia Lai", issued_on=D(2020, 10, 1),
            term_start=D(2020, 8, 1), term_end=D(2025, 7, 31), actor=None,
        ).pk,
        "followup_id": followup_request(
            committee=tree.other_province, unit=tree.other_branch, document_number="426-TB/TU", issued_on=D(2026, 10, 1),
            due_on=D(2026, 10, 31), request_text="Chi bộ Trường THPT Pleiku kiểm điểm.", actor=None,
        ).pk,
        "request_id": TransferRequest.objects.create(
            person=tree.members["uyen"].person, organization=tree.other_branch, held_by=tree.branch_b1, citizen_id_last4="0000"
        ).pk,
        "reported_id": reported_value_add(
            organization=tree.other_province, indicator_key="members_total", start=D(2022, 1, 1), end=D(2022, 12, 31),
            as_of=D(2022, 12, 31), source="Báo Gia Lai", value=6239, actor=None,
        ).pk,
    }


def _voted_dossier(home, candidate: str, sponsor_names: tuple[str, str]):
    """A dossier of ``home`` voted by its branch (so it has a deadline)."""
    sponsors = [
        register(home, sponsor_names[0], admitted=D(2010, 1, 5), recognized=D(2011, 1, 5)),
        register(home, sponsor_names[1], sex="female", admitted=D(2011, 1, 5), recognized=D(2012, 1, 5)),
    ]
    dossier = ready_dossier(make_candidate(home, candidate), sponsors)
    dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 3, 0))
    return dossier


def _fill(route: str, values: dict) -> str:
    import re

    def replace(match):
        name = match.group(2)
        assert name in values, f"URL parameter <{name}> in {route} is not covered by the scoping walk"
        return str(values[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


@pytest.mark.django_db
def test_no_url_shows_or_changes_anything_outside_the_users_subtree(client, tree, commune_officer, outsider):
    client.force_login(commune_officer)
    values = _outside_values(tree, outsider)
    walked = 0
    for name, route, _ in _patterns():
        if name in PUBLIC or "static" in route:
            continue
        url = _fill(route, values)
        has_params = "<" in route
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"org": tree.branch_b1.pk, "q": "", "as_of": "23/11/2026"})
            walked += 1
            if has_params:
                assert response.status_code in DENIED, f"{method.upper()} {url} ({name}) gave {response.status_code}"
            body = response.content.decode(errors="ignore") if response.status_code == 200 else ""
            for outside in OUTSIDE_NAMES:
                assert outside not in body, f"{method.upper()} {url} ({name}) shows {outside}"
    assert walked > 10


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_the_login_page_everywhere(client, tree, outsider):
    values = _outside_values(tree, outsider)
    for name, route, _ in _patterns():
        if name in PUBLIC or "static" in route:
            continue
        response = client.get(_fill(route, values))
        assert response.status_code == 302 and "/login/" in response["Location"], name


# --- roles inside the scope -----------------------------------------------------------------

ROLES = ("secretary", "viewer", "commune_officer")
# Reorganizations of an organization are decided by the committee above it.
REORGANIZATIONS = {f"organizations:{name}" for name in ("found", "rename", "move", "committee", "dissolve", "merge", "split")}
# Asking for a summary report reads figures; it changes no record.
# A user's own password and two-factor login are theirs to change, whatever the role.
VIEWER_MAY_POST = {"reporting:summary", "accounts:password_change", "accounts:two_factor_setup", "accounts:two_factor_verify"}


def _inside_values(tree, outsider, user):
    """The walk's values with records the user may see in place of the outsiders' where a
    role makes a difference: their own organization, a member and a dossier of branch C0101,
    the district's plan (a committee above the commune and the branch)."""
    dossier = _voted_dossier(tree.branch_a1, "Hà Văn Khánh", ("Đỗ Văn Hùng", "Đinh Thị Hoa"))
    enrollment = dossier.person.enrollments.get()
    return _outside_values(tree, outsider) | {
        "org_id": user.organization_id,
        "member_id": tree.members["an"].pk,
        "candidate_id": dossier.candidate_id,
        "dossier_id": dossier.pk,
        "course_id": enrollment.course_id,
        "enrollment_id": enrollment.pk,
        "sponsor_id": dossier.sponsors.first().pk,
        "deadline_id": dossier.deadlines.get().pk,
        "plan_id": plan_create(
            organization=tree.district, number="09-KH/HU", title="Kế hoạch Đắk Hà", issued_on=D(2020, 10, 6),
            term_start=D(2020, 8, 1), term_end=D(2025, 7, 31), actor=None,
        ).pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_inside_their_scope_without_a_server_error(client, tree, outsider, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    values = _inside_values(tree, outsider, user)
    for name, route, _ in _patterns():
        if name in PUBLIC or "static" in route:
            continue
        url = _fill(route, values)
        for method in ("get", "post"):
            # The test client raises what the view raised, so a server error fails here.
            response = getattr(client, method)(url, {"as_of": "23/11/2026"})
            assert response.status_code < 500, f"{role}: {method.upper()} {url} ({name}) gave {response.status_code}"
            if role == "viewer" and method == "post" and name not in VIEWER_MAY_POST:
                assert response.status_code in DENIED, f"the viewer may {method.upper()} {url} ({name})"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, expected",
    [
        # A branch has nothing under it, so its founding form does not exist (404).
        ("secretary", {"found": 404, "committee": 403}),
        ("commune_officer", {"found": 200, "committee": 404}),  # only branches have a committee form
        ("viewer", {"found": 403, "committee": 404}),
    ],
)
def test_only_the_committee_above_may_reorganize_an_organization(client, tree, request, role, expected):
    user = request.getfixturevalue(role)
    client.force_login(user)
    for name in sorted(REORGANIZATIONS):
        url = reverse(name, args=[user.organization_id])
        status = expected.get(name.split(":")[1], 403)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"on": "01/01/2026", "decision": "1-QĐ", "name": "Tên mới"})
            assert response.status_code == status, f"{role}: {method.upper()} {url} gave {response.status_code}"
            if status == 403:
                assert "Bạn không được làm việc này" in response.content.decode()
    assert Organization.objects.get(pk=user.organization_id).name == user.organization.name
