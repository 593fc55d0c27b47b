"""The demo data, loaded once per class: at the commune scale and on a reduced province
(three districts and the committees under the province, so every planned reorganization
happens). What a user would notice if it broke: members with holes in their history,
figures that do not add up, a tree that still has districts after the reform, names that
do not read as Vietnamese, accounts that see too much."""

import dataclasses
import datetime as dt
from collections import Counter
from io import StringIO

import time_machine
from django.core.management import call_command
from django.db.models import Q
from django.test import TestCase
from django.urls import reverse

from pdms.accounts.models import User
from pdms.accounts.scope import Scope, system_scope
from pdms.audit.models import AuditEntry
from pdms.core.citizen_id import validate_citizen_id
from pdms.indicators.engine import Context, evaluate
from pdms.members.models import MemberPeriod, Person, StartEvent, Status, TemporaryTransfer
from pdms.organizations.models import DISTRICT_LEVEL_END, Organization, OrgKind, OrgVersion, ReorgEvent, ReorgKind, valid_on
from pdms.organizations.selectors import organizations_for_user
from pdms.recruitment.models import Dossier

from .. import places
from ..accounts import DEMO_ACCOUNTS, PASSWORD
from ..names import ALL_FAMILY_NAMES, ALL_GIVEN_NAMES, FAMILY_NAMES, KINH
from ..scales import KON_TUM, Scale
from ..seed import load
from . import checks

NOON_TODAY = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
TODAY = NOON_TODAY.date()
_CITY, _SA_THAY = places.KON_TUM[0], places.KON_TUM[5]
REDUCED_PROVINCE = Scale(
    "reduced",
    (
        dataclasses.replace(
            KON_TUM,
            members=5000,
            districts=(
                dataclasses.replace(_CITY, communes=_CITY.communes[:4] + _CITY.communes[10:14]),
                dataclasses.replace(_SA_THAY, communes=_SA_THAY.communes[:3] + _SA_THAY.communes[-3:]),
            ),
        ),
    ),
    "two districts of Kon Tum, shortened, and the committees under the province",
)


class Invariants:
    """Checks that hold at every scale."""

    # Too rare to be sure of at a scale (expulsions: about 2 a year in 10,000 members).
    rare_events: frozenset = frozenset()
    rare_statuses: frozenset = frozenset()

    def test_every_member_has_a_gapless_history_with_one_open_period_that_remembers_the_one_before(self):
        self.assertEqual(checks.period_chains(), [])

    def test_every_organization_version_follows_its_parent_path_on_its_dates(self):
        self.assertEqual(checks.version_chains(), [])

    def test_no_district_stands_from_the_reform_on_and_no_commune_before_it(self):
        self.assertEqual(checks.districts_after_reform(), [])
        self.assertFalse(Organization.objects.filter(kind=OrgKind.DISTRICT).exclude(ended_on=DISTRICT_LEVEL_END).exists())

    def test_the_new_communes_took_over_two_to_four_old_communes_and_all_their_members(self):
        communes = Organization.objects.filter(kind=OrgKind.COMMUNE)
        self.assertTrue(communes.exists())
        for commune in communes:
            self.assertEqual(commune.founded_on, DISTRICT_LEVEL_END)
            old = [link.predecessor for link in commune.predecessor_links.select_related("predecessor")]
            self.assertTrue(2 <= len(old) <= 4, commune.name)
            self.assertEqual({(o.kind, o.ended_on) for o in old}, {(OrgKind.GRASSROOTS_COMMITTEE, DISTRICT_LEVEL_END)})
            self.assertEqual(checks.members_kept_through_reform(commune), [])
            ctx = Context.build(
                scope=system_scope(), organization=commune, as_of=TODAY, start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31)
            )
            self.assertGreater(evaluate(ctx, ["balance_opening"])[0].value, 0, "the 2020 history rolls up into the new commune")

    def test_the_member_balance_adds_up_for_the_province_and_random_organizations_and_periods(self):
        self.assertEqual(checks.balances(seed=7, samples=12, today=TODAY), [])

    def test_two_to_five_percent_of_members_are_admitted_every_year(self):
        root = Organization.objects.get(kind=OrgKind.PROVINCE)
        for year in range(2015, TODAY.year):
            ctx = Context.build(
                scope=system_scope(), organization=root, as_of=TODAY, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
            )
            values = {r.key: r.value for r in evaluate(ctx, ["balance_opening", "admissions"])}
            self.assertTrue(0.02 <= values["admissions"] / values["balance_opening"] <= 0.05, (year, values))

    def test_people_are_named_family_name_first_as_vietnamese_write_them(self):
        people = list(Person.objects.all())
        for person in people:
            self.assertIn(person.family_name, ALL_FAMILY_NAMES, person.full_name)
            self.assertIn(person.given_name, ALL_GIVEN_NAMES, person.full_name)
            self.assertTrue(person.full_name.startswith(person.family_name + " "))
        kinh = Counter(p.family_name for p in people if p.ethnicity == KINH)
        self.assertTrue(0.28 < kinh["Nguyễn"] / sum(kinh.values()) < 0.48, kinh.most_common(3))
        self.assertTrue(set(kinh) <= set(FAMILY_NAMES))

    def test_citizen_ids_are_valid_for_the_birth_date_and_sex_and_never_repeat(self):
        numbers = [(p.citizen_id, p.birth_date, p.sex) for p in Person.objects.all()]
        for number, born, sex in numbers:
            validate_citizen_id(number, birth_date=born, sex=sex)
        self.assertEqual(len({n for n, _, _ in numbers}), len(numbers))

    def test_probationers_are_recognized_a_year_after_their_ceremony(self):
        periods = MemberPeriod.objects.filter(
            start_event=StartEvent.RECOGNITION, valid_from__gte=dt.date(2016, 1, 1)
        ).select_related("member")
        self.assertTrue(periods.exists())
        for period in periods:
            member = period.member
            self.assertEqual(member.recognized_on, period.valid_from)
            self.assertTrue(365 <= (member.recognized_on - member.ceremony_on).days <= 400, member)
            self.assertTrue(14 <= (member.ceremony_on - member.admitted_on).days <= 45, member)

    def test_the_history_holds_every_kind_of_event(self):
        events = set(MemberPeriod.objects.values_list("start_event", flat=True))
        self.assertLessEqual(set(StartEvent.values) - self.rare_events, events)
        statuses = set(MemberPeriod.objects.values_list("status", flat=True))
        self.assertLessEqual(set(Status.values) - self.rare_statuses, statuses)
        self.assertTrue(TemporaryTransfer.objects.exists())
        kinds = set(ReorgEvent.objects.values_list("kind", flat=True))
        self.assertLessEqual(
            {ReorgKind.FOUND, ReorgKind.RENAME, ReorgKind.MOVE, ReorgKind.MERGE, ReorgKind.DISSOLVE, ReorgKind.COMMITTEE}, kinds
        )

    def test_branches_with_nine_full_members_mostly_have_a_committee(self):
        day = dt.date(2024, 1, 1)
        full = Counter(MemberPeriod.objects.filter(valid_on(day), status=Status.FULL).values_list("organization_id", flat=True))
        branches = OrgVersion.objects.filter(valid_on(day), kind__in=(OrgKind.BRANCH, OrgKind.GRASSROOTS_BRANCH))
        large = [b.has_committee for b in branches if full[b.organization_id] >= 9]
        small = [b.has_committee for b in branches if full[b.organization_id] < 9]
        self.assertGreater(sum(large) / len(large), 0.6)
        self.assertLess(sum(small) / max(1, len(small)), 0.25)

    def test_every_audit_entry_of_the_demo_says_it_is_demo_data(self):
        # The dossier services take no reason for a form or a sponsor, nor plan_create for a
        # plan, and a recognition is recorded with the number of its decision.
        unreasoned = Q(action__in=("dossier.document", "dossier.sponsor_add", "plan.create")) | Q(
            action="member.recognize", object_id__in=Dossier.objects.filter(member__isnull=False).values("member_id")
        )
        reasons = AuditEntry.objects.exclude(object_type="user").exclude(unreasoned).values_list("reason", flat=True)
        self.assertTrue(all(r.startswith("Dữ liệu mẫu") for r in reasons))
        # Everyone else is a member registered with their history.
        registered = Person.objects.filter(candidacies__isnull=True).count()
        self.assertEqual(AuditEntry.objects.filter(action="member.register").count(), registered)

    def test_the_demo_accounts_log_in_and_see_only_their_subtree(self):
        root = Organization.objects.get(kind=OrgKind.PROVINCE)
        for account in DEMO_ACCOUNTS:
            response = self.client.post(reverse("login"), {"username": account.username, "password": PASSWORD})
            self.assertEqual(response.status_code, 302, account.username)
            user = User.objects.get(pk=self.client.session["_auth_user_id"])
            self.client.logout()
            visible = organizations_for_user(Scope.of(user))
            if account.bound_to in (None, "province"):
                self.assertEqual(
                    visible.filter(ended_on__isnull=True).count(), Organization.objects.filter(ended_on__isnull=True).count()
                )
                continue
            self.assertNotIn(root, visible)
            for org in visible.filter(ended_on__isnull=True):
                self.assertTrue(org.path.startswith(user.organization.path), (account.username, org.name))
        chibo = User.objects.get(username="chibo")
        self.assertEqual(chibo.organization.parent, User.objects.get(username="xa").organization)
        self.assertEqual(User.objects.get(username="xa").organization.kind, OrgKind.COMMUNE)


@time_machine.travel(NOON_TODAY, tick=False)
class CommuneScaleTest(Invariants, TestCase):
    rare_events = frozenset({StartEvent.EXPULSION})
    rare_statuses = frozenset({Status.EXPELLED})

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", scale="commune", seed=3, stdout=StringIO())

    def test_it_is_one_commune_of_three_hundred_to_fifteen_hundred_members(self):
        root = Organization.objects.get(kind=OrgKind.PROVINCE)
        members = evaluate(Context.build(scope=system_scope(), organization=root, as_of=TODAY), ["members_total"])[0].value
        self.assertTrue(300 <= members <= 1500, members)
        self.assertEqual(Organization.objects.filter(kind=OrgKind.COMMUNE, ended_on__isnull=True).count(), 1)
        branches = Organization.objects.filter(
            kind__in=(OrgKind.BRANCH, OrgKind.GRASSROOTS_BRANCH), ended_on__isnull=True
        ).count()
        self.assertTrue(10 <= branches <= 40, branches)


@time_machine.travel(NOON_TODAY, tick=False)
class ReducedProvinceTest(Invariants, TestCase):
    @classmethod
    def setUpTestData(cls):
        load(REDUCED_PROVINCE, seed=5, today=TODAY)

    def test_the_committees_under_the_province_were_reorganized_in_2025(self):
        names = set(
            Organization.objects.filter(kind=OrgKind.PROVINCIAL_DIRECT, ended_on__isnull=True).values_list("name", flat=True)
        )
        self.assertIn("Đảng bộ các cơ quan Đảng tỉnh", names)
        self.assertIn("Đảng bộ Ủy ban nhân dân tỉnh", names)
        self.assertNotIn("Đảng bộ Khối các cơ quan tỉnh", names)
        self.assertTrue(Organization.objects.filter(name="Chi bộ Sở Nông nghiệp và Môi trường", ended_on__isnull=True).exists())

    def test_a_district_founded_in_2015_took_over_communes_of_another(self):
        district = Organization.objects.get(name="Đảng bộ huyện Ia H'Drai")
        self.assertEqual(district.founded_on.year, 2015)
        moved = OrgVersion.objects.filter(parent=district, kind=OrgKind.GRASSROOTS_COMMITTEE).values_list(
            "organization__name", flat=True
        )
        self.assertEqual(set(moved), {"Đảng bộ xã Ia Tơi", "Đảng bộ xã Ia Dom", "Đảng bộ xã Ia Đal"})
