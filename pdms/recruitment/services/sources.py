"""Candidate sources: putting a person on a branch's list, the members who help them,
moving them to another list, dropping them, the yearly review of the list, and the
editable list of source groups. Every function is atomic, validated and audited."""

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.audit.services import audit_record, diff
from pdms.core import dates
from pdms.core.dates import format_date, full_years
from pdms.core.errors import DomainError, PermissionDenied
from pdms.core.vntext import vn_normalize
from pdms.members.identity import person_for_citizen_id, scope_of_actor
from pdms.members.models import Member, MemberPeriod, Person, Status
from pdms.members.services import PersonData, person_create, validate_person
from pdms.organizations.models import BRANCH_KINDS, Organization, valid_on

from ..eligibility import grassroots_of
from ..models import (
    Candidate,
    CandidateStatus,
    Dossier,
    EducationLevel,
    Mentorship,
    Origin,
    ReviewOutcome,
    SourceGroup,
    SourceReview,
)
from ..models.dossiers import FINAL_STATES

# Sources are youth and adults: the Youth Union takes members from 16.
MIN_SOURCE_AGE = 16

UPDATABLE_FIELDS = ("group", "education_level", "occupation", "ethnic_minority", "religious", "youth_union_member", "residential_area")
TEXT_FIELDS = ("occupation", "residential_area")


def _audit(candidate: Candidate, *, actor, action: str, changes: dict, reason: str = "") -> None:
    audit_record(
        actor=actor, action=action, obj=candidate, object_type="candidate", organization=candidate.organization,
        changes=changes, reason=reason,
    )


def _check_not_future(on: dt.date, field: str) -> None:
    if on > dates.today():
        raise DomainError(_("The date %(date)s is in the future.") % {"date": format_date(on)}, field=field)


def _check_list_keeper(organization: Organization, field: str = "organization") -> None:
    if organization.kind not in BRANCH_KINDS:
        raise DomainError(
            _("%(org)s is not a branch; only a branch keeps a source list.") % {"org": organization.name}, field=field
        )
    if organization.ended_on is not None:
        raise DomainError(_("%(org)s has been dissolved.") % {"org": organization.name}, field=field)


def _check_group(group: SourceGroup) -> None:
    if not SourceGroup.objects.filter(pk=group.pk, active=True).exists():
        raise DomainError(_("The source group “%(group)s” is no longer in use.") % {"group": group.name}, field="group")


def _check_education(level: str) -> None:
    if level not in EducationLevel.values:
        raise DomainError(_("Choose an education level from the list."), field="education_level")


def _require_open(candidate: Candidate) -> None:
    if candidate.ended_on is not None:
        raise DomainError(
            _("%(name)s is no longer on the source list of %(org)s (%(status)s since %(date)s).")
            % {
                "name": candidate.person.full_name, "org": candidate.organization.name,
                "status": candidate.get_status_display(), "date": format_date(candidate.ended_on),
            }
        )


def _require_no_dossier(candidate: Candidate, doing: str) -> None:
    if Dossier.objects.filter(person_id=candidate.person_id).exclude(state__in=FINAL_STATES).exists():
        raise DomainError(
            _("%(name)s has an admission dossier in progress, so they cannot be %(doing)s; close the dossier first.")
            % {"name": candidate.person.full_name, "doing": doing}
        )


def _not_before_added(candidate: Candidate, on: dt.date, field: str = "on") -> None:
    if on < candidate.added_on:
        raise DomainError(
            _("%(name)s was put on the source list on %(added)s; this cannot be dated %(date)s, before that.")
            % {"name": candidate.person.full_name, "added": format_date(candidate.added_on), "date": format_date(on)},
            field=field,
        )


def _lock(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().select_related("person", "organization", "group").get(pk=candidate.pk)


def check_mentor(member: Member, organization: Organization, on: dt.date) -> None:
    """A mentor is a full member, on ``on``, of the grassroots organization of the list."""
    name = member.person.full_name
    period = MemberPeriod.objects.filter(valid_on(on), member=member).select_related("organization").first()
    if period is None or period.status != Status.FULL:
        raise DomainError(
            _("%(name)s is not a full member on %(date)s; only full members may be assigned to help a candidate.")
            % {"name": name, "date": format_date(on)},
            field="mentors",
        )
    home = grassroots_of(organization)
    if grassroots_of(period.organization).pk != home.pk:
        raise DomainError(
            _("%(name)s does not belong to %(org)s; a candidate's mentors must be members of the same grassroots organization.")
            % {"name": name, "org": home.name},
            field="mentors",
        )


def _check_person_free(person: Person) -> None:
    if Member.objects.filter(person=person).exists():
        raise DomainError(
            _("%(name)s (citizen ID ending %(last4)s) is already a Party member and cannot be put on a source list.")
            % {"name": person.full_name, "last4": person.citizen_id_last4},
            field="citizen_id",
        )
    open_candidacy = Candidate.objects.filter(person=person, ended_on__isnull=True).select_related("organization").first()
    if open_candidacy is not None:
        raise DomainError(
            _("%(name)s (citizen ID ending %(last4)s) is already on the source list of %(org)s since %(date)s.")
            % {
                "name": person.full_name, "last4": person.citizen_id_last4, "org": open_candidacy.organization.name,
                "date": format_date(open_candidacy.added_on),
            },
            field="citizen_id",
        )


def candidate_add(
    *,
    organization: Organization,
    person: PersonData,
    group: SourceGroup,
    education_level: str,
    added_on: dt.date,
    actor,
    occupation: str = "",
    ethnic_minority: bool = False,
    religious: bool = False,
    youth_union_member: bool = False,
    residential_area: str = "",
    origin: str = Origin.FOUND,
    origin_note: str = "",
    mentors: Iterable[Member] = (),
) -> Candidate:
    """Put a person on the source list of a branch from ``added_on``, with the full
    members assigned to help them. A new person is created unless their citizen ID is
    already known within the actor's scope (a former candidate, for example), in which
    case that person is put on the list; someone outside the scope is never attached
    (HeldElsewhere: the branch may ask for them with a transfer request)."""
    _check_list_keeper(organization)
    scope_of_actor(actor).require_write(organization)
    _check_not_future(added_on, "added_on")
    if added_on < organization.founded_on:
        raise DomainError(
            _("%(org)s was founded on %(founded)s; a candidate cannot be added to its list on %(date)s.")
            % {"org": organization.name, "founded": format_date(organization.founded_on), "date": format_date(added_on)},
            field="added_on",
        )
    _check_group(group)
    _check_education(education_level)
    if origin not in Origin.values:
        raise DomainError(_("Choose where the candidate comes from."), field="origin")
    citizen_id = validate_person(person)
    # Looked up before the change's transaction, so the audited lookup stays when it fails.
    known = person_for_citizen_id(number=citizen_id, actor=actor, purpose="candidate.add")
    return put_on_list(
        organization=organization, person=known or person, added_on=added_on, actor=actor, mentors=mentors,
        group=group, education_level=education_level, occupation=occupation, ethnic_minority=ethnic_minority,
        religious=religious, youth_union_member=youth_union_member, residential_area=residential_area,
        origin=origin, origin_note=origin_note,
    )


@transaction.atomic
def put_on_list(
    *, organization: Organization, person: Person | PersonData, added_on: dt.date, actor, mentors: Iterable[Member] = (), **details
) -> Candidate:
    """Put a known person, or a new one built from ``PersonData``, on the list of
    ``organization``; ``details`` are the candidate's fields (group, education level,
    occupation, focus flags, residential area, origin). The callers have checked who may
    do it and that a known person is theirs to put there."""
    chosen = person if isinstance(person, Person) else person_create(person, validate_person(person))
    _check_person_free(chosen)
    if full_years(chosen.birth_date, added_on) < MIN_SOURCE_AGE:
        raise DomainError(
            _("On %(date)s %(name)s is not yet %(age)s years old; the source list is for youth and adults.")
            % {"date": format_date(added_on), "name": chosen.full_name, "age": MIN_SOURCE_AGE},
            field="added_on" if isinstance(person, Person) else "birth_date",
        )
    mentors = list(dict.fromkeys(mentors))
    for mentor in mentors:
        check_mentor(mentor, organization, added_on)
    for name in TEXT_FIELDS + ("origin_note",):
        details[name] = (details.get(name) or "").strip()
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(person=chosen, organization=organization, added_on=added_on, **details)
    except IntegrityError:
        # Someone put the same person on a list meanwhile.
        _check_person_free(chosen)
        raise
    Mentorship.objects.bulk_create([Mentorship(candidate=candidate, member=m, assigned_on=added_on) for m in mentors])
    _audit(
        candidate, actor=actor, action="candidate.add",
        changes=diff({}, {
            "organization": organization.code, "group": candidate.group.name, "education_level": candidate.education_level,
            "occupation": candidate.occupation, "ethnic_minority": candidate.ethnic_minority, "religious": candidate.religious,
            "youth_union_member": candidate.youth_union_member, "residential_area": candidate.residential_area,
            "added_on": added_on, "origin": candidate.origin, "origin_note": candidate.origin_note,
            "mentors": [m.person.full_name for m in mentors] or None,
        }),
    )
    return candidate


@transaction.atomic
def candidate_update(*, candidate: Candidate, actor, reason: str = "", **fields) -> Candidate:
    """Change the group, education, occupation, focus flags or residential area of a
    candidate who is still on the list."""
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"candidate_update() cannot change {', '.join(sorted(unknown))}")
    candidate = _lock(candidate)
    _require_open(candidate)
    if "group" in fields and fields["group"].pk != candidate.group_id:
        _check_group(fields["group"])
    if "education_level" in fields:
        _check_education(fields["education_level"])
    before = {name: getattr(candidate, name) for name in fields}
    for name, value in fields.items():
        setattr(candidate, name, value.strip() if name in TEXT_FIELDS else value)
    changes = diff(before, {name: getattr(candidate, name) for name in fields})
    if not changes:
        return candidate
    candidate.save(update_fields=list(fields))
    _audit(candidate, actor=actor, action="candidate.update", changes=changes, reason=reason)
    return candidate


@transaction.atomic
def mentor_assign(*, candidate: Candidate, member: Member, on: dt.date, actor) -> Mentorship:
    """Assign a full member of the same grassroots organization to help the candidate."""
    candidate = _lock(candidate)
    _require_open(candidate)
    _check_not_future(on, "on")
    _not_before_added(candidate, on)
    check_mentor(member, candidate.organization, on)
    if candidate.mentorships.filter(member=member, ended_on__isnull=True).exists():
        raise DomainError(
            _("%(mentor)s is already helping %(name)s.") % {"mentor": member.person.full_name, "name": candidate.person.full_name},
            field="member",
        )
    mentorship = Mentorship.objects.create(candidate=candidate, member=member, assigned_on=on)
    _audit(candidate, actor=actor, action="candidate.mentor_assign", changes={"mentor": [None, member.person.full_name], "assigned_on": [None, on.isoformat()]})
    return mentorship


@transaction.atomic
def mentor_end(*, mentorship: Mentorship, on: dt.date, actor) -> Mentorship:
    """The member stops helping the candidate from ``on``."""
    mentorship = Mentorship.objects.select_for_update().select_related("candidate__person", "candidate__organization", "member__person").get(pk=mentorship.pk)
    name, mentor = mentorship.candidate.person.full_name, mentorship.member.person.full_name
    if mentorship.ended_on is not None:
        raise DomainError(_("%(mentor)s stopped helping %(name)s on %(date)s.") % {"mentor": mentor, "name": name, "date": format_date(mentorship.ended_on)})
    _check_not_future(on, "on")
    if on < mentorship.assigned_on:
        raise DomainError(
            _("%(mentor)s was assigned to help %(name)s on %(date)s; the end cannot be before that.")
            % {"mentor": mentor, "name": name, "date": format_date(mentorship.assigned_on)},
            field="on",
        )
    mentorship.ended_on = on
    mentorship.save(update_fields=["ended_on"])
    _audit(mentorship.candidate, actor=actor, action="candidate.mentor_end", changes={"mentor": [mentor, None], "mentor_until": [None, on.isoformat()]})
    return mentorship


def _end(candidate: Candidate, *, status: str, on: dt.date, reason: str) -> None:
    candidate.status = status
    candidate.ended_on = on
    candidate.end_reason = reason.strip()[:1000]
    candidate.save(update_fields=["status", "ended_on", "end_reason"])
    candidate.mentorships.filter(ended_on__isnull=True).update(ended_on=on)


@transaction.atomic
def candidate_transfer(*, candidate: Candidate, organization: Organization, on: dt.date, actor, reason: str) -> Candidate:
    """Move the candidate to the list of another branch from ``on``: this candidacy ends
    and a new one starts there with the same person, group and focus flags. Mentors stay
    behind; the receiving branch assigns its own."""
    candidate = _lock(candidate)
    _require_open(candidate)
    source = candidate.organization
    if organization.pk == source.pk:
        raise DomainError(_("%(name)s is already on the list of %(org)s.") % {"name": candidate.person.full_name, "org": source.name}, field="organization")
    _check_list_keeper(organization)
    _check_not_future(on, "on")
    _not_before_added(candidate, on)
    _require_no_dossier(candidate, _("moved to another list"))
    _end(candidate, status=CandidateStatus.TRANSFERRED_OUT, on=on, reason=reason)
    moved = Candidate.objects.create(
        person=candidate.person, organization=organization, group=candidate.group, education_level=candidate.education_level,
        occupation=candidate.occupation, ethnic_minority=candidate.ethnic_minority, religious=candidate.religious,
        youth_union_member=candidate.youth_union_member, residential_area=candidate.residential_area, added_on=on,
        origin=Origin.TRANSFERRED_IN, origin_note=f"{source.name} ({source.code})"[:255],
    )
    _audit(candidate, actor=actor, action="candidate.transfer_out",
           changes={"status": [CandidateStatus.SOURCE, candidate.status], "organization": [source.code, organization.code]}, reason=reason)
    _audit(moved, actor=actor, action="candidate.transfer_in",
           changes={"organization": [source.code, organization.code], "added_on": [None, on.isoformat()]}, reason=reason)
    return moved


@transaction.atomic
def candidate_drop(*, candidate: Candidate, on: dt.date, reason: str, actor) -> Candidate:
    """Take the candidate off the list from ``on``, for the reason given."""
    candidate = _lock(candidate)
    _require_open(candidate)
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for dropping %(name)s from the list.") % {"name": candidate.person.full_name}, field="reason")
    _check_not_future(on, "on")
    _not_before_added(candidate, on)
    _require_no_dossier(candidate, _("dropped from the list"))
    _end(candidate, status=CandidateStatus.DROPPED, on=on, reason=reason)
    _audit(candidate, actor=actor, action="candidate.drop", changes={"status": [CandidateStatus.SOURCE, candidate.status], "ended_on": [None, on.isoformat()]}, reason=reason)
    return candidate


# --- the yearly review --------------------------------------------------------------------


def _dropped_by_review(candidate: Candidate, review: SourceReview | None) -> bool:
    return (
        review is not None and review.outcome == ReviewOutcome.DROPPED and candidate.status == CandidateStatus.DROPPED
        and candidate.ended_on == review.reviewed_on
    )


def review_candidates(organization: Organization, year: int, reviewed_on: dt.date) -> tuple[list[Candidate], set[int], dict[int, SourceReview]]:
    """What a branch's review of ``year`` covers: the candidates in Vietnamese order, the
    ids of those that must be decided (everyone on the list on the review date) and the
    decisions already recorded. Also covered: those admitted during the year and those an
    earlier recording of this review dropped, so the review can be recorded again."""
    earlier = {r.candidate_id: r for r in SourceReview.objects.filter(year=year, candidate__organization=organization)}
    rows = (
        Candidate.objects.filter(organization=organization)
        .filter(
            Q(ended_on__isnull=True, added_on__lte=reviewed_on)
            | Q(status=CandidateStatus.ADMITTED, ended_on__year=year)
            | Q(pk__in=list(earlier))
        )
        .select_related("person", "organization", "group")
        .order_by("person__sort_given", "person__sort_family", "person__sort_middle", "person__birth_date", "pk")
    )
    candidates = [
        c for c in rows
        if c.ended_on is None or c.status == CandidateStatus.ADMITTED or _dropped_by_review(c, earlier.get(c.pk))
    ]
    required = {c.pk for c in candidates if c.ended_on is None and c.added_on <= reviewed_on}
    return candidates, required, earlier


@transaction.atomic
def source_review_record(
    *, organization: Organization, year: int, decisions: dict[int, tuple[str, str]], reviewed_on: dt.date, actor
) -> list[SourceReview]:
    """Record the branch's review of its list for ``year``: each candidate kept, admitted
    or dropped. Every candidate on the list must be decided. Recording the review again
    replaces the earlier decisions; a candidate the earlier one dropped and this one keeps
    is back on the list."""
    _check_list_keeper(organization)
    _check_not_future(reviewed_on, "reviewed_on")
    if year > reviewed_on.year:
        raise DomainError(
            _("The review of %(year)s cannot be dated %(date)s, before that year.") % {"year": year, "date": format_date(reviewed_on)},
            field="reviewed_on",
        )
    # Lock the branch's list: two people recording the review at once are taken in turn.
    list(Candidate.objects.select_for_update().filter(organization=organization).values_list("pk", flat=True))
    candidates, required, earlier = review_candidates(organization, year, reviewed_on)
    by_id = {c.pk: c for c in candidates}
    decisions = {int(k): v for k, v in decisions.items()}
    strangers = [k for k in decisions if k not in by_id]
    if strangers:
        names = Candidate.objects.filter(pk__in=strangers).select_related("person")
        label = ", ".join(c.person.full_name for c in names) or ", ".join(f"#{k}" for k in strangers)
        raise DomainError(_("%(names)s: not on the source list of %(org)s for the review of %(year)s.") % {"names": label, "org": organization.name, "year": year})
    missing = [c.person.full_name for c in candidates if c.pk in required and c.pk not in decisions]
    if missing:
        raise DomainError(
            _("The review of %(year)s must decide on every candidate of %(org)s; no decision for: %(names)s.")
            % {"year": year, "org": organization.name, "names": ", ".join(missing)}
        )
    recorded = []
    for candidate_id, (outcome, reason) in decisions.items():
        candidate, review, reason = by_id[candidate_id], earlier.get(candidate_id), (reason or "").strip()
        recorded.append(_review_one(candidate, review, outcome=outcome, reason=reason, year=year, reviewed_on=reviewed_on, actor=actor))
    return recorded


def _review_one(candidate: Candidate, review: SourceReview | None, *, outcome: str, reason: str, year: int, reviewed_on: dt.date, actor) -> SourceReview:
    name = candidate.person.full_name
    if outcome not in ReviewOutcome.values:
        raise DomainError(_("Choose kept, admitted or dropped for %(name)s.") % {"name": name})
    reopen = False
    if outcome == ReviewOutcome.ADMITTED:
        if not (candidate.status == CandidateStatus.ADMITTED and candidate.ended_on and candidate.ended_on.year == year):
            raise DomainError(
                _("%(name)s was not admitted in %(year)s; admission is recorded through the admission dossier, so mark them kept or dropped.")
                % {"name": name, "year": year}
            )
    elif candidate.status == CandidateStatus.ADMITTED:
        raise DomainError(
            _("%(name)s was admitted on %(date)s; mark them admitted.") % {"name": name, "date": format_date(candidate.ended_on)}
        )
    elif candidate.ended_on is not None:
        if not _dropped_by_review(candidate, review):
            _require_open(candidate)
        reopen = outcome == ReviewOutcome.KEPT
    if outcome == ReviewOutcome.DROPPED:
        if not reason:
            raise DomainError(_("Give the reason for dropping %(name)s from the list.") % {"name": name})
        _not_before_added(candidate, reviewed_on, "reviewed_on")
        if candidate.ended_on is None:
            _require_no_dossier(candidate, _("dropped from the list"))
    if reopen and Candidate.objects.filter(person_id=candidate.person_id, ended_on__isnull=True).exists():
        raise DomainError(_("%(name)s is on another source list now and cannot be kept on this one.") % {"name": name})

    before = review.outcome if review else None
    if review is None:
        review = SourceReview(candidate=candidate, year=year)
    review.outcome, review.reason, review.reviewed_on = outcome, reason[:1000], reviewed_on
    review.reviewed_by = actor if getattr(actor, "pk", None) else None
    review.save()

    changes = {f"review_{year}": [before, outcome]}
    if outcome == ReviewOutcome.DROPPED:
        if candidate.ended_on is None or candidate.ended_on != reviewed_on or candidate.end_reason != reason:
            was = candidate.status
            _end(candidate, status=CandidateStatus.DROPPED, on=reviewed_on, reason=reason)
            changes["status"] = [was, candidate.status]
    elif reopen:
        candidate.status, candidate.ended_on, candidate.end_reason = CandidateStatus.SOURCE, None, ""
        candidate.save(update_fields=["status", "ended_on", "end_reason"])
        changes["status"] = [CandidateStatus.DROPPED, CandidateStatus.SOURCE]
    _audit(candidate, actor=actor, action="candidate.review", changes=changes, reason=reason)
    return review


# --- source groups ------------------------------------------------------------------------


def _require_admin(actor) -> None:
    if actor is not None and not Scope.of(actor).is_admin:
        raise PermissionDenied(_("Only an administrator may change the list of source groups."))


def _clean_group_name(name: str, *, exclude_pk: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Give the name of the source group."), field="name")
    needle = vn_normalize(name)
    for other in SourceGroup.objects.exclude(pk=exclude_pk):
        if vn_normalize(other.name) == needle:
            raise DomainError(_("A source group named “%(name)s” already exists.") % {"name": other.name}, field="name")
    return name


def _group_code(name: str) -> str:
    base = slugify(vn_normalize(name))[:28] or "nhom"
    code, n = base, 1
    while SourceGroup.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def _audit_group(group: SourceGroup, *, actor, action: str, changes: dict) -> None:
    audit_record(actor=actor, action=action, obj=group, object_type="source_group", organization=None, changes=changes)


@transaction.atomic
def source_group_add(*, name: str, actor, position: int | None = None) -> SourceGroup:
    """Add a source group at the end of the list (or at ``position``)."""
    _require_admin(actor)
    name = _clean_group_name(name)
    if position is None:
        last = SourceGroup.objects.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    group = SourceGroup.objects.create(code=_group_code(name), name=name, position=position)
    _audit_group(group, actor=actor, action="source_group.add", changes=diff({}, {"name": name, "position": position}))
    return group


@transaction.atomic
def source_group_update(*, group: SourceGroup, actor, name: str | None = None, active: bool | None = None, position: int | None = None) -> SourceGroup:
    """Rename, reorder, retire or bring back a source group. A retired group stays on the
    candidates who have it; new candidates cannot be given it."""
    _require_admin(actor)
    group = SourceGroup.objects.select_for_update().get(pk=group.pk)
    before = {"name": group.name, "active": group.active, "position": group.position}
    if name is not None:
        group.name = _clean_group_name(name, exclude_pk=group.pk)
    if active is not None:
        group.active = active
    if position is not None:
        group.position = position
    changes = diff(before, {"name": group.name, "active": group.active, "position": group.position})
    if changes:
        group.save(update_fields=["name", "active", "position"])
        _audit_group(group, actor=actor, action="source_group.update", changes=changes)
    return group
