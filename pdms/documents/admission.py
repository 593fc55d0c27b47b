"""The documents of admitting a Party member: the branch resolution proposing the admission
(form 6-KNĐ), the admission decision (9-KNĐ) and the decision recognising a full member
(16-KNĐ).

Each function takes a plain dataclass, so that the caller fills it from its own records,
and returns the .docx file as bytes. The fixed wording is gettext with English msgids;
documents are always rendered in Vietnamese, whatever the language of the request.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from pdms.core.dates import format_date
from pdms.core.errors import DomainError

from .docx_builder import PartyDocument, report_line
from .formats import vn_join, vn_number, vn_percent

PROBATION_MONTHS = 12


@dataclass(frozen=True, kw_only=True)
class PersonData:
    """The person being admitted, as the documents describe them."""

    full_name: str
    birth_date: dt.date
    sex_label: str  # "Nam" / "Nữ"
    hometown: str
    ethnicity: str
    religion: str
    education: str
    occupation: str


@dataclass(frozen=True, kw_only=True)
class BranchResolutionData:
    """Form 6-KNĐ. ``sponsors`` are written as the resolution names them ("đồng chí Trần
    Văn Bình", "Ban Chấp hành Đoàn xã Hà Mòn"). ``percent_for`` is ``votes_for`` over ``eligible`` (all full members of
    the branch), as the Party Statute counts it. ``report_to`` names the superior committee
    in the recipients ("Đảng ủy xã Hà Mòn"); ``signer_title`` defaults to "BÍ THƯ"."""

    superior_name: str
    branch_name: str
    number: str
    place: str
    meeting_on: dt.date
    person: PersonData
    sponsors: list[str]
    eligible: int
    present: int
    votes_for: int
    votes_against: int
    percent_for: Decimal
    legal_basis: list[str] = field(default_factory=list)
    signer_name: str
    signer_title: str = ""
    report_to: str = ""


@dataclass(frozen=True, kw_only=True)
class DecisionData:
    """What the admission and the recognition decisions share. ``authority_name`` is the
    body that decides ("Ban Thường vụ Đảng ủy xã Hà Mòn"), ``issuer_name`` the committee in
    whose name the document is issued ("Đảng ủy xã Hà Mòn"), ``branch_resolution`` the
    branch resolution as the decision cites it ("Nghị quyết số 01-NQ/CB ngày 05/10/2026 của
    Chi bộ thôn 1"). ``on_behalf_of`` defaults to "T/M BAN THƯỜNG VỤ" and ``signer_title``
    to "BÍ THƯ"; a deputy signs with ``signer_title="K/T BÍ THƯ\\nPHÓ BÍ THƯ"``."""

    authority_name: str
    superior_name: str
    issuer_name: str
    number: str
    place: str
    decided_on: dt.date
    legal_basis: list[str] = field(default_factory=list)
    branch_resolution: str
    person: PersonData
    branch_name: str
    signer_name: str
    signer_title: str = ""
    on_behalf_of: str = ""
    report_to: str = ""


@dataclass(frozen=True, kw_only=True)
class AdmissionDecisionData(DecisionData):
    """Form 9-KNĐ."""

    probation_months: int = PROBATION_MONTHS


@dataclass(frozen=True, kw_only=True)
class RecognitionDecisionData(DecisionData):
    """Form 16-KNĐ. ``admitted_on`` is the date of the admission decision, ``ceremony_on``
    the admission ceremony, ``recognized_on`` the day the probation ended: the recognition
    takes effect from then, even when ``decided_on`` is later."""

    admitted_on: dt.date
    ceremony_on: dt.date
    recognized_on: dt.date


def _in_vietnamese(render):
    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        with translation.override("vi"):
            return render(*args, **kwargs)

    return wrapper


@_in_vietnamese
def branch_resolution_docx(data: BranchResolutionData) -> bytes:
    """The branch resolution proposing to admit ``data.person`` (form 6-KNĐ)."""
    _check_votes(data)
    name = data.person.full_name
    doc = PartyDocument()
    doc.header(
        superior=data.superior_name, issuer=data.branch_name, number=data.number, place=data.place, issued_on=data.meeting_on
    )
    doc.title(_("RESOLUTION"), _("Proposal to admit a Party member"))
    for line in data.legal_basis:
        doc.paragraph(line)
    doc.paragraph(
        _("On %(date)s, %(branch)s met to consider the proposal to admit %(name)s to the Party.")
        % {"date": format_date(data.meeting_on), "branch": data.branch_name, "name": name}
    )
    doc.item(_("Total number of full members of the branch: %(count)s.") % {"count": vn_number(data.eligible)})
    doc.item(
        _("Full members present: %(present)s; absent: %(absent)s.")
        % {"present": vn_number(data.present), "absent": vn_number(data.eligible - data.present)}
    )
    doc.paragraph(
        _("Having heard the report and discussed it, the branch agreed on the following about %(name)s:") % {"name": name}
    )
    doc.item(_("Full name: %(name)s.") % {"name": name})
    _person_items(doc, data.person)
    if data.sponsors:
        doc.item(_("Introduced to the Party by %(sponsors)s.") % {"sponsors": vn_join(data.sponsors)})
    doc.paragraph(_("Result of the vote:"))
    doc.item(
        _("Full members in favour of admitting %(name)s: %(count)s, that is %(percent)s of all full members of the branch.")
        % {"name": name, "count": vn_number(data.votes_for), "percent": vn_percent(data.percent_for)}
    )
    doc.item(_("Full members against: %(count)s.") % {"count": vn_number(data.votes_against)})
    doc.paragraph(
        _("The branch proposes that the superior Party committee consider and decide to admit %(name)s to the Party.")
        % {"name": name}
    )
    report = report_line(data.report_to) if data.report_to else _("The superior Party committee (for reporting),")
    doc.closing(
        recipients=[report, _("Filed at the branch.")],
        on_behalf_of=_("ON BEHALF OF THE BRANCH"),
        signer_title=data.signer_title or _("SECRETARY"),
        signer_name=data.signer_name,
    )
    return doc.to_bytes()


@_in_vietnamese
def admission_decision_docx(data: AdmissionDecisionData) -> bytes:
    """The decision admitting ``data.person`` as a probationary member (form 9-KNĐ)."""
    name = data.person.full_name
    doc = _decision(data, _("Admission of a Party member"))
    doc.paragraph(
        _("Having considered %(resolution)s proposing the admission of a Party member,") % {"resolution": data.branch_resolution}
    )
    doc.heading(_("%(authority)s DECIDES") % {"authority": data.authority_name.upper()})
    doc.article(1, _("Admit %(name)s to the Communist Party of Vietnam as a probationary member.") % {"name": name})
    _person_items(doc, data.person)
    doc.article(
        2,
        _(
            "%(branch)s shall hold the admission ceremony for comrade %(name)s as regulated; the probation lasts "
            "%(months)s months from the day of the ceremony."
        )
        % {"branch": data.branch_name, "name": name, "months": vn_number(data.probation_months)},
    )
    doc.article(3, _executors(data))
    _close_decision(doc, data, executing_article=3)
    return doc.to_bytes()


@_in_vietnamese
def recognition_decision_docx(data: RecognitionDecisionData) -> bytes:
    """The decision recognising ``data.person`` as a full member from the end of the
    probation (form 16-KNĐ)."""
    _check_dates(data)
    person = data.person
    doc = _decision(data, _("Recognition as a full Party member"))
    doc.paragraph(
        _("Having considered %(resolution)s proposing the recognition of a full Party member,")
        % {"resolution": data.branch_resolution}
    )
    doc.heading(_("%(authority)s DECIDES") % {"authority": data.authority_name.upper()})
    doc.article(
        1,
        _(
            "Recognize comrade %(name)s, born on %(birth_date)s, hometown %(hometown)s, admitted to the Party by the "
            "decision of %(admitted_on)s, whose admission ceremony %(branch)s held on %(ceremony_on)s, as a full member "
            "of the Communist Party of Vietnam from %(recognized_on)s."
        )
        % {
            "name": person.full_name,
            "birth_date": format_date(person.birth_date),
            "hometown": person.hometown,
            "admitted_on": format_date(data.admitted_on),
            "branch": data.branch_name,
            "ceremony_on": format_date(data.ceremony_on),
            "recognized_on": format_date(data.recognized_on),
        },
    )
    doc.article(2, _executors(data))
    _close_decision(doc, data, executing_article=2)
    return doc.to_bytes()


def _person_items(doc: PartyDocument, person: PersonData) -> None:
    doc.item(_("Sex: %(sex)s; date of birth: %(date)s.") % {"sex": person.sex_label, "date": format_date(person.birth_date)})
    doc.item(_("Hometown: %(hometown)s.") % {"hometown": person.hometown})
    doc.item(
        _("Ethnicity: %(ethnicity)s; religion: %(religion)s.") % {"ethnicity": person.ethnicity, "religion": person.religion}
    )
    doc.item(_("Education: %(education)s.") % {"education": person.education})
    doc.item(_("Occupation: %(occupation)s.") % {"occupation": person.occupation})


def _decision(data: DecisionData, subtitle: str) -> PartyDocument:
    doc = PartyDocument()
    doc.header(
        superior=data.superior_name, issuer=data.issuer_name, number=data.number, place=data.place, issued_on=data.decided_on
    )
    doc.title(_("DECISION"), subtitle)
    for line in data.legal_basis:
        doc.paragraph(line)
    return doc


def _executors(data: DecisionData) -> str:
    return _(
        "The Party committees and organizations concerned, %(branch)s and comrade %(name)s are responsible for "
        "carrying out this decision."
    ) % {"branch": data.branch_name, "name": data.person.full_name}


def _close_decision(doc: PartyDocument, data: DecisionData, *, executing_article: int) -> None:
    recipients = [_("As in Article %(number)s,") % {"number": executing_article}]
    if data.report_to:
        recipients.append(report_line(data.report_to))
    recipients.append(_("Filed in the member's records and at the committee office."))
    doc.closing(
        recipients=recipients,
        on_behalf_of=data.on_behalf_of or _("ON BEHALF OF THE STANDING COMMITTEE"),
        signer_title=data.signer_title or _("SECRETARY"),
        signer_name=data.signer_name,
    )


def _check_votes(data: BranchResolutionData) -> None:
    name = data.person.full_name
    if data.present > data.eligible:
        raise DomainError(
            _(
                "The resolution on %(name)s counts %(present)s members present, more than the %(eligible)s full members "
                "of the branch."
            )
            % {"name": name, "present": data.present, "eligible": data.eligible},
            field="present",
        )
    if data.votes_for + data.votes_against > data.present:
        raise DomainError(
            _("The resolution on %(name)s counts %(votes)s votes, more than the %(present)s full members present.")
            % {"name": name, "votes": data.votes_for + data.votes_against, "present": data.present},
            field="votes_for",
        )


def _check_dates(data: RecognitionDecisionData) -> None:
    name = data.person.full_name
    if data.ceremony_on < data.admitted_on:
        raise DomainError(
            _("The admission ceremony of %(name)s on %(ceremony)s is before the admission decision of %(admitted)s.")
            % {"name": name, "ceremony": format_date(data.ceremony_on), "admitted": format_date(data.admitted_on)},
            field="ceremony_on",
        )
    if data.recognized_on <= data.ceremony_on:
        raise DomainError(
            _("The recognition of %(name)s from %(recognized)s does not come after the admission ceremony of %(ceremony)s.")
            % {"name": name, "recognized": format_date(data.recognized_on), "ceremony": format_date(data.ceremony_on)},
            field="recognized_on",
        )
