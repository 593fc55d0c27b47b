"""The dossier: one person's procedure from application to full membership (or to its
end without it). Its state changes only through ``recruitment.workflow``, which follows the
dossier's rule set; each change leaves a ``DossierEvent``. Votes, decisions, documents,
sponsors and deadlines are records of their own, so every figure can be recomputed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PREPARING = "preparing", _("Preparing the dossier")
    BRANCH_RESOLVED = "branch_resolved", _("Proposed by the branch")
    COMMITTEE_RESOLVED = "committee_resolved", _("Proposed by the grassroots committee")
    ADMITTED = "admitted", _("Admitted, awaiting the ceremony")
    PROBATION = "probation", _("On probation")
    RECOGNITION_BRANCH_RESOLVED = "recognition_branch", _("Recognition proposed by the branch")
    RECOGNITION_COMMITTEE_RESOLVED = "recognition_committee", _("Recognition proposed by the grassroots committee")
    REMOVAL_PROPOSED = "removal_proposed", _("Removal proposed")
    RECOGNIZED = "recognized", _("Recognized as a full member")
    NOT_RECOGNIZED = "not_recognized", _("Not recognized, removed from the rolls")
    CLOSED = "closed", _("Closed without admission")


ADMISSION_STATES = (State.PREPARING, State.BRANCH_RESOLVED, State.COMMITTEE_RESOLVED)
FINAL_STATES = (State.RECOGNIZED, State.NOT_RECOGNIZED, State.CLOSED)


class VerificationResult(models.TextChoices):
    SATISFACTORY = "satisfactory", _("Satisfactory")
    UNSATISFACTORY = "unsatisfactory", _("Not satisfactory")


class Dossier(models.Model):
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="dossiers")
    candidate = models.ForeignKey("Candidate", null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers")
    # The branch that considers the applicant (and, after admission, the member's branch).
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("branch")
    )
    ruleset = models.CharField(_("rule set"), max_length=16)
    state = models.CharField(_("state"), max_length=24, choices=State.choices, default=State.PREPARING)
    opened_on = models.DateField(_("application date"))
    # Exceptions the rules allow, with the decision that grants them.
    over_age_consent = models.CharField(_("consent for an applicant over 60"), max_length=255, blank=True)
    education_exception = models.CharField(_("education exception"), max_length=255, blank=True)
    verification_on = models.DateField(_("background verification concluded on"), null=True, blank=True)
    verification_result = models.CharField(_("verification result"), max_length=16, choices=VerificationResult.choices, blank=True)
    verification_note = models.CharField(_("verification note"), max_length=1000, blank=True)
    # Dates of the steps, copied from their records for lists and indicators.
    branch_resolved_on = models.DateField(_("branch resolution"), null=True, blank=True)
    decided_on = models.DateField(_("admission decision"), null=True, blank=True)
    decision_received_on = models.DateField(_("decision received"), null=True, blank=True)
    ceremony_on = models.DateField(_("admission ceremony"), null=True, blank=True)
    probation_ends_on = models.DateField(_("end of probation"), null=True, blank=True)
    recognized_on = models.DateField(_("recognized from"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    member = models.OneToOneField("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="dossier")
    # Bumped by every transition; a form posted against an older version is refused.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-opened_on", "pk"]
        indexes = [
            models.Index(fields=["organization", "state"], name="dossier_org_state_idx"),
            models.Index(fields=["opened_on"], name="dossier_opened_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=~Q(state__in=["recognized", "not_recognized", "closed"]), name="dossier_one_open_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.person.full_name


class DossierDocument(models.Model):
    """A form of the dossier (1-KNĐ, 2-KNĐ...) received on a date."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("form"), max_length=16)
    received_on = models.DateField(_("received on"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["dossier", "kind"], name="document_once_per_dossier")]


class SponsorKind(models.TextChoices):
    MEMBER = "member", _("Full member")
    YOUTH_UNION = "youth_union", _("Executive committee of the Youth Union")
    TRADE_UNION = "trade_union", _("Executive committee of the trade union")


class Sponsor(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="sponsors")
    kind = models.CharField(_("sponsor"), max_length=16, choices=SponsorKind.choices)
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="sponsorships")
    # For a union executive: its name and the resolution that introduces the applicant.
    body_name = models.CharField(_("name of the executive committee"), max_length=255, blank=True)
    resolution = models.CharField(_("resolution"), max_length=128, blank=True)
    known_since = models.DateField(_("has worked or lived with the applicant since"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    @property
    def name(self) -> str:
        return self.member.person.full_name if self.member_id else self.body_name


class VoteStep(models.TextChoices):
    BRANCH_ADMISSION = "branch_admission", _("Branch vote on admission")
    COMMITTEE_ADMISSION = "committee_admission", _("Grassroots committee vote on admission")
    BRANCH_RECOGNITION = "branch_recognition", _("Branch vote on recognition")
    COMMITTEE_RECOGNITION = "committee_recognition", _("Grassroots committee vote on recognition")


class Vote(models.Model):
    """A vote as counts; whether it reached the threshold is computed when recorded, from
    the rule set, and kept with the threshold used."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="votes")
    step = models.CharField(_("vote"), max_length=24, choices=VoteStep.choices)
    held_on = models.DateField(_("held on"))
    eligible = models.PositiveIntegerField(_("members entitled to vote"))
    votes_for = models.PositiveIntegerField(_("in favour"))
    votes_against = models.PositiveIntegerField(_("against"))
    threshold_numerator = models.PositiveSmallIntegerField()
    threshold_denominator = models.PositiveSmallIntegerField()
    passed = models.BooleanField(_("passed"))
    # Recognition votes may also reach the threshold against: a proposal to remove.
    rejected = models.BooleanField(default=False)
    resolution_number = models.CharField(_("resolution number"), max_length=64, blank=True)

    class Meta:
        ordering = ["held_on", "pk"]


class DecisionKind(models.TextChoices):
    ADMISSION = "admission", _("Admission decision")
    RECOGNITION = "recognition", _("Recognition decision")
    REMOVAL = "removal", _("Removal decision")


class Decision(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=16, choices=DecisionKind.choices)
    number = models.CharField(_("number"), max_length=64)
    signed_on = models.DateField(_("date"))
    signer_name = models.CharField(_("signed by"), max_length=128)
    signer_title = models.CharField(_("title of the signer"), max_length=128)

    class Meta:
        ordering = ["signed_on", "pk"]


class DeadlineKind(models.TextChoices):
    ADMISSION_DECISION = "admission_decision", _("Admission decision")
    CEREMONY = "ceremony", _("Admission ceremony")
    RECOGNITION_VOTE = "recognition_vote", _("Branch vote on recognition")
    RECOGNITION_DECISION = "recognition_decision", _("Recognition decision")


class Deadline(models.Model):
    """A deadline the rule set started: due ``workdays`` working days after ``anchor_on``
    (plus an extension where granted); met when ``done_on`` is set."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("deadline"), max_length=24, choices=DeadlineKind.choices)
    anchor_on = models.DateField(_("counted from"))
    workdays = models.PositiveSmallIntegerField(_("working days"))
    extension_workdays = models.PositiveSmallIntegerField(_("extension in working days"), default=0)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on", "done_on"], name="deadline_due_idx")]
        constraints = [models.UniqueConstraint(fields=["dossier", "kind"], name="deadline_once_per_dossier")]


class DossierEvent(models.Model):
    """A transition of the dossier: the timeline a user reads."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=48)
    from_state = models.CharField(max_length=24, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=24, choices=State.choices)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]


def attachment_path(instance, filename: str) -> str:
    return f"dossiers/{instance.dossier_id}/{filename}"


class Attachment(models.Model):
    """A scanned document of the dossier (PDF or image)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    document_kind = models.CharField(_("form"), max_length=16, blank=True)
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
