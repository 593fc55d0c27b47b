"""The recruitment indicators: each one's value is what its drill-down lists, counted from
the dates on the records as of a day (before and after each event), within the subtree and
the user's scope."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from pdms.accounts.scope import Scope, system_scope
from pdms.core.testing import register
from pdms.indicators.engine import Context, get
from pdms.members.models import Status
from pdms.members.services import member_end, member_record_ceremony
from pdms.recruitment.indicators import last_start_ended_by, median_days
from pdms.recruitment.models import Candidate, CandidateStatus, CourseKind, Deadline, DeadlineKind
from pdms.recruitment.services.dossiers import DecisionData, VoteData, dossier_advance, dossier_open
from pdms.recruitment.testing import make_candidate, make_certificate, ready_dossier, receive_recognition_documents
from pdms.workdays.calendar import add_workdays

D = dt.date
pytestmark = pytest.mark.django_db

KEYS = [
    "sources_total", "sources_by_group", "course_completions", "source_conversion", "dossiers_in_progress",
    "dossiers_overdue", "probationary_due_for_recognition", "not_recognized", "median_days_source_to_application",
    "median_days_application_to_branch_resolution", "median_days_branch_resolution_to_decision",
    "median_days_decision_to_ceremony", "median_days_ceremony_to_recognition",
]


# --- builders (also used by the board's tests) -----------------------------------------


def resolve(dossier, on, eligible=3):
    vote = VoteData(on, eligible, eligible, 0)
    return dossier_advance(dossier=dossier, action="branch_resolution", on=on, actor=None, vote=vote).dossier


def committee(dossier, on):
    return dossier_advance(dossier=dossier, action="committee_resolution", on=on, actor=None, vote=VoteData(on, 9, 9, 0)).dossier


def decide(dossier, on, received_on=None):
    data = DecisionData(f"{on:%d%m}-QĐ/ĐU", on, "Y Thị Hoa", "Phó Bí thư", received_on=received_on)
    return dossier_advance(dossier=dossier, action="admission_decision", on=on, actor=None, decision=data).dossier


def hold_ceremony(dossier, on):
    return dossier_advance(dossier=dossier, action="ceremony", on=on, actor=None).dossier


def recognize(dossier, *, voted_on, decided_on):
    course_on = dossier.ceremony_on + dt.timedelta(days=60)
    make_certificate(dossier.person, dossier.organization, on=course_on, kind=CourseKind.NEW_MEMBER)
    receive_recognition_documents(dossier, voted_on)
    for action, eligible in (("recognition_resolution", 3), ("recognition_committee_resolution", 9)):
        dossier_advance(dossier=dossier, action=action, on=voted_on, actor=None, vote=VoteData(voted_on, eligible, eligible, 0))
    data = DecisionData("16-QĐ/ĐU", decided_on, "Y Thị Hoa", "Phó Bí thư")
    return dossier_advance(dossier=dossier, action="recognition_decision", on=decided_on, actor=None, decision=data).dossier


def anchor_for(due_on: dt.date, workdays: int) -> dt.date:
    """The day from which ``workdays`` working days fall on ``due_on`` (a working day)."""
    day = due_on
    while add_workdays(day, workdays) > due_on:
        day -= dt.timedelta(days=1)
    assert add_workdays(day, workdays) == due_on
    return day


def admitted_2025(org, name, sponsors, *, sex="male"):
    """A dossier under the 2021 rules, admitted on 05/05/2025 with the ceremony on
    19/05/2025: the 12 months end on 19/05/2026."""
    candidate = make_candidate(org, name, sex=sex, added=D(2024, 6, 1))
    dossier = ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1))
    resolve(dossier, D(2025, 4, 10))
    committee(dossier, D(2025, 4, 20))
    decide(dossier, D(2025, 5, 5), D(2025, 5, 8))
    return hold_ceremony(dossier, D(2025, 5, 19))


def build_pipeline(tree, sponsors):
    """One person at every stage in branch C0101 on 23/11/2026, besides Lê Thị Ánh
    (probationary since 01/12/2025, no ceremony recorded)."""
    branch = tree.branch_a1
    p = SimpleNamespace()
    p.khoa = make_candidate(branch, "Phan Văn Khoa", added=D(2026, 2, 1))
    p.hoa = make_candidate(branch, "Đinh Thị Hoa", sex="female", added=D(2026, 2, 1), group="hoi-phu-nu")
    make_certificate(p.hoa.person, branch, on=D(2026, 6, 1))
    Candidate.objects.filter(pk=p.hoa.pk).update(ethnic_minority=True)
    p.long = ready_dossier(make_candidate(branch, "Hà Văn Long", added=D(2026, 1, 5)), sponsors, opened=D(2026, 3, 2))
    p.mai = resolve(ready_dossier(make_candidate(branch, "Nguyễn Thị Mai", sex="female"), sponsors), D(2026, 10, 1))
    p.son = committee(resolve(ready_dossier(make_candidate(branch, "Trịnh Văn Sơn"), sponsors), D(2026, 6, 1)), D(2026, 6, 10))
    tam = committee(resolve(ready_dossier(make_candidate(branch, "Lò Văn Tâm"), sponsors), D(2026, 8, 3)), D(2026, 8, 10))
    received = anchor_for(D(2026, 11, 27), 30)
    p.tam = decide(tam, received, received)
    vy = ready_dossier(make_candidate(branch, "Lê Thị Vy", sex="female"), sponsors)
    vy = committee(resolve(vy, D(2026, 4, 1)), D(2026, 4, 5))
    p.vy = hold_ceremony(decide(vy, D(2026, 4, 20)), D(2026, 5, 4))
    p.quan = admitted_2025(branch, "Bùi Văn Quân", sponsors)
    ngoc = admitted_2025(branch, "Mạc Thị Ngọc", sponsors, sex="female")
    p.ngoc = recognize(ngoc, voted_on=D(2026, 5, 25), decided_on=D(2026, 6, 10))
    return p


def context(org, *, as_of=D(2026, 11, 23), start=None, end=None, scope=None):
    return Context.build(scope=scope or system_scope(), organization=org, as_of=as_of, start=start, end=end)


def value(key, org, **kwargs):
    return get(key).compute(context(org, **kwargs)).value


def names(key, org, **kwargs):
    records = get(key).records(context(org, **kwargs))
    return sorted(_name(record) for record in records)


def _name(record):
    for path in ("person", "member.person", "dossier.person"):
        obj = record
        try:
            for attr in path.split("."):
                obj = getattr(obj, attr)
            return obj.full_name
        except AttributeError:
            continue
    raise AssertionError(record)


# --- every figure is its drill-down ---------------------------------------------------


@pytest.fixture
def pipeline(tree, branch_members, sponsors):
    return build_pipeline(tree, sponsors)


@pytest.mark.parametrize("as_of", [D(2025, 6, 1), D(2026, 5, 20), D(2026, 11, 23)])
def test_every_recruitment_figure_counts_the_records_of_its_drilldown(pipeline, tree, as_of):
    for org in (tree.province, tree.commune_a, tree.branch_a1, tree.branch_a2):
        ctx = context(org, as_of=as_of, start=D(2024, 1, 1))
        for key in KEYS:
            result = get(key).compute(ctx)
            assert get(key).records(ctx).count() == result.record_count, (org.code, key)


def test_the_pipeline_on_23_11_2026_in_figures(pipeline, tree):
    branch = tree.branch_a1
    on_lists = ["Phan Văn Khoa", "Đinh Thị Hoa", "Hà Văn Long", "Nguyễn Thị Mai", "Trịnh Văn Sơn"]
    assert names("sources_total", branch) == sorted(on_lists)
    assert names("dossiers_in_progress", branch) == sorted(["Hà Văn Long", "Nguyễn Thị Mai", "Trịnh Văn Sơn"])
    assert names("dossiers_overdue", branch) == sorted(["Trịnh Văn Sơn", "Bùi Văn Quân"])
    assert names("probationary_due_for_recognition", branch) == ["Bùi Văn Quân"]
    assert value("sources_total", tree.branch_a2) == 0


# --- sources --------------------------------------------------------------------------


def test_a_candidate_counts_from_the_day_added_until_the_day_they_leave_the_list(tree):
    candidate = make_candidate(tree.branch_a1, "Phan Văn Khoa", added=D(2026, 2, 1))
    assert value("sources_total", tree.province, as_of=D(2026, 1, 31)) == 0
    assert value("sources_total", tree.province, as_of=D(2026, 2, 1)) == 1
    Candidate.objects.filter(pk=candidate.pk).update(status=CandidateStatus.DROPPED, ended_on=D(2026, 6, 1))
    assert value("sources_total", tree.province, as_of=D(2026, 5, 31)) == 1
    assert value("sources_total", tree.province, as_of=D(2026, 6, 1)) == 0
    assert value("sources_total", tree.province) == 0


def test_an_admitted_candidate_leaves_the_list_on_the_decision(pipeline, tree):
    assert "Bùi Văn Quân" in names("sources_total", tree.branch_a1, as_of=D(2025, 5, 4))
    assert "Bùi Văn Quân" not in names("sources_total", tree.branch_a1, as_of=D(2025, 5, 5))


def test_sources_are_counted_in_the_subtree_only(tree):
    make_candidate(tree.branch_a1, "Phan Văn Khoa")
    make_candidate(tree.branch_b1, "Y Thị Blum", sex="female")
    assert value("sources_total", tree.commune_a) == 1
    assert value("sources_total", tree.commune_b) == 1
    assert value("sources_total", tree.province) == 2
    assert value("sources_total", tree.other_province) == 0


# --- courses --------------------------------------------------------------------------


def test_course_completions_are_counted_in_the_period_where_the_person_stands(tree):
    person = make_candidate(tree.branch_a1, "Phan Văn Khoa").person
    make_certificate(person, tree.branch_a1, on=D(2026, 3, 11))  # completed on 10/03/2026
    make_certificate(person, tree.branch_a1, on=D(2025, 12, 1), kind=CourseKind.NEW_MEMBER, number="X")
    assert value("course_completions", tree.province, start=D(2026, 1, 1)) == 1
    assert value("course_completions", tree.province, start=D(2026, 3, 11)) == 0
    assert value("course_completions", tree.province, as_of=D(2026, 3, 9)) == 0
    assert value("course_completions", tree.province, start=D(2025, 1, 1)) == 2
    assert value("course_completions", tree.commune_b, start=D(2025, 1, 1)) == 0


# --- dossiers -------------------------------------------------------------------------


def test_a_dossier_is_in_progress_from_the_application_to_the_decision(tree, branch_members, sponsors):
    dossier = ready_dossier(make_candidate(tree.branch_a1, "Hà Văn Long"), sponsors, opened=D(2026, 3, 2))
    resolve(dossier, D(2026, 4, 1))
    committee(dossier, D(2026, 4, 10))
    decide(dossier, D(2026, 5, 4))
    assert value("dossiers_in_progress", tree.province, as_of=D(2026, 3, 1)) == 0
    assert value("dossiers_in_progress", tree.province, as_of=D(2026, 3, 2)) == 1
    assert value("dossiers_in_progress", tree.province, as_of=D(2026, 5, 3)) == 1
    assert value("dossiers_in_progress", tree.province, as_of=D(2026, 5, 4)) == 0


def test_a_closed_dossier_is_in_progress_until_it_closes(tree, branch_members, sponsors):
    dossier = ready_dossier(make_candidate(tree.branch_a1, "Hà Văn Long"), sponsors, opened=D(2026, 3, 2))
    dossier_advance(dossier=dossier, action="close", on=D(2026, 4, 2), actor=None, reason="Xin rút đơn")
    assert value("dossiers_in_progress", tree.province, as_of=D(2026, 4, 1)) == 1
    assert value("dossiers_in_progress", tree.province, as_of=D(2026, 4, 2)) == 0


def test_a_deadline_is_overdue_from_the_day_after_it_falls_due_until_it_is_met(tree, branch_members, sponsors):
    dossier = resolve(ready_dossier(make_candidate(tree.branch_a1, "Hà Văn Long"), sponsors), D(2026, 4, 1))
    due = Deadline.objects.get(dossier=dossier, kind=DeadlineKind.ADMISSION_DECISION).due_on
    assert value("dossiers_overdue", tree.province, as_of=D(2026, 3, 31)) == 0
    assert value("dossiers_overdue", tree.province, as_of=due) == 0
    assert value("dossiers_overdue", tree.province, as_of=due + dt.timedelta(days=1)) == 1
    committee(dossier, D(2026, 4, 10))
    late = due + dt.timedelta(days=7)
    dossier_advance(dossier=dossier, action="admission_decision", on=late, actor=None, reason="Chờ thẩm tra bổ sung",
                    decision=DecisionData("9-QĐ/ĐU", late, "Y Thị Hoa", "Phó Bí thư"))
    assert value("dossiers_overdue", tree.province, as_of=late - dt.timedelta(days=1)) == 1
    assert value("dossiers_overdue", tree.province, as_of=late) == 0


# --- probation ------------------------------------------------------------------------


def test_the_twelve_months_cut_off_handles_the_29th_of_february():
    assert last_start_ended_by(D(2025, 2, 28), 12) == D(2024, 2, 29)
    assert last_start_ended_by(D(2025, 3, 1), 12) == D(2024, 3, 1)
    assert last_start_ended_by(D(2028, 2, 29), 12) == D(2027, 2, 28)
    assert last_start_ended_by(D(2024, 2, 29), 12) == D(2023, 2, 28)
    assert last_start_ended_by(D(2026, 2, 28), 1) == D(2026, 1, 31)


def test_a_probationer_is_due_for_recognition_once_twelve_months_from_the_ceremony_have_ended(tree):
    leap = register(tree.branch_a1, "Đỗ Văn Nhuận", admitted=D(2024, 2, 1))
    member_record_ceremony(member=leap, on=D(2024, 2, 29), actor=None)
    march = register(tree.branch_a1, "Cao Thị Xuân", sex="female", admitted=D(2024, 2, 1))
    member_record_ceremony(member=march, on=D(2024, 3, 1), actor=None)
    assert names("probationary_due_for_recognition", tree.branch_a1, as_of=D(2025, 2, 27)) == []
    assert names("probationary_due_for_recognition", tree.branch_a1, as_of=D(2025, 2, 28)) == ["Đỗ Văn Nhuận"]
    both = sorted(["Cao Thị Xuân", "Đỗ Văn Nhuận"])
    assert names("probationary_due_for_recognition", tree.branch_a1, as_of=D(2025, 3, 1)) == both


def test_without_a_recorded_ceremony_probation_runs_from_the_admission_decision(tree):
    # Lê Thị Ánh was admitted on 01/12/2025.
    assert value("probationary_due_for_recognition", tree.province, as_of=D(2026, 11, 30)) == 0
    assert names("probationary_due_for_recognition", tree.province, as_of=D(2026, 12, 1)) == ["Lê Thị Ánh"]


def test_recognition_dated_back_to_the_end_of_probation_leaves_the_member_never_due(pipeline, tree):
    # Quân and Ngọc both end their 12 months on 19/05/2026; only Ngọc was recognized.
    assert names("probationary_due_for_recognition", tree.branch_a1, as_of=D(2026, 5, 18)) == []
    assert "Mạc Thị Ngọc" in names("members_probationary", tree.branch_a1, as_of=D(2026, 5, 18))
    assert names("probationary_due_for_recognition", tree.branch_a1, as_of=D(2026, 5, 19)) == ["Bùi Văn Quân"]
    assert names("probationary_due_for_recognition", tree.branch_a1) == ["Bùi Văn Quân"]


def test_probationers_removed_in_the_period_are_not_recognized(tree):
    removed = register(tree.branch_a1, "Đỗ Văn Nhuận", admitted=D(2025, 1, 10))
    member_end(member=removed, status=Status.REMOVED, on=D(2026, 3, 1), actor=None, reason="Không đủ điều kiện công nhận")
    member_end(member=tree.members["dat"], status=Status.REMOVED, on=D(2026, 3, 1), actor=None, reason="Bỏ sinh hoạt")
    assert names("not_recognized", tree.province) == ["Đỗ Văn Nhuận"]
    assert value("not_recognized", tree.province, as_of=D(2025, 12, 31)) == 0
    assert value("not_recognized", tree.province, start=D(2026, 3, 2)) == 0
    assert value("not_recognized", tree.commune_b) == 0


# --- days per stage -------------------------------------------------------------------


def test_the_median_is_the_middle_value_of_an_odd_number_and_the_mean_of_the_two_middle_ones_of_an_even_number():
    assert median_days([]) is None
    assert median_days([40, 10, 20]) == Decimal("20.0")
    assert median_days([10, 20, 25, 40]) == Decimal("22.5")
    assert median_days([1, 2]) == Decimal("1.5")


def _applied_after(tree, name, days):
    candidate = make_candidate(tree.branch_a1, name, added=D(2026, 1, 1))
    return dossier_open(candidate=candidate, opened_on=D(2026, 1, 1) + dt.timedelta(days=days), actor=None)


def test_median_days_from_the_list_to_the_application_over_an_odd_and_an_even_number_of_dossiers(tree):
    for name, days in (("Phan Văn Khoa", 10), ("Hà Văn Long", 40), ("Trịnh Văn Sơn", 20)):
        _applied_after(tree, name, days)
    result = get("median_days_source_to_application").compute(context(tree.province))
    assert (result.value, result.record_count) == (Decimal("20.0"), 3)
    _applied_after(tree, "Lò Văn Tâm", 25)
    result = get("median_days_source_to_application").compute(context(tree.province))
    assert (result.value, result.record_count) == (Decimal("22.5"), 4)
    # Only dossiers whose stage ended in the period count.
    assert value("median_days_source_to_application", tree.province, start=D(2026, 1, 25)) == Decimal("32.5")
    assert value("median_days_source_to_application", tree.province, as_of=D(2026, 1, 5)) is None
    assert value("median_days_source_to_application", tree.commune_b) is None


def test_median_days_of_each_stage_of_the_procedure(pipeline, tree):
    def median(key, **kwargs):
        return value(key, tree.branch_a1, start=D(2025, 1, 1), **kwargs)

    # Quân and Ngọc: applied 03/03/2025, branch 10/04/2025, decision 05/05/2025,
    # ceremony 19/05/2025; Ngọc recognized from 19/05/2026 by the decision of 10/06/2026.
    assert median("median_days_ceremony_to_recognition") == Decimal("365.0")
    assert median("median_days_ceremony_to_recognition", as_of=D(2026, 6, 9)) is None
    assert median("median_days_decision_to_ceremony", as_of=D(2025, 12, 31)) == Decimal("14.0")
    assert median("median_days_branch_resolution_to_decision", as_of=D(2025, 12, 31)) == Decimal("25.0")
    assert median("median_days_application_to_branch_resolution", as_of=D(2025, 12, 31)) == Decimal("38.0")


# --- conversion -----------------------------------------------------------------------


def test_conversion_counts_candidates_added_in_the_period_who_were_admitted_by_the_as_of_day(tree, branch_members, sponsors):
    admitted = admitted_2025(tree.branch_a1, "Bùi Văn Quân", sponsors)  # added 01/06/2024, admitted 05/05/2025
    make_candidate(tree.branch_a1, "Phan Văn Khoa", added=D(2024, 9, 1))
    make_candidate(tree.branch_a1, "Đinh Thị Hoa", sex="female", added=D(2025, 2, 1))
    whole = dict(start=D(2024, 1, 1), end=D(2024, 12, 31))
    result = get("source_conversion").compute(context(tree.province, as_of=D(2025, 12, 31), **whole))
    assert (result.numerator, result.denominator, result.percent) == (1, 2, Decimal("50.00"))
    assert names("source_conversion", tree.province, as_of=D(2025, 12, 31), **whole) == [admitted.person.full_name]
    before = get("source_conversion").compute(context(tree.province, as_of=D(2025, 5, 4), **whole))
    assert (before.numerator, before.denominator) == (0, 2)
    assert get("source_conversion").compute(context(tree.commune_b, as_of=D(2025, 12, 31), **whole)).percent is None


# --- scope ----------------------------------------------------------------------------


def test_an_outsiders_context_sees_nothing_of_the_province(pipeline, tree, outsider):
    scope = Scope.of(outsider)
    for key in KEYS:
        result = get(key).compute(context(tree.province, start=D(2024, 1, 1), scope=scope))
        assert result.record_count == 0, key
        assert result.value in (0, None), key


def test_a_secretary_context_sees_only_their_branch(pipeline, tree, secretary, branch_members, sponsors):
    make_candidate(tree.branch_a2, "Vũ Văn Tuấn")
    scope = Scope.of(secretary)
    assert value("sources_total", tree.province, scope=scope) == 5
    assert value("sources_total", tree.province) == 6
