"""The source pages in the browser's shoes: who may read and who may change which list,
the forms and their messages, the yearly review and the source groups."""

import datetime as dt
import re

import pytest
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import include, path, reverse

from pdms.audit.models import AuditEntry
from pdms.core.testing import person, register
from pdms.recruitment.models import Candidate, CandidateStatus, EducationLevel, ReviewOutcome, SourceGroup, SourceReview
from pdms.recruitment.services import sources as services

D = dt.date
pytestmark = pytest.mark.django_db

CANDIDATE_FORMS = ("candidate_edit", "mentor_assign", "candidate_transfer", "candidate_drop")


def add(org, name, *, added=D(2025, 3, 1), born=D(2000, 5, 10), **extra):
    return services.candidate_add(
        organization=org, person=person(name, born), group=SourceGroup.objects.get(code="doan-thanh-nien"),
        education_level=EducationLevel.UPPER_SECONDARY, added_on=added, actor=None, **extra,
    )


@pytest.fixture
def lists(tree):
    return {
        "tam": add(tree.branch_a1, "Nguyễn Văn Tâm", mentors=[tree.members["an"]]),
        "son": add(tree.branch_a2, "Bùi Văn Sơn"),
        "kon": add(tree.branch_b1, "Y Văn Kôn"),
    }


def url(name, candidate=None, **kwargs):
    if candidate is not None:
        kwargs["candidate_id"] = candidate.pk
    return reverse(f"recruitment:{name}", kwargs=kwargs)


def new_candidate_post(**overrides):
    data = {
        "full_name": "Hà Văn Mới", "birth_date": "10/05/2001", "sex": "male", "citizen_id": "",
        "group": SourceGroup.objects.get(code="hoi-nong-dan").pk, "education_level": EducationLevel.LOWER_SECONDARY,
        "occupation": "Nông dân", "residential_area": "Thôn 1", "added_on": "01/11/2026", "origin": "found", "ethnic_minority": "on",
    }
    if not data["citizen_id"]:
        data["citizen_id"] = person("Hà Văn Mới", D(2001, 5, 10)).citizen_id
    return data | overrides


# --- the secretary ------------------------------------------------------------------------


def test_a_secretary_adds_a_candidate_to_their_branch(client, tree, secretary):
    client.force_login(secretary)
    page = client.get(url("candidate_add"))
    assert page.status_code == 200 and "Hà Văn Mới" not in page.content.decode()
    assert page.context["organization"] == tree.branch_a1
    an = tree.members["an"]
    response = client.post(url("candidate_add") + f"?org={tree.branch_a1.pk}", new_candidate_post(mentors=[an.pk]))
    assert response.status_code == 302
    candidate = Candidate.objects.get(person__given_name="Mới")
    assert response["Location"] == url("candidate_detail", candidate)
    assert candidate.organization == tree.branch_a1 and candidate.ethnic_minority and candidate.mentorships.get().member == an
    assert AuditEntry.objects.get(action="candidate.add", object_id=candidate.pk).actor == secretary
    detail = client.get(url("candidate_detail", candidate))
    assert detail.status_code == 200 and detail.context["can_write"]
    body = detail.content.decode()
    for name in CANDIDATE_FORMS:
        assert url(name, candidate) in body


def test_the_add_form_asks_for_education_once_and_tells_namesake_mentors_apart(client, tree, secretary):
    namesake = register(tree.branch_a1, "Nguyễn Văn An", born=D(1975, 6, 6), recognized=D(2016, 1, 10))
    client.force_login(secretary)
    form = client.get(url("candidate_add")).context["form"]
    assert "education_level" in form.fields and "education" not in form.fields
    labels = [label for _, label in form.fields["mentors"].choices]
    branch = tree.branch_a1.name
    assert f"Nguyễn Văn An (1990) · {branch}" in labels and f"Nguyễn Văn An (1975) · {branch}" in labels
    response = client.post(url("candidate_add") + f"?org={tree.branch_a1.pk}", new_candidate_post(mentors=[namesake.pk]))
    candidate = Candidate.objects.get(person__given_name="Mới")
    assert response.status_code == 302 and candidate.mentorships.get().member == namesake
    assert candidate.person.education == "Trung học cơ sở"


def test_the_residential_area_says_where_a_candidate_lives_and_is_no_focus_group(client, tree, province_officer):
    candidate = add(tree.branch_a1, "Hà Văn Mới", residential_area="Thôn 1", youth_union_member=True)
    client.force_login(province_officer)
    body = client.get(url("candidate_detail", candidate)).content.decode()
    focus = re.search(r"Đối tượng trọng điểm</dt><dd class=\"col-7\">(.*?)</dd>", body, re.S).group(1)
    assert "Đoàn" in focus and "Thôn 1" not in focus
    assert '<dt class="col-5">Khu dân cư</dt><dd class="col-7">Thôn 1</dd>' in body
    assert "residential_area" not in dict(client.get(url("sources")).context["focus_choices"])


def test_a_secretary_cannot_touch_another_branch(client, tree, secretary, lists):
    client.force_login(secretary)
    assert client.get(url("candidate_add") + f"?org={tree.branch_b1.pk}").status_code == 404
    assert client.post(url("candidate_add") + f"?org={tree.branch_a2.pk}", new_candidate_post()).status_code == 404
    for key in ("son", "kon"):
        candidate = lists[key]
        assert client.get(url("candidate_detail", candidate)).status_code == 404
        for name in CANDIDATE_FORMS:
            assert client.get(url(name, candidate)).status_code == 404
            assert client.post(url(name, candidate), {"on": "20/11/2026", "reason": "x"}).status_code == 404
    assert not Candidate.objects.filter(person__given_name="Mới").exists()


def test_the_form_shows_the_rule_that_was_broken(client, tree, secretary):
    client.force_login(secretary)
    data = new_candidate_post(full_name="Hà Văn Nhỏ", birth_date="10/05/2012", citizen_id=person("Hà Văn Nhỏ", D(2012, 5, 10)).citizen_id)
    response = client.post(url("candidate_add") + f"?org={tree.branch_a1.pk}", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hà Văn Nhỏ" in body and "16" in str(response.context["form"].errors)
    assert not Candidate.objects.exists()


def test_the_candidate_forms_change_the_candidacy(client, tree, commune_officer, lists):
    client.force_login(commune_officer)
    tam = lists["tam"]
    assert client.post(url("candidate_edit", tam), {
        "group": SourceGroup.objects.get(code="giao-vien").pk, "education_level": EducationLevel.HIGHER, "occupation": "Giáo viên",
        "religious": "on", "reason": "Cập nhật",
    }).status_code == 302
    tam.refresh_from_db()
    assert tam.group.code == "giao-vien" and tam.religious and not tam.ethnic_minority

    assert client.post(url("mentor_assign", tam), {"member": tree.members["dat"].pk, "on": "01/06/2026"}).status_code == 302
    assert tam.mentorships.filter(member=tree.members["dat"], ended_on__isnull=True).exists()
    # Members of another commune are not offered and cannot be posted.
    page = client.get(url("mentor_assign", tam))
    assert "Phạm Thanh Bình" not in page.content.decode()
    assert client.post(url("mentor_assign", tam), {"member": tree.members["binh"].pk, "on": "01/06/2026"}).status_code == 200

    end_url = url("mentor_end", tam, member_id=tree.members["dat"].pk)
    assert client.post(end_url, {"on": "01/07/2026"}).status_code == 302
    assert tam.mentorships.get(member=tree.members["dat"]).ended_on == D(2026, 7, 1)
    assert client.post(end_url, {"on": "01/07/2026"}).status_code == 404  # nothing open any more

    response = client.post(url("candidate_drop", tam), {"on": "01/08/2026", "reason": ""})
    assert response.status_code == 200 and tam.__class__.objects.get(pk=tam.pk).is_open
    assert client.post(url("candidate_drop", tam), {"on": "01/08/2026", "reason": "Không phấn đấu"}).status_code == 302
    tam.refresh_from_db()
    assert tam.status == CandidateStatus.DROPPED
    # An ended candidacy is read only.
    assert client.get(url("candidate_edit", tam)).status_code == 404
    assert not client.get(url("candidate_detail", tam)).context["can_write"]


def test_a_transfer_may_go_to_a_branch_outside_the_users_scope(client, tree, secretary, lists):
    client.force_login(secretary)
    tam = lists["tam"]
    response = client.post(url("candidate_transfer", tam), {"organization": "C0201", "on": "01/10/2026", "reason": "Chuyển nhà"})
    assert response.status_code == 302 and response["Location"] == url("candidate_detail", tam)
    moved = Candidate.objects.get(person=tam.person, ended_on__isnull=True)
    assert moved.organization == tree.branch_b1
    assert client.get(url("candidate_detail", moved)).status_code == 404
    response = client.post(url("candidate_transfer", lists["tam"]), {"organization": "XYZ", "on": "01/10/2026"})
    assert response.status_code == 404  # the candidacy here has ended


def test_an_unknown_branch_code_is_refused_on_the_transfer_form(client, tree, commune_officer, lists):
    client.force_login(commune_officer)
    response = client.post(url("candidate_transfer", lists["tam"]), {"organization": "XYZ", "on": "01/10/2026"})
    assert response.status_code == 200 and "XYZ" in str(response.context["form"].errors)


# --- reading ------------------------------------------------------------------------------


def test_the_commune_officer_sees_their_branches_but_not_the_other_commune(client, tree, commune_officer, lists):
    client.force_login(commune_officer)
    body = client.get(url("sources")).content.decode()
    assert "Nguyễn Văn Tâm" in body and "Bùi Văn Sơn" in body and "Y Văn Kôn" not in body
    assert client.get(url("candidate_detail", lists["son"])).status_code == 200
    assert client.get(url("candidate_detail", lists["kon"])).status_code == 404
    assert client.get(url("sources") + f"?org={tree.branch_b1.pk}").status_code == 404


def test_the_list_header_writes_thousands_with_dots(client, tree, province_officer, lists, monkeypatch):
    monkeypatch.setattr(Paginator, "count", 60216)
    client.force_login(province_officer)
    body = client.get(url("sources"), {"as_of": "23/11/2026"}).content.decode()
    assert "60.216 quần chúng trong danh sách nguồn tính đến ngày 23/11/2026" in body


def test_the_list_searches_without_diacritics_and_as_of_a_date(client, tree, province_officer, lists):
    client.force_login(province_officer)
    page = client.get(url("sources"), {"q": "nguyen van", "as_of": "23/11/2026"})
    assert [row.candidate.person.full_name for row in page.context["rows"]] == ["Nguyễn Văn Tâm"]
    page = client.get(url("sources"), {"org": tree.commune_a.pk, "as_of": "28/02/2025"})
    assert page.context["rows"] == []
    page = client.get(url("sources"), {"org": tree.commune_a.pk})
    assert [row.candidate.person.full_name for row in page.context["rows"]] == ["Bùi Văn Sơn", "Nguyễn Văn Tâm"]
    assert "Nguyễn Văn An" in page.content.decode()  # Tâm's mentor


def test_a_viewer_reads_but_never_writes(client, tree, viewer, lists):
    client.force_login(viewer)
    tam = lists["tam"]
    page = client.get(url("candidate_detail", tam))
    assert page.status_code == 200 and not page.context["can_write"]
    body = page.content.decode()
    for name in CANDIDATE_FORMS:
        assert url(name, tam) not in body
        assert client.get(url(name, tam)).status_code == 404
        assert client.post(url(name, tam), {"on": "20/11/2026", "reason": "x"}).status_code == 404
    assert client.post(url("mentor_end", tam, member_id=tree.members["an"].pk), {"on": "20/11/2026"}).status_code == 404
    assert client.get(url("candidate_add")).status_code == 404
    assert url("candidate_add") not in client.get(url("sources")).content.decode()
    review = client.get(url("source_review"), {"org": tree.branch_a1.pk, "year": 2026})
    assert review.status_code == 200 and "Nguyễn Văn Tâm" in review.content.decode()
    assert client.post(url("source_review") + f"?org={tree.branch_a1.pk}&year=2026", {"reviewed_on": "20/11/2026"}).status_code == 404


def test_an_outsider_gets_404_everywhere(client, tree, outsider, lists):
    client.force_login(outsider)
    for candidate in lists.values():
        assert client.get(url("candidate_detail", candidate)).status_code == 404
        assert client.post(url("candidate_drop", candidate), {"on": "20/11/2026", "reason": "x"}).status_code == 404
    assert client.get(url("sources"), {"org": tree.branch_a1.pk}).status_code == 404
    assert "Nguyễn Văn Tâm" not in client.get(url("sources")).content.decode()


def test_the_candidate_page_shows_the_timeline(client, tree, secretary, lists):
    client.force_login(secretary)
    page = client.get(url("candidate_detail", lists["tam"]))
    assert page.context["timeline"][0].date == D(2025, 3, 1)
    assert "Chi bộ thôn 1" in page.context["timeline"][0].label


def _dossier_open_stub(request, candidate_id):
    return HttpResponse("opened")


def _urlconf_with_dossier_open():
    import config.urls
    from pdms.recruitment.urls import urlpatterns as recruitment

    others = [p for p in config.urls.urlpatterns if getattr(p, "namespace", None) != "recruitment"]
    extra = path("stub/<int:candidate_id>/open/", _dossier_open_stub, name="dossier_open")
    return others + [path("recruitment/", include(([*recruitment, extra], "recruitment")))]


urlpatterns = _urlconf_with_dossier_open()


def test_the_open_dossier_button_appears_when_that_page_exists(client, tree, secretary, lists, settings):
    client.force_login(secretary)
    tam = lists["tam"]
    settings.ROOT_URLCONF = __name__
    body = client.get(url("candidate_detail", tam)).content.decode()
    assert f'action="{reverse("recruitment:dossier_open", kwargs={"candidate_id": tam.pk})}"' in body


def test_the_date_beside_the_open_dossier_button_says_what_it_is(client, tree, secretary, lists, settings):
    client.force_login(secretary)
    settings.ROOT_URLCONF = __name__
    body = client.get(url("candidate_detail", lists["tam"])).content.decode()
    label = re.search(r'<label class="([^"]*)" for="opened_on">([^<]*)</label>', body)
    assert "visually-hidden" not in label.group(1) and label.group(2) == "Ngày làm đơn xin vào Đảng"
    assert "Ngày ghi trên đơn xin vào Đảng (mẫu 1-KNĐ)." in body


def test_the_open_dossier_button_is_only_for_writers(client, tree, viewer, lists, settings):
    settings.ROOT_URLCONF = __name__
    client.force_login(viewer)
    body = client.get(url("candidate_detail", lists["tam"])).content.decode()
    assert reverse("recruitment:dossier_open", kwargs={"candidate_id": lists["tam"].pk}) not in body


# --- the yearly review and the branches without sources ---------------------------------


def test_the_review_page_records_every_decision_at_once(client, tree, secretary, lists):
    client.force_login(secretary)
    bao = add(tree.branch_a1, "Trần Văn Bảo")
    review_url = url("source_review") + f"?org={tree.branch_a1.pk}&year=2026"
    page = client.get(review_url)
    assert [c.person.full_name for c in page.context["form"].candidates] == ["Trần Văn Bảo", "Nguyễn Văn Tâm"]

    response = client.post(review_url, {"reviewed_on": "20/11/2026", f"outcome_{bao.pk}": "kept"})
    assert response.status_code == 200 and "Nguyễn Văn Tâm" in str(response.context["form"].non_field_errors())
    assert not SourceReview.objects.exists()

    tam = lists["tam"]
    response = client.post(review_url, {
        "reviewed_on": "20/11/2026", f"outcome_{bao.pk}": "kept", f"outcome_{tam.pk}": "dropped", f"reason_{tam.pk}": "Chuyển đi",
    })
    assert response.status_code == 302
    tam.refresh_from_db()
    assert tam.status == CandidateStatus.DROPPED and tam.ended_on == D(2026, 11, 20)
    assert SourceReview.objects.get(candidate=bao).reviewed_by == secretary
    again = client.get(review_url)
    assert again.context["reviewed"] and again.context["form"].initial[f"outcome_{tam.pk}"] == ReviewOutcome.DROPPED


def test_the_review_of_another_commune_is_out_of_reach(client, tree, commune_officer, lists):
    client.force_login(commune_officer)
    assert client.get(url("source_review"), {"org": tree.branch_b1.pk}).status_code == 404
    page = client.get(url("source_review"))
    assert [branch for branch, count in page.context["branches"]] == [tree.branch_a1, tree.branch_a2]
    assert "Kon Gung" not in page.content.decode()


def test_branches_without_sources_are_listed(client, tree, province_officer, lists):
    services.candidate_drop(candidate=lists["son"], on=D(2026, 10, 1), reason="Chuyển đi", actor=None)
    client.force_login(province_officer)
    page = client.get(url("sources_missing"), {"org": tree.district.pk, "as_of": "23/11/2026"})
    assert list(page.context["branches"]) == [tree.branch_a2]
    assert "Chi bộ thôn 2" in page.content.decode()


# --- source groups ------------------------------------------------------------------------


def test_only_administrators_open_the_source_groups(client, tree, admin_user, province_officer):
    client.force_login(province_officer)
    assert client.get(url("source_groups")).status_code == 404
    assert client.post(url("source_groups"), {"name": "Hội Sinh viên"}).status_code == 404
    group = SourceGroup.objects.get(code="khac")
    assert client.post(url("source_group_edit", group_id=group.pk), {f"g{group.pk}-name": "X"}).status_code == 404

    client.force_login(admin_user)
    assert client.get(url("source_groups")).status_code == 200
    assert client.post(url("source_groups"), {"name": "Hội Sinh viên"}).status_code == 302
    assert SourceGroup.objects.filter(name="Hội Sinh viên", active=True).exists()
    response = client.post(url("source_group_edit", group_id=group.pk), {f"g{group.pk}-name": "Khác (ghi rõ)", f"g{group.pk}-position": "99"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Khác (ghi rõ)" and not group.active and group.position == 99


# --- every route of this part, walked with records of the other commune -----------------


OUTSIDE_NAMES = ("Phạm Thanh Bình", "Võ Thị Uyên", "Gia Lai", "Ngọc Wang", "Kon Gung", "Y Văn Kôn")


def test_no_source_or_course_page_leaks_the_other_commune(client, tree, commune_officer, lists):
    from pdms.recruitment.services.courses import course_create, enrollment_add

    course = course_create(kind="awareness", title="Lớp Ngọc Wang", organizer="Trung tâm", organization=tree.commune_b,
                           start_on=D(2026, 1, 5), end_on=D(2026, 1, 9), actor=None)
    enrollment = enrollment_add(course=course, person=lists["kon"].person, actor=None)
    values = {
        "candidate_id": lists["kon"].pk, "member_id": tree.members["binh"].pk, "course_id": course.pk,
        "enrollment_id": enrollment.pk, "group_id": SourceGroup.objects.first().pk,
    }
    client.force_login(commune_officer)
    from pdms.recruitment.urls import courses, sources

    for prefix, module in (("sources/", sources), ("courses/", courses)):
        for pattern in module.urlpatterns:
            route = "/recruitment/" + prefix + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), str(pattern.pattern))
            for method in ("get", "post"):
                response = getattr(client, method)(route, {"org": tree.branch_b1.pk, "q": "kon", "as_of": "23/11/2026"})
                asked_for_outside = method == "get" and pattern.name in ("sources", "candidate_add", "sources_missing", "source_review")
                if "<" in str(pattern.pattern) or asked_for_outside:
                    assert response.status_code in (403, 404, 405), f"{method} {route} gave {response.status_code}"
                body = response.content.decode(errors="ignore") if response.status_code == 200 else ""
                for outside in OUTSIDE_NAMES:
                    assert outside not in body, f"{method} {route} shows {outside}"


def test_a_commune_officer_first_chooses_one_of_their_branches(client, tree, commune_officer):
    client.force_login(commune_officer)
    page = client.get(url("candidate_add"))
    assert list(page.context["branches"]) == [tree.branch_a1, tree.branch_a2]
    assert list(client.get(url("candidate_add"), {"org_q": "thon 2"}).context["branches"]) == [tree.branch_a2]
    # A committee keeps no list of its own.
    assert client.get(url("candidate_add"), {"org": tree.commune_a.pk}).status_code == 404
    assert client.get(url("candidate_add"), {"org": tree.branch_a2.pk}).context["organization"] == tree.branch_a2
