"""The recruitment pipeline of the demo, loaded with the commune scale. What a user would
notice if it broke: a step of the procedure the demo accounts cannot see, nothing overdue
on the reminders page, an empty source list, a dossier that contradicts the member it
admitted, a vote counted against more members than the branch had, or a pipeline that
changes from one load to the next."""

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase

from pdms.accounts.models import User
from pdms.members.models import MemberPeriod, Status
from pdms.organizations.models import BRANCH_KINDS, Organization, valid_on
from pdms.recruitment.eligibility import add_months, certificate_expiry, full_months
from pdms.recruitment.models import (
    Candidate,
    CandidateStatus,
    Course,
    CourseKind,
    Deadline,
    DeadlineKind,
    Dossier,
    Enrollment,
    Mentorship,
    ReviewOutcome,
    SourceReview,
    State,
    Vote,
    VoteStep,
)
from pdms.recruitment.rulesets import get_ruleset
from pdms.recruitment.services.dossiers import has_committee_step

from ..scales import SCALES
from ..seed import load
from . import checks

NOON_TODAY = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
TODAY = NOON_TODAY.date()
D = dt.date
SEED = 3
# The state of the member each step of the dossier leaves.
MEMBER_STATUS = {
    State.ADMITTED: Status.PROBATIONARY,
    State.PROBATION: Status.PROBATIONARY,
    State.RECOGNITION_BRANCH_RESOLVED: Status.PROBATIONARY,
    State.RECOGNITION_COMMITTEE_RESOLVED: Status.PROBATIONARY,
    State.REMOVAL_PROPOSED: Status.PROBATIONARY,
    State.RECOGNIZED: Status.FULL,
    State.NOT_RECOGNIZED: Status.REMOVED,
}
COMMITTEE_STATES = {State.COMMITTEE_RESOLVED, State.RECOGNITION_COMMITTEE_RESOLVED}


def fingerprint() -> tuple:
    """What a user sees of the pipeline, without the ids the database gives."""
    candidates = sorted(
        Candidate.objects.values_list(
            "person__family_name", "person__middle_name", "person__given_name", "person__birth_date", "organization__code",
            "group__code", "added_on", "status", "ended_on",
        )
    )
    dossiers = sorted(
        Dossier.objects.values_list(
            "person__family_name", "person__given_name", "person__birth_date", "organization__code", "state", "opened_on",
            "ended_on", "version",
        )
    )
    counts = [m.objects.count() for m in (Vote, Deadline, Course, Enrollment, Mentorship, SourceReview)]
    return candidates, dossiers, counts


@time_machine.travel(NOON_TODAY, tick=False)
class CommuneScalePipelineTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        out = StringIO()
        call_command("seed_demo", scale="commune", seed=SEED, stdout=out)
        cls.output = out.getvalue()
        cls.commune = User.objects.get(username="xa").organization
        cls.branch = User.objects.get(username="chibo").organization

    def test_the_database_is_marked_as_demo_so_the_demo_accounts_may_have_their_public_password(self):
        from pdms.accounts.passwords import is_demo_database

        self.assertTrue(is_demo_database())

    def test_the_province_has_both_term_plans_and_the_supplement_shows_in_the_check(self):
        from pdms.accounts.scope import system_scope
        from pdms.checks.registry import run_checks
        from pdms.indicators.engine import Context
        from pdms.targets.models import Plan, Quota

        province = User.objects.get(username="tinh").organization
        self.assertEqual(list(Plan.objects.filter(organization=province).values_list("number", flat=True).order_by("issued_on")), ["09-KH/TU", "05-KH/TU"])
        supplement = Quota.objects.get(version=2)
        self.assertEqual((supplement.plan.number, supplement.decision), ("09-KH/TU", "15-NQ/TU"))
        ctx = Context.build(scope=system_scope(), organization=province, as_of=D(2025, 7, 31), start=D(2020, 8, 1), end=D(2025, 7, 31))
        (finding,) = run_checks(ctx, ["quota_sum"])
        self.assertIn("09-KH/TU", finding.message)
        self.assertTrue(Quota.objects.filter(plan__number="05-KH/TU", kind="percent", period_start=D(2026, 1, 1)).exists())

    def in_commune(self, model=Dossier, prefix=""):
        return model.objects.filter(**{f"{prefix}organization__path__startswith": self.commune.path})

    def test_every_step_of_the_procedure_has_a_dossier_in_the_demo_commune(self):
        states = set(self.in_commune().values_list("state", flat=True))
        # The commune's village branches stand directly under it: no committee step there.
        self.assertEqual(set(State.values) - COMMITTEE_STATES - states, set())
        self.assertGreaterEqual(self.in_commune().count(), 12)

    def test_the_committee_steps_have_dossiers_where_branches_have_a_grassroots_committee(self):
        states = set(Dossier.objects.values_list("state", flat=True))
        self.assertEqual(set(State.values) - states, set())

    def test_the_demo_branch_holds_a_dossier_at_every_step_it_takes(self):
        states = set(Dossier.objects.filter(organization=self.branch).values_list("state", flat=True))
        expected = set(State.values) if has_committee_step(self.branch) else set(State.values) - COMMITTEE_STATES
        self.assertEqual(expected - states, set())

    def test_the_decision_the_ceremony_and_the_recognition_vote_are_overdue_somewhere_in_the_demo_commune(self):
        overdue = self.in_commune(Deadline, "dossier__").filter(done_on__isnull=True, due_on__lt=TODAY)
        kinds = set(overdue.values_list("kind", flat=True))
        self.assertLessEqual({DeadlineKind.ADMISSION_DECISION, DeadlineKind.CEREMONY, DeadlineKind.RECOGNITION_VOTE}, kinds)
        self.assertTrue(overdue.filter(dossier__organization=self.branch).exists())

    def test_every_branch_of_the_demo_commune_keeps_a_source_list(self):
        branches = Organization.objects.filter(path__startswith=self.commune.path, kind__in=BRANCH_KINDS, ended_on__isnull=True)
        listed = set(Candidate.objects.filter(ended_on__isnull=True).values_list("organization_id", flat=True))
        self.assertEqual([b.name for b in branches if b.pk not in listed], [])
        self.assertGreaterEqual(Candidate.objects.filter(organization=self.branch, ended_on__isnull=True).count(), 5)
        flags = Candidate.objects.filter(organization__path__startswith=self.commune.path)
        self.assertTrue(flags.filter(ethnic_minority=True).exists() and flags.filter(religious=True).exists())
        moved = flags.filter(origin="transferred_in").select_related("person")
        self.assertTrue(moved.exists())
        for candidate in moved:
            earlier = Candidate.objects.get(person=candidate.person, status=CandidateStatus.TRANSFERRED_OUT)
            self.assertEqual(earlier.ended_on, candidate.added_on)

    def test_candidates_are_on_the_list_at_sixteen_and_helped_by_full_members_of_their_branch(self):
        for candidate in Candidate.objects.select_related("person", "organization"):
            self.assertGreaterEqual(full_months(candidate.person.birth_date, candidate.added_on), 16 * 12, candidate)
            self.assertGreaterEqual(candidate.added_on, candidate.organization.founded_on, candidate)
            self.assertLessEqual(candidate.added_on, TODAY)
            if candidate.status == CandidateStatus.DROPPED:
                self.assertTrue(candidate.end_reason, candidate)
        for mentorship in Mentorship.objects.select_related("candidate"):
            period = MemberPeriod.objects.filter(valid_on(mentorship.assigned_on), member_id=mentorship.member_id).get()
            self.assertEqual((period.status, period.organization_id), (Status.FULL, mentorship.candidate.organization_id))

    def test_the_reviews_of_2024_and_2025_keep_admit_or_drop_those_on_the_list(self):
        reviews = SourceReview.objects.select_related("candidate")
        self.assertEqual({r.year for r in reviews}, {2024, 2025})
        self.assertEqual({r.outcome for r in reviews}, set(ReviewOutcome.values))
        for review in reviews:
            candidate = review.candidate
            self.assertLessEqual(candidate.added_on, review.reviewed_on)
            if review.outcome == ReviewOutcome.DROPPED:
                ended = (candidate.status, candidate.ended_on, candidate.end_reason)
                self.assertEqual(ended, (CandidateStatus.DROPPED, review.reviewed_on, review.reason))
            elif review.outcome == ReviewOutcome.ADMITTED:
                self.assertEqual((candidate.status, candidate.ended_on.year), (CandidateStatus.ADMITTED, review.year))
            else:
                self.assertTrue(candidate.ended_on is None or candidate.ended_on > review.reviewed_on, candidate)

    def test_some_candidates_must_take_the_awareness_course_again_and_one_is_planned(self):
        ruleset = get_ruleset("2025")
        certificates = Enrollment.objects.filter(
            course__kind=CourseKind.AWARENESS, certificate_on__isnull=False, person__candidacies__ended_on__isnull=True
        )
        expired = [e for e in certificates if certificate_expiry(e.certificate_on, ruleset) < TODAY]
        self.assertTrue(expired)
        self.assertTrue(Course.objects.filter(kind=CourseKind.AWARENESS, start_on__gt=TODAY, enrollments__isnull=False).exists())
        self.assertTrue(Enrollment.objects.filter(course__kind=CourseKind.NEW_MEMBER, certificate_on__isnull=False).exists())

    def test_the_members_the_dossiers_admitted_are_what_their_dossiers_say(self):
        self.assertEqual(checks.period_chains(), [])
        for dossier in Dossier.objects.exclude(member=None).select_related("member", "candidate"):
            member = dossier.member
            self.assertEqual(member.person_id, dossier.person_id)
            self.assertEqual((member.admitted_on, member.ceremony_on), (dossier.decided_on, dossier.ceremony_on), dossier)
            self.assertEqual(member.recognized_on, dossier.recognized_on, dossier)
            self.assertEqual(member.status, MEMBER_STATUS[dossier.state], dossier)
            if dossier.candidate_id:
                candidate = dossier.candidate
                self.assertEqual((candidate.status, candidate.ended_on), (CandidateStatus.ADMITTED, dossier.decided_on))
            if dossier.recognized_on:
                self.assertEqual(dossier.recognized_on, add_months(dossier.ceremony_on, 12))
        before_admission = (State.PREPARING, State.BRANCH_RESOLVED, State.COMMITTEE_RESOLVED, State.CLOSED)
        self.assertFalse(Dossier.objects.filter(state__in=before_admission, member__isnull=False).exists())

    def test_steps_are_dated_in_order_by_the_rules_of_their_time_and_votes_count_real_members(self):
        for dossier in Dossier.objects.prefetch_related("events"):
            days = [e.on for e in dossier.events.all()]
            self.assertEqual(days, sorted(days), dossier)
            self.assertLessEqual(days[-1], TODAY)
            self.assertEqual(dossier.ruleset, "2021" if dossier.opened_on < dt.date(2025, 7, 1) else "2025", dossier)
        votes = Vote.objects.filter(step__in=(VoteStep.BRANCH_ADMISSION, VoteStep.BRANCH_RECOGNITION)).select_related("dossier")
        self.assertTrue(votes.exists())
        for vote in votes:
            periods = MemberPeriod.objects.filter(valid_on(vote.held_on), organization=vote.dossier.organization_id)
            full = periods.filter(status=Status.FULL).count()
            self.assertLessEqual(vote.eligible, full, vote.dossier)
            self.assertEqual(vote.passed, vote.votes_for * 3 >= vote.eligible * 2)

    def test_the_recognition_procedure_is_opened_for_probationers_registered_without_a_dossier(self):
        opened = self.in_commune().filter(candidate__isnull=True, state=State.PROBATION).select_related("member")
        self.assertTrue(opened.exists())
        for dossier in opened:
            self.assertEqual(dossier.member.ceremony_on, dossier.ceremony_on)
            self.assertEqual(dossier.opened_on, dossier.member.admitted_on)

    def test_seed_demo_reports_the_pipeline(self):
        line = self.output.splitlines()[1]
        self.assertIn(f" {Dossier.objects.count():,} ", line)
        self.assertIn(f" {Candidate.objects.filter(ended_on__isnull=True).count():,} ", line)


@time_machine.travel(NOON_TODAY, tick=False)
class DeterminismTest(TestCase):
    def loaded(self, seed: int) -> tuple:
        with transaction.atomic():
            load(SCALES["commune"], seed=seed, today=TODAY)
            result = fingerprint()
            transaction.set_rollback(True)
        return result

    def test_the_same_seed_loads_the_same_pipeline_and_another_seed_other_candidates(self):
        first = self.loaded(SEED)
        self.assertTrue(first[0] and first[1])
        self.assertEqual(self.loaded(SEED), first)
        self.assertNotEqual(self.loaded(SEED + 1)[0], first[0])


def test_a_dry_run_loads_no_pipeline(db, today):
    call_command("seed_demo", scale="commune", dry_run=True, stdout=StringIO())
    assert not Candidate.objects.exists() and not Dossier.objects.exists() and not Course.objects.exists()
