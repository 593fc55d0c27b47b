"""Reads of members; every list starts from the user's scope."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from pdms.accounts.scope import Scope
from pdms.core.vntext import exact_match_first, name_search_q, vn_normalize
from pdms.organizations.models import valid_on
from pdms.organizations.rollup import OrgSet

from .models import ACTIVE_STATUSES, Member, MemberPeriod, Status


def active_periods_on(orgs_q: Q, day: dt.date) -> QuerySet[MemberPeriod]:
    """Periods in which members stood active on ``day`` in the organizations ``orgs_q``
    selects (by ``organization_id``): at most one per member."""
    return MemberPeriod.objects.filter(valid_on(day), orgs_q, status__in=ACTIVE_STATUSES)


def full_members_count(organization, day: dt.date) -> int:
    """Full members of one organization on ``day`` (those entitled to vote there)."""
    return MemberPeriod.objects.filter(valid_on(day), organization=organization, status=Status.FULL).count()


def members_for_user(scope: Scope) -> QuerySet[Member]:
    """Members the user may see: those who ever belonged to an organization in scope."""
    if scope.orgs.everything:
        return Member.objects.all()
    return Member.objects.filter(pk__in=MemberPeriod.objects.filter(scope.orgs.q("organization_id")).values("member_id"))


def get_member_for_user_or_404(scope: Scope, member_id, *, for_write: bool) -> Member:
    """A member in scope; for writing, the member must belong to a writable organization now."""
    try:
        member = members_for_user(scope).select_related("person", "organization").get(pk=int(member_id))
    except (Member.DoesNotExist, TypeError, ValueError):
        raise Http404
    if for_write and not scope.can_write_org(member.organization):
        raise Http404
    return member


def members_on(scope: Scope, orgs: OrgSet, day: dt.date, *, query: str = "", statuses=ACTIVE_STATUSES) -> QuerySet[Member]:
    """Members of ``orgs`` on ``day`` (restricted to the user's scope), in Vietnamese
    alphabetical order, optionally filtered by a diacritics-insensitive name search (exact
    names first) or a card number."""
    periods = MemberPeriod.objects.filter(valid_on(day), orgs.q("organization_id"), scope.orgs.q("organization_id"), status__in=statuses)
    qs = Member.objects.filter(pk__in=periods.values("member_id")).select_related("person", "organization")
    order = ["person__sort_given", "person__sort_family", "person__sort_middle", "person__birth_date", "pk"]
    if vn_normalize(query):
        qs = qs.filter(name_search_q("person__search_name", query) | Q(card_number=query.strip()))
        order.insert(0, exact_match_first("person__search_name", query))
    return qs.order_by(*order)


def members_active_in(org_ids: set[int]) -> list[Member]:
    """Members whose current period is active in one of ``org_ids`` (for reorganizations,
    which act on the current state)."""
    return list(
        Member.objects.filter(organization_id__in=org_ids, status__in=ACTIVE_STATUSES).select_related("person", "organization")
    )


def timeline_of(member: Member) -> QuerySet[MemberPeriod]:
    return member.periods.select_related("organization", "prev_organization", "reorg_event").order_by("valid_from", "id")


def incoming_transfers(scope: Scope, orgs: OrgSet) -> QuerySet[Member]:
    """Members in transit towards ``orgs`` who wait to be received."""
    return Member.objects.filter(orgs.q("organization_id"), scope.orgs.q("organization_id"), status="in_transit").select_related("person", "organization")
