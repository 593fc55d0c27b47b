"""The recruitment pipeline: candidate sources, courses, and the dossier that carries a
person from application to full membership."""

from .courses import Course, CourseKind, Enrollment
from .dossiers import (
    Attachment,
    Decision,
    DecisionKind,
    Deadline,
    DeadlineKind,
    Dossier,
    DossierDocument,
    DossierEvent,
    Sponsor,
    SponsorKind,
    State,
    VerificationResult,
    Vote,
    VoteStep,
)
from .sources import Candidate, CandidateStatus, EducationLevel, Mentorship, Origin, ReviewOutcome, SourceGroup, SourceReview
from .transfer_requests import RequestStatus, TransferRequest

__all__ = [
    "Attachment", "Candidate", "CandidateStatus", "Course", "CourseKind", "Deadline", "DeadlineKind", "Decision",
    "DecisionKind", "Dossier", "DossierDocument", "DossierEvent", "EducationLevel", "Enrollment", "Mentorship", "Origin",
    "RequestStatus", "ReviewOutcome", "SourceGroup", "SourceReview", "Sponsor", "SponsorKind", "State", "TransferRequest",
    "VerificationResult", "Vote", "VoteStep",
]
