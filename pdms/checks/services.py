"""Writes of the consistency check (reported values, people declared distinct): each validated, checked against the actor's scope and
audited in the same transaction."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.audit.services import audit_record, diff
from pdms.core.dates import format_date
from pdms.core.errors import DomainError
from pdms.indicators import engine
from pdms.members.models import Member
from pdms.organizations.models import Organization

from .models import DistinctPeople, ReportedValue

FIELDS = ("indicator_key", "organization", "start", "end", "as_of", "value", "numerator", "denominator", "percent", "source")


def _require_write(actor, organization: Organization) -> None:
    # actor None: a command run by an operator on the server.
    if actor is not None:
        Scope.of(actor).require_write(organization)


def printed_decimals(percent: Decimal) -> int:
    """How many decimals a percent was printed with: Decimal("31") → 0, Decimal("61.67") → 2."""
    return max(0, -percent.as_tuple().exponent)


@transaction.atomic
def reported_value_add(
    *,
    organization: Organization,
    indicator_key: str,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    source: str,
    actor,
    value: Decimal | None = None,
    numerator: int | None = None,
    denominator: int | None = None,
    percent: Decimal | None = None,
) -> ReportedValue:
    """Record a figure as it was reported elsewhere. ``percent`` keeps the precision it was
    printed with (pass Decimal("31") for "31%")."""
    _require_write(actor, organization)
    indicator = engine.get(indicator_key)
    source = (source or "").strip()
    if not source:
        raise DomainError(_("Say where the figure was reported (e.g. a newspaper and its date)."), field="source")
    if start > end:
        raise DomainError(
            _("The reported period starts on %(start)s, after its end %(end)s.") % {"start": format_date(start), "end": format_date(end)},
            field="start",
        )
    if as_of < start:
        raise DomainError(_("The as-of date %(date)s is before the reported period.") % {"date": format_date(as_of)}, field="as_of")
    if value is None and numerator is None and denominator is None and percent is None:
        raise DomainError(_("Enter the reported value, or its numerator, denominator or percent."), field="value")
    for name, number in (("value", value), ("numerator", numerator), ("denominator", denominator), ("percent", percent)):
        if number is not None and number < 0:
            raise DomainError(_("A reported figure must not be negative."), field=name)
    if denominator == 0:
        raise DomainError(_("The reported denominator must not be zero."), field="denominator")
    decimals = printed_decimals(percent) if percent is not None else 0
    if decimals > 4:
        raise DomainError(_("A percent is kept with at most 4 decimals."), field="percent")
    reported = ReportedValue.objects.create(
        indicator_key=indicator.key,
        organization=organization,
        start=start,
        end=end,
        as_of=as_of,
        value=value,
        numerator=numerator,
        denominator=denominator,
        percent=percent,
        percent_decimals=decimals,
        source=source,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="reported_value.add",
        obj=reported,
        object_type="reported_value",
        organization=organization,
        changes=diff({}, {f: getattr(reported, f) for f in FIELDS}),
    )
    return reported


@transaction.atomic
def reported_value_remove(*, reported: ReportedValue, actor, reason: str = "") -> None:
    _require_write(actor, reported.organization)
    reported = ReportedValue.objects.select_for_update().select_related("organization").get(pk=reported.pk)
    audit_record(
        actor=actor,
        action="reported_value.remove",
        obj=reported,
        object_type="reported_value",
        organization=reported.organization,
        changes=diff({f: getattr(reported, f) for f in FIELDS}, {}),
        reason=reason,
    )
    reported.delete()


@transaction.atomic
def distinct_people_mark(*, members: list[Member], reason: str, actor) -> list[DistinctPeople]:
    """Declare the people of ``members`` (a duplicate finding) different people, each
    from each other, so the duplicate rule reports them no more. Only a user who may
    change every one of those members may say so, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why these are different people (e.g. their citizen IDs or parents differ)."), field="reason")
    people = sorted({member.person_id: member.person for member in members}.values(), key=lambda person: person.pk)
    if len(people) < 2:
        raise DomainError(_("Choose at least two different people."))
    for member in members:
        _require_write(actor, member.organization)
    marked = []
    for n, first in enumerate(people):
        for second in people[n + 1:]:
            pair, created = DistinctPeople.objects.get_or_create(
                first=first, second=second, defaults={"reason": reason, "created_by": actor if getattr(actor, "pk", None) else None}
            )
            if created:
                audit_record(
                    actor=actor, action="distinct_people.mark", obj=pair, object_type="distinct_people",
                    organization=members[0].organization, changes={"people": [None, f"{first.full_name} (#{first.pk}) ≠ {second.full_name} (#{second.pk})"]},
                    reason=reason,
                )
                marked.append(pair)
    return marked
