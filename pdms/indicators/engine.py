"""The indicator engine. Every figure the product shows is an ``Indicator``: a named
computation over (organization subtree, period, as-of date) that returns its value — and
numerator, denominator and percent for ratios — and the records behind it; an indicator
may also break its figure down into ``parts`` (e.g. by source group), each part being the
same computation narrowed by ``Context.part``. Pages, exports and commands all evaluate
indicators here; nothing computes a figure on its own.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.core.dates import format_date
from pdms.core.errors import DomainError
from pdms.organizations.models import Organization
from pdms.organizations.rollup import OrgSet, rollup


@dataclass
class Context:
    """What every indicator is computed over. ``start``..``end`` is the period (both
    included); ``as_of`` is the day records are counted on; ``structure_on`` is the day
    whose tree decides which organizations belong to the subtree (the as-of day unless a
    report restates history in a later structure, e.g. a commune formed in 2025 shown
    with its predecessors' members in 2020). ``part`` narrows an indicator that has a
    breakdown to one of its parts (see ``Indicator.parts``); indicators without one ignore
    it.

    ``memo`` is shared by every Context derived from this one (``dataclasses.replace``
    passes the same dict on) and by those a report builds with the same ``memo``: it keeps
    what depends only on its key, such as the roll-up of one organization in one structure,
    so a report over many units computes each once."""

    scope: Scope
    organization: Organization
    as_of: dt.date
    start: dt.date
    end: dt.date
    structure_on: dt.date
    part: str = ""
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(
        cls,
        *,
        scope: Scope,
        organization: Organization,
        as_of: dt.date,
        start: dt.date | None = None,
        end: dt.date | None = None,
        structure_on: dt.date | None = None,
        memo: dict | None = None,
    ) -> "Context":
        start = start or dt.date(as_of.year, 1, 1)
        end = end or as_of
        if start > end:
            raise DomainError(_("The start of the period must not be after its end."), field="from")
        return cls(
            scope=scope, organization=organization, as_of=as_of, start=start, end=min(end, as_of),
            structure_on=structure_on or as_of, memo={} if memo is None else memo,
        )

    @cached_property
    def orgs(self) -> OrgSet:
        key = ("orgs", self.organization.pk, self.structure_on)
        if key not in self.memo:
            self.memo[key] = rollup(self.organization, self.structure_on, homes=self.memo.setdefault("ended_homes", {}))
        return self.memo[key]

    def counted_on(self, day: dt.date) -> "Context":
        """The same subtree (in the same structure) counted on another day; the set of
        organizations is computed once and shared."""
        other = replace(self, as_of=day, start=dt.date(day.year, 1, 1), end=day)
        other.__dict__["orgs"] = self.orgs
        return other

    def for_part(self, part: str) -> "Context":
        """The same context narrowed to one part of a breakdown."""
        other = replace(self, part=part)
        other.__dict__["orgs"] = self.orgs
        return other

    def q(self, field_name: str = "organization_id") -> Q:
        """Records of the organization's subtree that the user may also see."""
        if self._inside_scope:
            return self.orgs.q(field_name)
        return self.orgs.q(field_name) & self.scope.orgs.q(field_name)

    @property
    def _inside_scope(self) -> bool:
        """Whether the whole subtree is visible to the user (the usual case): then the
        scope's condition changes nothing, and leaving it out halves the cost of a count."""
        scope = self.scope.orgs
        if scope.everything:
            return True
        if self.orgs.everything:
            return False
        key = ("inside_scope", self.organization.pk, self.structure_on, getattr(self.scope.user, "pk", None))
        if key not in self.memo:
            self.memo[key] = self.orgs.ids() <= scope.ids()
        return self.memo[key]

    def in_subtree(self, status_field: str, org_field: str, statuses) -> Q:
        return Q(**{f"{status_field}__in": statuses}) & self.q(org_field)


@dataclass
class Result:
    key: str
    label: str
    value: int | Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    percent: Decimal | None = None
    # How many records the drill-down lists when the value is not that number (a median).
    listed: int | None = None

    @property
    def record_count(self) -> int | None:
        """How many records the drill-down of this result lists."""
        if self.listed is not None:
            return self.listed
        return self.numerator if self.denominator is not None else self.value

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "value": float(self.value) if isinstance(self.value, Decimal) else self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": float(self.percent) if self.percent is not None else None,
        }


@dataclass(frozen=True)
class Part:
    """One part of an indicator's breakdown: ``value`` is what the indicator computes
    for ``Context.for_part(key)``."""

    key: str
    label: str
    value: int


def percent(numerator: int, denominator: int) -> Decimal | None:
    """Percent rounded half-up to 2 decimals; None when the denominator is zero."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Indicator:
    """A count: the value is the number of records. Subclasses define ``records``."""

    key: str = ""
    label: str = ""
    group: str = ""
    # What the drill-down lists: "member", "period" (a member at a dated event),
    # "organization", "candidate", "enrollment", "dossier" or "deadline".
    record_type: str = "member"

    def records(self, ctx: Context) -> QuerySet:
        raise NotImplementedError

    def compute(self, ctx: Context) -> Result:
        return Result(self.key, str(self.label), self.records(ctx).count())

    def basis(self, ctx: Context) -> str:
        """What the figure does with history, said beside it: by default it restates the
        past in the structure of ``ctx.structure_on`` (organizations merged or moved since
        count where they stand that day). Indicators that count each record where it stood
        on its own date say so instead."""
        return _(
            "History restated in the structure of %(date)s: organizations merged or moved since count where they "
            "stand on that day."
        ) % {"date": format_date(ctx.structure_on)}

    def parts(self, ctx: Context) -> list[Part]:
        """The breakdown of the figure (e.g. by source group), in display order; the parts
        of a count add up to its value. Empty for an indicator without a breakdown."""
        return []

    def series(self, ctx: Context, days: list[dt.date]) -> list[Result]:
        """The indicator counted on each of ``days`` in ``ctx``'s subtree. Indicators that
        can count all days in one query override this; the results must be the same."""
        return [self.compute(ctx.counted_on(day)) for day in days]


class RatioIndicator(Indicator):
    """A ratio: numerator records over denominator records; the drill-down lists the
    numerator's records."""

    def denominator_records(self, ctx: Context) -> QuerySet:
        raise NotImplementedError

    def compute(self, ctx: Context) -> Result:
        numerator = self.records(ctx).count()
        denominator = self.denominator_records(ctx).count()
        pct = percent(numerator, denominator)
        return Result(self.key, str(self.label), pct, numerator, denominator, pct)


_REGISTRY: dict[str, Indicator] = {}


def register(cls: type[Indicator]) -> type[Indicator]:
    instance = cls()
    if instance.key in _REGISTRY:
        raise ValueError(f"indicator {instance.key} registered twice")
    _REGISTRY[instance.key] = instance
    return cls


def get(key: str) -> Indicator:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise DomainError(_("Unknown indicator “%(key)s”.") % {"key": key}, field="key")


def all_indicators() -> list[Indicator]:
    return list(_REGISTRY.values())


def evaluate(ctx: Context, keys: list[str] | None = None) -> list[Result]:
    indicators = [get(k) for k in keys] if keys else all_indicators()
    return [indicator.compute(ctx) for indicator in indicators]


def evaluate_series(ctx: Context, keys: list[str], days: list[dt.date]) -> dict[str, list[Result]]:
    """Each indicator on each day (e.g. for a chart), in the structure of ``ctx``."""
    return {key: get(key).series(ctx, days) for key in keys}
