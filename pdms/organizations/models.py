"""Party organizations through time.

Two layers: ``Organization`` holds identity and the current state (used for navigation and
scoping); ``OrgVersion`` holds every state the organization had, each valid over
[valid_from, valid_to) with the full path of ids from the root *as of those dates*, so any
date's tree is one indexed ``path LIKE 'prefix%'`` query. Every change goes through
``services`` and is recorded as a ``ReorgEvent``; merges and splits keep predecessor →
successor links so history rolls up into successors.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pdms.core.vntext import vn_normalize

DISTRICT_LEVEL_END = dt.date(2025, 7, 1)
PATH_SEGMENT = 8  # "0000042." — seven digits and a dot


class OrgKind(models.TextChoices):
    PROVINCE = "province", _("Provincial party committee")
    DISTRICT = "district", _("District party committee")
    PROVINCIAL_DIRECT = "provincial_direct", _("Party committee under the province")
    COMMUNE = "commune", _("Commune party committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots party committee")
    GRASSROOTS_BRANCH = "grassroots_branch", _("Grassroots party branch")
    SUB_COMMITTEE = "sub_committee", _("Sub-committee")
    BRANCH = "branch", _("Branch under a committee")


GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_BRANCH)
BRANCH_KINDS = (OrgKind.GRASSROOTS_BRANCH, OrgKind.BRANCH)

# Which kinds may stand directly under which (None: at the root).
ALLOWED_PARENT_KINDS = {
    OrgKind.PROVINCE: {None},
    OrgKind.DISTRICT: {OrgKind.PROVINCE},
    OrgKind.PROVINCIAL_DIRECT: {OrgKind.PROVINCE},
    OrgKind.COMMUNE: {OrgKind.PROVINCE},
    OrgKind.GRASSROOTS_COMMITTEE: {OrgKind.DISTRICT, OrgKind.PROVINCIAL_DIRECT, OrgKind.COMMUNE, OrgKind.PROVINCE},
    OrgKind.GRASSROOTS_BRANCH: {OrgKind.DISTRICT, OrgKind.PROVINCIAL_DIRECT, OrgKind.COMMUNE, OrgKind.PROVINCE},
    OrgKind.SUB_COMMITTEE: {OrgKind.GRASSROOTS_COMMITTEE},
    OrgKind.BRANCH: {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUB_COMMITTEE, OrgKind.COMMUNE},
}


def valid_on(day: dt.date, prefix: str = "") -> Q:
    """Rows of an effective-dated table valid on ``day``: valid_from <= day < valid_to."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


class Organization(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    # Current state, a copy of the open version (or of the last one once dissolved).
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    path = models.CharField(max_length=255, db_index=True)
    depth = models.PositiveSmallIntegerField(default=1)
    has_committee = models.BooleanField(_("has a branch committee"), default=False)
    founded_on = models.DateField(_("founded on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    search_name = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def save(self, *args, **kwargs):
        self.search_name = vn_normalize(f"{self.code} {self.name}")
        super().save(*args, **kwargs)


class OrgVersion(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices)
    parent = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    has_committee = models.BooleanField(_("has a branch committee"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    event = models.ForeignKey("ReorgEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="versions")

    class Meta:
        ordering = ["organization_id", "valid_from", "id"]
        indexes = [
            models.Index(fields=["path", "valid_from"], name="orgver_path_idx", opclasses=["varchar_pattern_ops", "date_ops"]),
            models.Index(fields=["organization", "valid_from"], name="orgver_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgver_valid_interval",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from}–{self.valid_to or ''}]"


class ReorgKind(models.TextChoices):
    FOUND = "found", _("Founding")
    RENAME = "rename", _("Renaming")
    MOVE = "move", _("Move to another parent")
    MERGE = "merge", _("Merger")
    SPLIT = "split", _("Split")
    DISSOLVE = "dissolve", _("Dissolution")
    COMMITTEE = "committee", _("Branch committee change")
    CORRECTION = "correction", _("Correction")


class ReorgEvent(models.Model):
    """A dated change of the tree, with the decision that ordered it."""

    kind = models.CharField(_("kind"), max_length=16, choices=ReorgKind.choices)
    on = models.DateField(_("effective date"))
    decision = models.CharField(_("decision"), max_length=128, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"


class ReorgLink(models.Model):
    """Predecessor → successor: the predecessor's history rolls up into the successor."""

    event = models.ForeignKey(ReorgEvent, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="predecessor_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="reorglink_unique")]
