"""The rule set of the consistency check, as a registry: each rule is a small function
of an indicator ``Context`` that yields ``Finding``s. Apps register their own rules
(``@rule`` or ``register_rule``) from a module their AppConfig imports, so the check
knows every rule without importing the apps that define them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from pdms.indicators.engine import Context
from pdms.indicators.web import context_query


@dataclass(frozen=True)
class Record:
    """A record a finding involves, with the page that shows it."""

    type: str  # "member", "organization", "indicator" (a figure's drill-down) or "reported"
    id: int
    label: str
    url: str

    def as_dict(self) -> dict:
        return {"type": self.type, "id": self.id, "label": self.label, "url": self.url}


@dataclass
class Finding:
    rule: str
    message: str
    records: list[Record] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"rule": self.rule, "message": self.message, "records": [r.as_dict() for r in self.records]}


CheckFunction = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    key: str
    label: str  # lazily translated title of the group of findings
    check: CheckFunction


_RULES: dict[str, Rule] = {}


def register_rule(key: str, label, check: CheckFunction) -> Rule:
    """Add a rule; ``check(ctx)`` yields the findings in ``ctx``'s subtree and period and
    must list only records ``ctx.q()`` lets through (the user's scope)."""
    if key in _RULES:
        raise ValueError(f"check rule {key} registered twice")
    _RULES[key] = Rule(key, label, check)
    return _RULES[key]


def rule(key: str, label) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator form of ``register_rule``."""

    def decorate(check: CheckFunction) -> CheckFunction:
        register_rule(key, label, check)
        return check

    return decorate


def all_rules() -> list[Rule]:
    return list(_RULES.values())


def run_checks(ctx: Context, keys: list[str] | None = None) -> list[Finding]:
    """Every finding of every rule (or of the rules ``keys``), in rule order."""
    rules = [_RULES[k] for k in keys] if keys else all_rules()
    findings: list[Finding] = []
    for item in rules:
        findings.extend(item.check(ctx))
    return findings


# --- record builders shared by the rules ----------------------------------------------

def member_record(member) -> Record:
    person = member.person
    return Record("member", member.pk, f"{person.full_name} ({person.birth_date:%d/%m/%Y})", reverse("members:detail", args=[member.pk]))


def identity_record(member) -> Record:
    """A member told apart from namesakes born the same day: with their party card number,
    the last digits of their citizen ID and their organization's code."""
    person = member.person
    marks = [f"{person.birth_date:%d/%m/%Y}"]
    if member.card_number:
        marks.append(_("card %(number)s") % {"number": member.card_number})
    if person.citizen_id_last4:
        marks.append(_("citizen ID %(masked)s") % {"masked": person.citizen_id_masked})
    marks.append(member.organization.code)
    return Record("member", member.pk, f"{person.full_name} ({', '.join(marks)})", reverse("members:detail", args=[member.pk]))


def organization_record(organization) -> Record:
    return Record("organization", organization.pk, f"{organization.name} ({organization.code})", reverse("organizations:detail", args=[organization.pk]))


def indicator_record(ctx: Context, key: str, label: str) -> Record:
    """The drill-down of one figure of ``ctx``: the records it counts."""
    url = reverse("indicators:drilldown", args=[ctx.organization.pk, key]) + "?" + context_query(ctx)
    return Record("indicator", ctx.organization.pk, label, url)


def reported_record(reported) -> Record:
    url = reverse("checks:reported") + f"?org={reported.organization_id}#reported-{reported.pk}"
    return Record("reported", reported.pk, f"{reported.source}", url)
