"""The rules of the consistency check. Each is a small function of the run's Context
that yields findings with the records involved; every query goes through ``ctx.q()``, so
a run never lists a record outside the subtree and the user's scope.

Choices made here (see README.md):
- the members a rule looks at are those who stood in the subtree at some time in the
  period (a period of theirs in the subtree overlaps start..end);
- recognition: a member recognized through a dossier is full from the end of the 12
  months of probation, exactly, so any other date is flagged; for members entered from
  paper records (no dossier) a difference of up to 31 days either way is allowed;
- the same citizen ID cannot be on two people (the database refuses it), so the rule
  looks for one person registered twice: the same normalized full name, birth date and
  sex, and one of them without a citizen ID, citizen IDs one mistyped digit apart or the
  same hometown (namesakes with unrelated citizen IDs are two people);
- a printed percent is compared at the precision it was printed with ("31%": 0 decimals).
"""

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdms.core.dates import format_date, full_years
from pdms.core.vntext import vn_normalize
from pdms.indicators import engine
from pdms.indicators.engine import Context
from pdms.members.models import Member, MemberPeriod, Person, Status
from pdms.members.selectors import active_periods_on
from pdms.members.services import MIN_ADMISSION_AGE
from pdms.organizations.models import Organization, OrgVersion, valid_on
from pdms.organizations.rollup import rollup_many
from pdms.recruitment.indicators import last_start_ended_by, probation_months, probation_start
from pdms.recruitment.models import Dossier
from pdms.workdays.calendar import WorkCalendar

from .models import DistinctPeople, ReportedValue
from .probation import OVERDUE_WORKDAYS, overdue_since, probation_end
from .registry import Finding, identity_record, indicator_record, member_record, organization_record, reported_record, rule

PAPER_RECOGNITION_TOLERANCE = dt.timedelta(days=31)

# opening + admitted + transferred in − transferred out − deceased − removed − expelled = closing
BALANCE_TERMS = (
    ("balance_opening", 1),
    ("balance_admitted", 1),
    ("balance_transferred_in", 1),
    ("balance_transferred_out", -1),
    ("balance_deceased", -1),
    ("balance_removed", -1),
    ("balance_expelled", -1),
)


def _n(value, decimals: int | None = None) -> str:
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def _context_for(ctx: Context, organization) -> Context:
    """The run's period, date and structure for another organization (sharing the run's
    memo: the structure of the day is read once)."""
    return Context.build(
        scope=ctx.scope, organization=organization, as_of=ctx.as_of, start=ctx.start, end=ctx.end, structure_on=ctx.structure_on,
        memo=ctx.memo,
    )


def candidates_of(ctx: Context):
    """The members whose cheap columns a member rule scans to narrow its candidates: every
    member when the run covers a quarter of the organizations or more (one plain scan
    costs less than the subtree's subquery over a province), else those who stood in the
    subtree in the period. Either way ``in_period`` decides."""
    if len(ctx.orgs.ids()) * 4 >= Organization.objects.count():
        return Member.objects.order_by()
    periods = MemberPeriod.objects.filter(ctx.q(), valid_from__lte=ctx.end).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=ctx.start))
    return Member.objects.filter(pk__in=periods.values("member_id")).order_by()


# Ids per query: SQLite allows some 32,000 parameters in one statement.
IDS_PER_QUERY = 5000


def in_period(ctx: Context, member_ids) -> set[int]:
    """Those of ``member_ids`` who stood in the subtree at some time in the period: rules
    narrow their candidates over all members first (cheap columns), then ask this once."""
    member_ids, found = sorted(member_ids), set()
    for first in range(0, len(member_ids), IDS_PER_QUERY):
        periods = MemberPeriod.objects.filter(
            ctx.q(), valid_from__lte=ctx.end, member_id__in=member_ids[first:first + IDS_PER_QUERY]
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=ctx.start))
        found |= set(periods.values_list("member_id", flat=True))
    return found


@rule("balance_identity", gettext_lazy("Member balance that does not add up"))
def balance_identity(ctx: Context):
    results = {key: engine.get(key).compute(ctx) for key, _sign in BALANCE_TERMS}
    closing = engine.get("balance_closing").compute(ctx)
    expected = sum(sign * results[key].value for key, sign in BALANCE_TERMS)
    if expected == closing.value:
        return
    yield Finding(
        "balance_identity",
        _(
            "The member balance of %(org)s from %(start)s to %(end)s does not add up: the start of the period and the "
            "movements give %(expected)s members at the end, but %(closing)s are counted."
        )
        % {"org": ctx.organization.name, "start": format_date(ctx.start), "end": format_date(ctx.end), "expected": _n(expected), "closing": _n(closing.value)},
        [organization_record(ctx.organization)]
        + [indicator_record(ctx, r.key, f"{r.label}: {_n(r.value)}") for r in [*results.values(), closing]],
    )


@rule("subtotal_mismatch", gettext_lazy("Totals of subordinate organizations that do not add up to their parent"))
def subtotal_mismatch(ctx: Context):
    """The run's organization against its direct units (as of the structure date). One
    level only: each figure is a roll-up of its own, and a province has thousands of
    organizations; a run on a unit checks that unit's level."""
    members_total = engine.get("members_total")
    children = [
        version.organization
        for version in OrgVersion.objects.filter(valid_on(ctx.structure_on), ctx.q("organization_id"), parent=ctx.organization)
        .select_related("organization")
        .order_by("path")
    ]
    if not children:
        return
    organization = ctx.organization
    own_ctx = _context_for(ctx, organization)
    child_ctxs = [_context_for(ctx, child) for child in children]
    # The structure of the day is read once for all the children.
    sets = rollup_many(children, ctx.structure_on)
    for child_ctx in child_ctxs:
        child_ctx.__dict__["orgs"] = sets[child_ctx.organization.pk]
    total = members_total.compute(own_ctx).value
    child_totals = [members_total.compute(child_ctx).value for child_ctx in child_ctxs]
    in_children = set().union(*(child_ctx.orgs.ids() for child_ctx in child_ctxs))
    direct = active_periods_on(own_ctx.q(), ctx.as_of).exclude(organization_id__in=sorted(in_children)).count()
    if total == direct + sum(child_totals):
        return
    yield Finding(
        "subtotal_mismatch",
        _(
            "On %(date)s %(org)s counts %(total)s members, but its own members (%(direct)s) and the totals of "
            "its subordinate organizations (%(children)s) make %(sum)s."
        )
        % {
            "date": format_date(ctx.as_of), "org": organization.name, "total": _n(total), "direct": _n(direct),
            "children": _n(sum(child_totals)), "sum": _n(direct + sum(child_totals)),
        },
        [organization_record(organization), indicator_record(own_ctx, "members_total", f"{organization.name}: {_n(total)}")]
        + [
            indicator_record(child_ctx, "members_total", f"{child_ctx.organization.name} ({child_ctx.organization.code}): {_n(value)}")
            for child_ctx, value in zip(child_ctxs, child_totals)
        ],
    )


@rule("admitted_under_18", gettext_lazy("Admissions before the person's 18th birthday"))
def admitted_under_18(ctx: Context):
    # Two dates of each candidate (cheap columns); the period and subtree are asked only
    # about those admitted too young.
    rows = candidates_of(ctx).values_list("pk", "admitted_on", "person__birth_date")
    young = [pk for pk, admitted_on, born in rows if full_years(born, admitted_on) < MIN_ADMISSION_AGE]
    candidates = Member.objects.filter(pk__in=in_period(ctx, young)).select_related("person").order_by("pk")
    for member in candidates:
        yield Finding(
            "admitted_under_18",
            _("%(name)s, born on %(born)s, was admitted on %(admitted)s, before turning %(age)s (%(years)s full years).")
            % {
                "name": member.person.full_name, "born": format_date(member.person.birth_date), "admitted": format_date(member.admitted_on),
                "age": MIN_ADMISSION_AGE, "years": full_years(member.person.birth_date, member.admitted_on),
            },
            [member_record(member)],
        )


@rule("recognition_timing", gettext_lazy("Recognitions not 12 months after the ceremony"))
def recognition_timing(ctx: Context):
    # Three dates of each recognized candidate (cheap columns); the period and subtree are
    # asked only about those recognized off time.
    rows = candidates_of(ctx).filter(recognized_on__isnull=False).values_list("pk", "admitted_on", "ceremony_on", "recognized_on")
    through_dossier = set(Dossier.objects.filter(member__isnull=False).values_list("member_id", flat=True))
    late_or_early = {}
    for pk, admitted_on, ceremony_on, recognized_on in rows:
        due = probation_end(admitted_on, ceremony_on)
        tolerance = dt.timedelta(0) if pk in through_dossier else PAPER_RECOGNITION_TOLERANCE
        if abs(recognized_on - due) > tolerance:
            late_or_early[pk] = (due, pk in through_dossier)
    inside = in_period(ctx, late_or_early)
    late_or_early = {pk: found for pk, found in late_or_early.items() if pk in inside}
    for member in Member.objects.filter(pk__in=late_or_early).select_related("person"):
        due, through_dossier = late_or_early[member.pk]
        if through_dossier:
            message = _(
                "%(name)s was recognized as a full member on %(recognized)s; recognition through a dossier takes effect at "
                "the end of the 12 months of probation, %(due)s."
            )
        else:
            message = _(
                "%(name)s was recognized as a full member on %(recognized)s, more than 31 days from the end of the 12 months "
                "of probation, %(due)s."
            )
        yield Finding(
            "recognition_timing",
            message % {"name": member.person.full_name, "recognized": format_date(member.recognized_on), "due": format_date(due)},
            [member_record(member)],
        )


def one_typo_apart(first: str, second: str) -> bool:
    """Two numbers of the same length that differ by one mistyped digit or by two
    neighbouring digits swapped."""
    if len(first) != len(second) or first == second:
        return False
    diff = [i for i, (x, y) in enumerate(zip(first, second)) if x != y]
    if len(diff) == 1:
        return True
    i, j = diff[0], diff[-1]
    return len(diff) == 2 and j == i + 1 and first[i] == second[j] and first[j] == second[i]


def same_person_reason(first: Person, second: Person) -> str:
    """Why two people with the same name, birth date and sex are probably one, or "" for
    namesakes told apart by their citizen IDs."""
    if not first.citizen_id_hash or not second.citizen_id_hash:
        return _("one of them was registered without a citizen ID")
    if first.hometown.strip() and vn_normalize(first.hometown) == vn_normalize(second.hometown):
        return _("they have the same hometown, %(hometown)s") % {"hometown": first.hometown.strip()}
    if one_typo_apart(first.citizen_id, second.citizen_id):
        return _("their citizen IDs (ending %(first)s and %(second)s) differ by one mistyped digit or two swapped digits") % {
            "first": first.citizen_id_last4, "second": second.citizen_id_last4,
        }
    return ""


@rule("duplicate_person", gettext_lazy("People registered twice"))
def duplicate_person(ctx: Context):
    """One person registered twice among the period's members: the same name, birth date
    and sex, and besides one of them without a citizen ID, citizen IDs one mistyped digit
    apart, or the same hometown. The same citizen ID cannot be on two people (the database
    refuses it and every entry path strips its spaces and restores the leading zeros a
    spreadsheet drops), so namesakes whose citizen IDs differ otherwise are two people.
    The namesakes are found with one grouped query over the candidates; only they are read."""
    identity = ("search_name", "birth_date", "sex")
    members = candidates_of(ctx)
    shared = Person.objects.filter(member__in=members).values(*identity).annotate(n=Count("pk")).filter(n__gt=1).order_by()
    keys = {tuple(row[field] for field in identity) for row in shared}
    if not keys:
        return
    people = Person.objects.filter(
        member__in=members, search_name__in=sorted({k[0] for k in keys}), birth_date__in=sorted({k[1] for k in keys})
    ).values_list("pk", *identity)
    person_ids = [pk for pk, *key in people if tuple(key) in keys]
    groups = defaultdict(list)
    for member in Member.objects.filter(person_id__in=person_ids).select_related("person", "organization").order_by("pk"):
        groups[(member.person.search_name, member.person.birth_date, member.person.sex)].append(member)
    inside = in_period(ctx, [member.pk for members in groups.values() for member in members])
    distinct = set(DistinctPeople.objects.filter(first_id__in=person_ids).values_list("first_id", "second_id"))
    for key in sorted(groups):
        members = [member for member in groups[key] if member.pk in inside]
        pairs = [
            (first, second, reason)
            for n, first in enumerate(members)
            for second in members[n + 1:]
            if tuple(sorted((first.person_id, second.person_id))) not in distinct
            and (reason := same_person_reason(first.person, second.person))
        ]
        if not pairs:
            continue
        same = sorted({m.pk: m for first, second, _reason in pairs for m in (first, second)}.values(), key=lambda m: m.pk)
        message = _("%(count)s people named %(name)s and born on %(born)s are registered: probably the same person entered twice.") % {
            "count": len(same), "name": same[0].person.full_name, "born": format_date(key[1]),
        }
        reasons = "; ".join(dict.fromkeys(reason for _first, _second, reason in pairs))
        why = _("Why: %(reasons)s.") % {"reasons": reasons}
        yield Finding("duplicate_person", f"{message} {why}", [identity_record(m) for m in same])


@rule("member_in_dissolved_organization", gettext_lazy("Members in dissolved organizations"))
def member_in_dissolved_organization(ctx: Context):
    periods = (
        active_periods_on(ctx.q(), ctx.as_of)
        .filter(organization__ended_on__lte=ctx.as_of)
        .select_related("member__person", "organization")
        .order_by("organization__code", "member_id")
    )
    for period in periods:
        yield Finding(
            "member_in_dissolved_organization",
            _("On %(date)s %(name)s is still an active member of %(org)s, which was dissolved on %(ended)s.")
            % {
                "date": format_date(ctx.as_of), "name": period.member.person.full_name, "org": period.organization.name,
                "ended": format_date(period.organization.ended_on),
            },
            [member_record(period.member), organization_record(period.organization)],
        )


# --- reported values ------------------------------------------------------------------

def reported_in(ctx: Context):
    """Reported values of the subtree whose period overlaps the run's period."""
    return ReportedValue.objects.filter(ctx.q(), start__lte=ctx.end, end__gte=ctx.start).select_related("organization").order_by("end", "pk")


def percent_at(numerator: int, denominator: int, decimals: int) -> Decimal:
    """numerator / denominator in percent, rounded half-up to ``decimals`` places."""
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _printed(reported: ReportedValue) -> str:
    return _n(reported.printed_percent, reported.percent_decimals) + "%"


@rule("reported_arithmetic", gettext_lazy("Reported percents that do not match their own figures"))
def reported_arithmetic(ctx: Context):
    for reported in reported_in(ctx):
        if reported.percent is None or reported.numerator is None or not reported.denominator:
            continue
        expected = percent_at(reported.numerator, reported.denominator, reported.percent_decimals)
        if expected == reported.printed_percent:
            continue
        yield Finding(
            "reported_arithmetic",
            _("%(source)s reports %(numerator)s of %(denominator)s as %(printed)s, but %(numerator)s/%(denominator)s is %(expected)s.")
            % {
                "source": reported.source, "numerator": _n(reported.numerator), "denominator": _n(reported.denominator),
                "printed": _printed(reported), "expected": _n(expected, reported.percent_decimals) + "%",
            },
            [reported_record(reported), organization_record(reported.organization)],
        )


def _differences(reported: ReportedValue, result) -> list[tuple[str, str, str]]:
    """(what, reported, computed) for each figure the report gives that the records do
    not; a percent is compared at its printed precision."""
    found = []
    if reported.value is not None and result.value is not None and reported.value.quantize(Decimal("0.01")) != Decimal(result.value).quantize(Decimal("0.01")):
        found.append((_("value"), _n(reported.value.normalize()), _n(result.value)))
    for what, given, computed in ((_("numerator"), reported.numerator, result.numerator), (_("denominator"), reported.denominator, result.denominator)):
        if given is not None and computed is not None and given != computed:
            found.append((what, _n(given), _n(computed)))
    if reported.percent is not None and result.denominator:
        computed = percent_at(result.numerator, result.denominator, reported.percent_decimals)
        if computed != reported.printed_percent:
            found.append((_("percent"), _printed(reported), _n(computed, reported.percent_decimals) + "%"))
    return found


@rule("reported_differs", gettext_lazy("Reported figures that differ from the records"))
def reported_differs(ctx: Context):
    for reported in reported_in(ctx):
        indicator = engine.get(reported.indicator_key)
        reported_ctx = Context.build(
            scope=ctx.scope, organization=reported.organization, as_of=reported.as_of, start=reported.start, end=reported.end
        )
        result = indicator.compute(reported_ctx)
        differences = _differences(reported, result)
        if not differences:
            continue
        details = "; ".join(
            _("%(what)s reported %(reported)s, computed %(computed)s") % {"what": what, "reported": given, "computed": computed}
            for what, given, computed in differences
        )
        yield Finding(
            "reported_differs",
            _("%(source)s: %(indicator)s of %(org)s from %(start)s to %(end)s differs from the records (%(details)s).")
            % {
                "source": reported.source, "indicator": indicator.label, "org": reported.organization.name,
                "start": format_date(reported.start), "end": format_date(reported.end), "details": details,
            },
            [
                reported_record(reported),
                organization_record(reported.organization),
                indicator_record(reported_ctx, indicator.key, f"{indicator.label}: {_n(result.value) if result.value is not None else '—'}"),
            ],
        )


@rule("probation_overdue", gettext_lazy("Probations ended without a recognition decision"))
def probation_overdue(ctx):
    """Members probationary in the subtree on the as-of date whose 12 months of probation
    ended more than 30 working days before it (``probation.overdue_since``)."""
    cutoff = last_start_ended_by(ctx.as_of - dt.timedelta(days=OVERDUE_WORKDAYS), probation_months())
    periods = (
        active_periods_on(ctx.q(), ctx.as_of).filter(status=Status.PROBATIONARY)
        .alias(probation_from=probation_start()).filter(probation_from__lte=cutoff)
        .select_related("member__person").order_by("member__admitted_on", "member_id")
    )
    calendar = WorkCalendar()
    for period in periods:
        member = period.member
        ended = overdue_since(member.admitted_on, member.ceremony_on, ctx.as_of, calendar)
        if ended is None:
            continue
        message = _(
            "%(name)s is still a probationary member: the 12 months of probation ended on %(date)s, more than "
            "%(days)s working days before %(as_of)s, and no recognition decision is recorded."
        ) % {"name": member.person.full_name, "date": format_date(ended), "days": OVERDUE_WORKDAYS, "as_of": format_date(ctx.as_of)}
        yield Finding("probation_overdue", message, [member_record(member)])
