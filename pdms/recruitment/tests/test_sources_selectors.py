"""Reads of the source lists: the list of a subtree on a date, the branches without
sources, the search that ignores diacritics, scoping, and a candidate's timeline."""

import datetime as dt

import pytest
from django.http import Http404

from pdms.accounts.scope import Scope
from pdms.core.testing import make_user, person
from pdms.organizations.rollup import rollup
from pdms.recruitment.models import EducationLevel, ReviewOutcome, SourceGroup
from pdms.recruitment.selectors.sources import (
    candidate_timeline,
    candidates_for_user,
    candidates_on,
    get_candidate_for_user_or_404,
    organizations_without_sources,
    source_rows,
)
from pdms.recruitment.services import sources as services
from pdms.recruitment.services.courses import course_create, enrollment_add, enrollment_complete
from pdms.recruitment.services.dossiers import dossier_open

D = dt.date
pytestmark = pytest.mark.django_db


def add(org, name, *, added=D(2025, 3, 1), born=D(2000, 5, 10), **extra):
    return services.candidate_add(
        organization=org, person=person(name, born), group=extra.pop("group", None) or SourceGroup.objects.get(code="doan-thanh-nien"),
        education_level=EducationLevel.UPPER_SECONDARY, added_on=added, actor=None, **extra,
    )


@pytest.fixture
def lists(tree):
    """Two candidates in C0101 (one dropped in June 2026), one in C0102 and one in C0201."""
    van = add(tree.branch_a1, "Nguyễn Văn Tâm", ethnic_minority=True, mentors=[tree.members["an"]])
    hoa = add(tree.branch_a1, "Đặng Thị Hoa", added=D(2026, 2, 1))
    services.candidate_drop(candidate=hoa, on=D(2026, 6, 1), reason="Chuyển đi", actor=None)
    son = add(tree.branch_a2, "Bùi Văn Sơn", group=SourceGroup.objects.get(code="dan-quan-tu-ve"))
    kon = add(tree.branch_b1, "Y Văn Kôn", added=D(2026, 10, 1))
    return {"tam": van, "hoa": hoa, "son": son, "kon": kon}


def names(qs):
    return [c.person.full_name for c in qs]


def test_the_list_of_a_subtree_is_as_of_a_date(tree, lists, province_officer):
    scope = Scope.of(province_officer)
    commune = rollup(tree.commune_a, D(2026, 11, 23))
    assert names(candidates_on(scope, commune, D(2026, 3, 1))) == ["Đặng Thị Hoa", "Bùi Văn Sơn", "Nguyễn Văn Tâm"]
    # The day the candidacy ends it is no longer on the list.
    assert names(candidates_on(scope, commune, D(2026, 6, 1))) == ["Bùi Văn Sơn", "Nguyễn Văn Tâm"]
    assert names(candidates_on(scope, commune, D(2025, 2, 28))) == []
    district = rollup(tree.district, D(2026, 11, 23))
    assert "Y Văn Kôn" in names(candidates_on(scope, district, D(2026, 11, 23)))
    assert "Y Văn Kôn" not in names(candidates_on(scope, district, D(2026, 9, 30)))


def test_the_search_ignores_diacritics_and_case(tree, lists, province_officer):
    scope = Scope.of(province_officer)
    everything = rollup(tree.province, D(2026, 11, 23))
    assert names(candidates_on(scope, everything, D(2026, 11, 23), query="nguyen van")) == ["Nguyễn Văn Tâm"]
    assert names(candidates_on(scope, everything, D(2026, 11, 23), query="BÙI  văn")) == ["Bùi Văn Sơn"]
    assert names(candidates_on(scope, everything, D(2026, 11, 23), query="van")) == ["Y Văn Kôn", "Bùi Văn Sơn", "Nguyễn Văn Tâm"]


def test_the_search_matches_syllables_from_their_start(tree, lists, province_officer):
    scope = Scope.of(province_officer)
    everything = rollup(tree.province, D(2026, 11, 23))
    # "an" ends the syllable "văn" of every name but starts none.
    assert names(candidates_on(scope, everything, D(2026, 11, 23), query="an")) == []
    assert names(candidates_on(scope, everything, D(2026, 11, 23), query="van ta")) == ["Nguyễn Văn Tâm"]


def test_the_list_filters_by_group_and_focus(tree, lists, province_officer):
    scope = Scope.of(province_officer)
    everything = rollup(tree.province, D(2026, 11, 23))
    militia = SourceGroup.objects.get(code="dan-quan-tu-ve")
    assert names(candidates_on(scope, everything, D(2026, 11, 23), group=militia)) == ["Bùi Văn Sơn"]
    assert names(candidates_on(scope, everything, D(2026, 11, 23), focus="ethnic_minority")) == ["Nguyễn Văn Tâm"]


def test_the_list_stays_within_the_users_scope(tree, lists, commune_officer):
    scope = Scope.of(commune_officer)
    asked = rollup(tree.province, D(2026, 11, 23))
    assert "Y Văn Kôn" not in names(candidates_on(scope, asked, D(2026, 11, 23)))
    assert set(candidates_for_user(scope)) == {lists["tam"], lists["hoa"], lists["son"]}


def test_a_candidate_outside_the_scope_or_not_writable_gives_404(tree, lists, commune_officer, viewer, secretary):
    with pytest.raises(Http404):
        get_candidate_for_user_or_404(Scope.of(commune_officer), lists["kon"].pk, for_write=False)
    assert get_candidate_for_user_or_404(Scope.of(viewer), lists["kon"].pk, for_write=False) == lists["kon"]
    with pytest.raises(Http404):
        get_candidate_for_user_or_404(Scope.of(viewer), lists["kon"].pk, for_write=True)
    assert get_candidate_for_user_or_404(Scope.of(secretary), lists["tam"].pk, for_write=True) == lists["tam"]
    with pytest.raises(Http404):
        get_candidate_for_user_or_404(Scope.of(secretary), lists["son"].pk, for_write=False)
    with pytest.raises(Http404):
        get_candidate_for_user_or_404(Scope.of(secretary), "abc", for_write=False)


def test_branches_without_sources_on_a_date(tree, lists, province_officer, commune_officer):
    scope = Scope.of(province_officer)
    assert list(organizations_without_sources(scope, tree.district, D(2026, 9, 30))) == [tree.branch_b1]
    assert list(organizations_without_sources(scope, tree.district, D(2026, 11, 23))) == []
    assert list(organizations_without_sources(scope, tree.district, D(2025, 1, 1))) == [tree.branch_a1, tree.branch_a2, tree.branch_b1]
    assert list(organizations_without_sources(scope, None, D(2026, 9, 30))) == [tree.branch_b1]
    # A commune officer only hears about their own branches.
    assert list(organizations_without_sources(Scope.of(commune_officer), None, D(2025, 1, 1))) == [tree.branch_a1, tree.branch_a2]


def test_rows_show_the_mentors_of_the_day_and_the_dossier(tree, lists):
    tam = lists["tam"]
    dossier = dossier_open(candidate=tam, opened_on=D(2026, 5, 4), actor=None)
    rows = {row.candidate.pk: row for row in source_rows([tam, lists["son"]], D(2026, 11, 23))}
    assert rows[tam.pk].mentors == [tree.members["an"]] and rows[tam.pk].dossier == dossier
    assert rows[lists["son"].pk].mentors == [] and rows[lists["son"].pk].dossier is None


def test_the_timeline_tells_the_story_in_date_order(tree, lists, commune_officer):
    tam = lists["tam"]
    services.mentor_assign(candidate=tam, member=tree.members["dat"], on=D(2025, 4, 1), actor=None)
    services.source_review_record(
        organization=tree.branch_a1, year=2025, decisions={tam.pk: (ReviewOutcome.KEPT, "Tiến bộ")}, reviewed_on=D(2025, 12, 15), actor=None
    )
    course = course_create(kind="awareness", title="Lớp nhận thức 2026", organizer="Trung tâm Chính trị", organization=tree.commune_a,
                           start_on=D(2026, 1, 5), end_on=D(2026, 1, 9), target_group="", actor=None)
    enrollment = enrollment_add(course=course, person=tam.person, actor=None)
    enrollment_complete(enrollment=enrollment, completed_on=D(2026, 1, 9), certificate_number="CN-77", certificate_on=D(2026, 1, 20), actor=None)
    dossier_open(candidate=tam, opened_on=D(2026, 3, 2), actor=None)

    rows = candidate_timeline(tam, scope=Scope.of(commune_officer))
    dates = [row.date for row in rows]
    assert dates == sorted(dates)
    labels = " | ".join(row.label for row in rows)
    for expected in ("Chi bộ thôn 1", "Nguyễn Văn An", "Trần Quốc Đạt", "2025", "Lớp nhận thức 2026", "CN-77"):
        assert expected in labels
    assert rows[0].date == D(2025, 3, 1)
    assert any(row.date == D(2026, 3, 2) for row in rows)  # the dossier was opened
    course_rows = [row for row in rows if "Lớp nhận thức 2026" in row.label]
    assert course_rows and all(row.link.endswith(f"/courses/{course.pk}/") for row in course_rows)


def test_the_timeline_follows_the_person_across_lists_and_hides_links_out_of_scope(tree, lists, secretary):
    tam = lists["tam"]
    moved = services.candidate_transfer(candidate=tam, organization=tree.branch_b1, on=D(2026, 3, 10), actor=None, reason="Chuyển nhà")
    rows = candidate_timeline(tam, scope=Scope.of(secretary))
    joined = [row for row in rows if "Chi bộ thôn Kon Gung" in row.label]
    assert joined and all(row.link == "" for row in joined)
    from_here = candidate_timeline(moved, scope=Scope.of(make_user("all", "admin", None)))
    assert any(row.link.endswith(f"/sources/{tam.pk}/") for row in from_here)
