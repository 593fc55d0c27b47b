"""What a user may learn from a citizen ID (số CCCD) typed into a form or a file.

A person is held by their membership's organization or, when they are not a member, by
the organization of their latest candidacy. Within the user's scope the caller gets the
person and may explain in detail; outside it every answer is the same neutral message,
whatever the ID belongs to, so an ID never names, places or attaches a stranger.

Each lookup by a user is audited (one entry per ID). The IDs found outside the scope are
the only answers that tell something about a stranger, so those are what is throttled:
past ``CITIZEN_ID_LOOKUP_LIMIT`` of them within ``CITIZEN_ID_LOOKUP_WINDOW_MINUTES``, the
user's lookups are refused until the window moves on. Unknown IDs are not counted: they
tell nothing about anyone, and registering new people (a file of new members, a branch's
new sources) is made of them.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope, system_scope
from pdms.audit.models import AuditEntry
from pdms.audit.services import audit_bulk
from pdms.core import citizen_id as cid
from pdms.core.errors import DomainError

from .models import Person

BATCH = 500
FOUND, UNKNOWN, ELSEWHERE = "citizen_id.found", "citizen_id.unknown", "citizen_id.elsewhere"


class HeldElsewhere(DomainError):
    """The citizen ID belongs to someone outside the user's scope. The edge may offer a
    transfer request for ``citizen_id``; the message never says who or where."""

    def __init__(self, citizen_id: str):
        super().__init__(
            _("This citizen ID is already recorded in another organization; ask the committee above to transfer the person."),
            field="citizen_id",
        )
        self.citizen_id = citizen_id


@dataclass
class Lookup:
    found: dict[str, Person] = field(default_factory=dict)  # number → a person within the scope
    elsewhere: set[str] = field(default_factory=set)  # numbers held outside it

    def person(self, number: str) -> Person | None:
        """The person within the scope with ``number``, None when nobody has it; raises
        HeldElsewhere when someone outside the scope has it."""
        if number in self.elsewhere:
            raise HeldElsewhere(number)
        return self.found.get(number)


def scope_of_actor(actor) -> Scope:
    """The actor's scope; services run by the system (commands, builders) pass no actor."""
    return system_scope() if actor is None else Scope.of(actor)


def holder_id(person: Person) -> int | None:
    """The organization holding ``person`` (needs ``with_holder``'s annotation)."""
    member = getattr(person, "member", None)
    return member.organization_id if member is not None else person.list_organization_id


def with_holder(people):
    """People annotated with the organization of their latest candidacy, the other half
    of ``holder_id``. Candidacies are reached by their reverse relation: recruitment
    stands above members."""
    candidacies = Person._meta.get_field("candidacies").related_model.objects.filter(person=OuterRef("pk"))
    latest = candidacies.order_by(F("ended_on").desc(nulls_first=True), "-added_on", "-pk").values("organization_id")[:1]
    return people.select_related("member__organization").annotate(list_organization_id=Subquery(latest))


def in_scope(scope: Scope, person: Person) -> bool:
    held_by = holder_id(person)
    return scope.is_admin or (held_by is not None and held_by in scope.orgs)


def _refuse_past(actor, limit: int) -> None:
    """Refuse when the actor's lookups found more than ``limit`` IDs outside their scope
    within the window."""
    window = dt.timedelta(minutes=settings.CITIZEN_ID_LOOKUP_WINDOW_MINUTES)
    recent = AuditEntry.objects.filter(actor=actor, action=ELSEWHERE, at__gte=timezone.now() - window)
    count = recent.count()
    if count > limit:
        # A new lookup passes once fewer than the limit remain within the window.
        freed_by = recent.order_by("at", "pk").values_list("at", flat=True)[count - settings.CITIZEN_ID_LOOKUP_LIMIT]
        again = timezone.localtime(freed_by + window)
        raise DomainError(
            _(
                "You have looked up too many citizen IDs recorded in other organizations; "
                "try again after %(time)s or ask the committee above."
            )
            % {"time": again.strftime("%H:%M %d/%m/%Y")},
            field="citizen_id",
        )


def _entry(actor, action: str, number: str, person: Person | None, purpose: str) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        action=action,
        object_type="citizen_id",
        object_id=person.pk if person is not None else 0,
        object_repr=cid.mask(number[-4:]),
        organization=actor.organization,
        reason=purpose,
    )


def citizen_id_lookup(*, numbers: Iterable[str], actor, purpose: str) -> Lookup:
    """Look up valid, cleaned citizen IDs for ``actor`` (None: the system, which sees
    everything and is neither audited nor throttled). Call it outside the transaction of
    the change it serves: its audit entries must stay when that change fails. Raises
    DomainError when the actor is throttled, before looking, or after looking when this
    lookup went past the limit (it still counts, so a long file cannot escape the limit)."""
    numbers = list(dict.fromkeys(numbers))
    scope = scope_of_actor(actor)
    limit = settings.CITIZEN_ID_LOOKUP_LIMIT
    if actor is not None:
        _refuse_past(actor, limit - 1)
    by_hash = {cid.blind_index(n): n for n in numbers}
    hashes = list(by_hash)
    lookup, people = Lookup(), {}
    for start in range(0, len(hashes), BATCH):
        for person in with_holder(Person.objects.filter(citizen_id_hash__in=hashes[start : start + BATCH])):
            number = by_hash[person.citizen_id_hash]
            people[number] = person
            if in_scope(scope, person):
                lookup.found[number] = person
            else:
                lookup.elsewhere.add(number)
    if actor is not None:
        audit_bulk([
            _entry(actor, FOUND if n in lookup.found else ELSEWHERE if n in lookup.elsewhere else UNKNOWN, n, people.get(n), purpose)
            for n in numbers
        ])
        if lookup.elsewhere:
            _refuse_past(actor, limit)
    return lookup


def person_for_citizen_id(*, number: str, actor, purpose: str) -> Person | None:
    """``citizen_id_lookup`` of one ID: the person within the scope, or None when nobody
    has it; raises HeldElsewhere when someone outside the scope has it."""
    return citizen_id_lookup(numbers=[number], actor=actor, purpose=purpose).person(number)
