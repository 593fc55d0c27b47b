"""Conditions an applicant must meet when the branch considers the case, checked from
records against the dossier's rule set. Each check gives a message that names the person
and the rule, so a refusal tells the user what to fix."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pdms.core.dates import format_date
from pdms.members.models import MemberPeriod, Status
from pdms.organizations.models import GRASSROOTS_KINDS, Organization, OrgKind, valid_on

from .models import CourseKind, Dossier, EducationLevel, Enrollment, SponsorKind, VerificationResult
from .rulesets import RuleSet, get_ruleset


@dataclass
class Check:
    code: str
    label: str
    ok: bool
    message: str = ""


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def full_months(born: dt.date, on: dt.date) -> int:
    months = (on.year - born.year) * 12 + on.month - born.month
    return months - (on.day < born.day)


# Since 01/07/2025 village branches may stand directly under a commune's committee, which
# then plays the part of their grassroots committee.
ACTS_AS_GRASSROOTS = (*GRASSROOTS_KINDS, OrgKind.COMMUNE)


def grassroots_of(organization: Organization) -> Organization:
    """The grassroots organization a branch belongs to (itself for a grassroots branch; the
    commune's committee for a branch directly under it)."""
    org = organization
    while org is not None and org.kind not in ACTS_AS_GRASSROOTS:
        org = org.parent
    return org or organization


def deciding_committee(branch: Organization) -> Organization:
    """The committee that decides admissions and recognitions: the one directly above the
    branch's grassroots organization (a district's until 30/06/2025), or the commune's own
    committee for a branch directly under it."""
    grassroots = grassroots_of(branch)
    if grassroots.kind == OrgKind.COMMUNE:
        return grassroots
    return grassroots.parent or grassroots


def valid_certificate(person_id: int, on: dt.date, ruleset: RuleSet, kind: str = CourseKind.AWARENESS) -> Enrollment | None:
    """The person's newest certificate of a ``kind`` course that is valid on ``on``."""
    enrollment = (
        Enrollment.objects.filter(person_id=person_id, course__kind=kind, certificate_on__isnull=False, certificate_on__lte=on)
        .select_related("course")
        .order_by("-certificate_on")
        .first()
    )
    if enrollment and (kind != CourseKind.AWARENESS or on < certificate_expiry(enrollment.certificate_on, ruleset)):
        return enrollment
    return None


def certificate_expiry(issued_on: dt.date, ruleset: RuleSet) -> dt.date:
    return add_months(issued_on, ruleset.certificate_validity_months)


def admission_checks(dossier: Dossier, on: dt.date) -> list[Check]:
    """Every condition of admission, on the day the branch considers the case."""
    ruleset = get_ruleset(dossier.ruleset)
    return [
        _age(dossier, on, ruleset),
        _education(dossier, ruleset),
        _certificate(dossier, on, ruleset),
        _sponsors(dossier, on, ruleset),
        _verification(dossier, on),
    ]


def recognition_checks(dossier: Dossier, on: dt.date) -> list[Check]:
    """Conditions of recognition: the 12 months are over and the new-member course is done."""
    ruleset = get_ruleset(dossier.ruleset)
    name = dossier.person.full_name
    ends = dossier.probation_ends_on
    checks = [
        Check(
            "probation", _("Probation completed"), bool(ends and on >= ends),
            _("The probation of %(name)s ends on %(date)s; the branch considers recognition after that.")
            % {"name": name, "date": format_date(ends)} if ends else _("The admission ceremony of %(name)s is not recorded.") % {"name": name},
        )
    ]
    course = valid_certificate(dossier.person_id, on, ruleset, kind=CourseKind.NEW_MEMBER)
    checks.append(
        Check("new_member_course", _("New-member course"), course is not None,
              _("%(name)s has no certificate of the new-member course.") % {"name": name})
    )
    return checks


def failures(checks: list[Check]) -> list[str]:
    return [check.message for check in checks if not check.ok]


def _age(dossier: Dossier, on: dt.date, ruleset: RuleSet) -> Check:
    person = dossier.person
    months = full_months(person.birth_date, on)
    label = _("Age from %(min)s to %(max)s") % {"min": ruleset.min_age_years, "max": ruleset.max_age_years}
    if months < ruleset.min_age_years * 12:
        return Check("age", label, False, _("On %(date)s %(name)s is not yet a full %(age)s years old (counted in months).")
                     % {"date": format_date(on), "name": person.full_name, "age": ruleset.min_age_years})
    if months > ruleset.max_age_years * 12 and not dossier.over_age_consent:
        return Check("age", label, False,
                     _("On %(date)s %(name)s is over %(age)s; admission needs the written consent of the standing committee, which is not recorded.")
                     % {"date": format_date(on), "name": person.full_name, "age": ruleset.max_age_years})
    return Check("age", label, True)


def _education(dossier: Dossier, ruleset: RuleSet) -> Check:
    level = dossier.candidate.education_level if dossier.candidate_id else ""
    required = ruleset.exception_education if dossier.education_exception else ruleset.min_education
    ok = EducationLevel.rank(level) >= EducationLevel.rank(required)
    return Check(
        "education", _("Education"), ok,
        _("%(name)s has %(level)s; the rules require at least %(required)s.")
        % {"name": dossier.person.full_name, "level": EducationLevel(level).label if level else "—", "required": EducationLevel(required).label},
    )


def _certificate(dossier: Dossier, on: dt.date, ruleset: RuleSet) -> Check:
    label = _("Party awareness certificate")
    if valid_certificate(dossier.person_id, on, ruleset):
        return Check("certificate", label, True)
    newest = (
        Enrollment.objects.filter(person_id=dossier.person_id, course__kind=CourseKind.AWARENESS, certificate_on__isnull=False)
        .order_by("-certificate_on")
        .first()
    )
    if newest is None:
        message = _("%(name)s has no Party awareness certificate.") % {"name": dossier.person.full_name}
    else:
        message = _("The Party awareness certificate of %(name)s (%(number)s) expired on %(date)s; it is valid for %(months)s months and the course must be taken again.") % {
            "name": dossier.person.full_name, "number": newest.certificate_number or "—",
            "date": format_date(certificate_expiry(newest.certificate_on, ruleset)), "months": ruleset.certificate_validity_months,
        }
    return Check("certificate", label, False, message)


def _sponsors(dossier: Dossier, on: dt.date, ruleset: RuleSet) -> Check:
    label = _("Sponsors")
    sponsors = list(dossier.sponsors.select_related("member__person", "member__organization"))
    if len(sponsors) != ruleset.sponsors_required:
        return Check("sponsors", label, False, _("The dossier of %(name)s has %(count)s sponsors; %(required)s are required.")
                     % {"name": dossier.person.full_name, "count": len(sponsors), "required": ruleset.sponsors_required})
    unions = [s for s in sponsors if s.kind != SponsorKind.MEMBER]
    if len(unions) > 1:
        return Check("sponsors", label, False, _("Only one of the two sponsors may be a union executive committee; the other must be a full member."))
    for union in unions:
        if union.kind == SponsorKind.YOUTH_UNION and not (dossier.candidate_id and dossier.candidate.youth_union_member):
            return Check("sponsors", label, False, _("%(name)s is not recorded as a Youth Union member, so the Youth Union cannot sponsor them.")
                         % {"name": dossier.person.full_name})
        if not union.resolution:
            return Check("sponsors", label, False, _("Record the resolution of %(body)s introducing the applicant.") % {"body": union.body_name})
    home = grassroots_of(dossier.organization)
    for sponsor in sponsors:
        if sponsor.kind != SponsorKind.MEMBER:
            continue
        name = sponsor.member.person.full_name
        period = MemberPeriod.objects.filter(valid_on(on), member=sponsor.member).select_related("organization").first()
        if period is None or period.status != Status.FULL:
            return Check("sponsors", label, False, _("Sponsor %(name)s is not a full member on %(date)s.") % {"name": name, "date": format_date(on)})
        if grassroots_of(period.organization).pk != home.pk:
            return Check("sponsors", label, False, _("Sponsor %(name)s does not belong to %(org)s.") % {"name": name, "org": home.name})
        if sponsor.known_since is None or add_months(sponsor.known_since, ruleset.sponsor_known_months) > on:
            return Check("sponsors", label, False, _("Sponsor %(name)s has not worked or lived with the applicant for %(months)s months by %(date)s.")
                         % {"name": name, "months": ruleset.sponsor_known_months, "date": format_date(on)})
    return Check("sponsors", label, True)


def _verification(dossier: Dossier, on: dt.date) -> Check:
    label = _("Background verification")
    if dossier.verification_on is None or dossier.verification_on > on:
        return Check("verification", label, False, _("The background verification of %(name)s is not concluded.") % {"name": dossier.person.full_name})
    if dossier.verification_result != VerificationResult.SATISFACTORY:
        return Check("verification", label, False, _("The background verification of %(name)s was not satisfactory.") % {"name": dossier.person.full_name})
    return Check("verification", label, True)
