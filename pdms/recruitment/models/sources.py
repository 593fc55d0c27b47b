"""Candidate sources (nguồn phát triển đảng): outstanding people a branch keeps on its list,
with the members who help them, and the yearly review of the list."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SourceGroup(models.Model):
    """Where a candidate is found (Youth Union, Women's Union, militia, teachers...): an
    editable list."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=128)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class EducationLevel(models.TextChoices):
    NONE = "none", _("Did not complete primary school")
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    HIGHER = "higher", _("College or university")

    @classmethod
    def rank(cls, value: str) -> int:
        return list(cls.values).index(value) if value in cls.values else -1


class Origin(models.TextChoices):
    FOUND = "found", _("Found by the branch")
    TRANSFERRED_IN = "transferred_in", _("Transferred in from another organization's list")


class CandidateStatus(models.TextChoices):
    SOURCE = "source", _("On the source list")
    ADMITTED = "admitted", _("Admitted")
    DROPPED = "dropped", _("Dropped from the list")
    TRANSFERRED_OUT = "transferred_out", _("Moved to another organization's list")


class Candidate(models.Model):
    """A person on one organization's source list from ``added_on`` until ``ended_on``.
    Moving to another list ends this row and starts a new one there, so the list of any
    organization on any day is a simple dated filter."""

    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="candidacies")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="candidates", verbose_name=_("organization")
    )
    group = models.ForeignKey(SourceGroup, on_delete=models.PROTECT, related_name="candidates", verbose_name=_("source group"))
    education_level = models.CharField(_("education level"), max_length=16, choices=EducationLevel.choices)
    occupation = models.CharField(_("occupation"), max_length=128, blank=True)
    ethnic_minority = models.BooleanField(_("ethnic minority"), default=False)
    religious = models.BooleanField(_("follows a religion"), default=False)
    youth_union_member = models.BooleanField(_("Youth Union member"), default=False)
    residential_area = models.CharField(_("residential area"), max_length=128, blank=True)
    added_on = models.DateField(_("added on"))
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices, default=Origin.FOUND)
    origin_note = models.CharField(_("origin note"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CandidateStatus.choices, default=CandidateStatus.SOURCE)
    ended_on = models.DateField(_("left the list on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=1000, blank=True)

    class Meta:
        ordering = ["person__sort_given", "person__sort_family", "person__sort_middle", "pk"]
        indexes = [
            models.Index(fields=["organization", "added_on", "ended_on"], name="candidate_org_dates_idx"),
            models.Index(fields=["added_on"], name="candidate_added_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(ended_on__isnull=True), name="candidate_one_open_per_person"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("added_on")), name="candidate_valid_interval"),
        ]

    def __str__(self) -> str:
        return self.person.full_name

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class Mentorship(models.Model):
    """A full member assigned to follow and help a candidate."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="mentorships")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("mentor"))
    assigned_on = models.DateField(_("assigned on"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["assigned_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "member"], condition=Q(ended_on__isnull=True), name="mentorship_one_open")
        ]


class ReviewOutcome(models.TextChoices):
    KEPT = "kept", _("Kept on the list")
    ADMITTED = "admitted", _("Admitted")
    DROPPED = "dropped", _("Dropped")


class SourceReview(models.Model):
    """The branch's yearly decision on each candidate of its list."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("year"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=ReviewOutcome.choices)
    reason = models.CharField(_("reason"), max_length=1000, blank=True)
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["candidate", "year"], name="review_once_a_year")]
