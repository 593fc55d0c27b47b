"""People and their Party membership through time.

``Person`` is the identity (one per citizen ID). ``Member`` is their membership with its
key dates. ``MemberPeriod`` rows say, without gaps, in which organization and with which
status the member stood from ``valid_from`` until ``valid_to``; each row remembers the
state it replaced, so flows in and out of any subtree are simple filtered counts.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pdms.core import citizen_id as cid
from pdms.core.vntext import vn_normalize, vn_sort_key


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Person(models.Model):
    family_name = models.CharField(_("family name"), max_length=64, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=64, blank=True)
    given_name = models.CharField(_("given name"), max_length=64)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=64, blank=True)
    religion = models.CharField(_("religion"), max_length=64, blank=True)
    hometown = models.CharField(_("hometown"), max_length=255, blank=True)
    education = models.CharField(_("education"), max_length=128, blank=True)
    # The citizen ID is never stored in clear: encrypted, plus a keyed hash for uniqueness.
    citizen_id_encrypted = models.TextField(blank=True, editable=False)
    citizen_id_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    citizen_id_last4 = models.CharField(max_length=4, blank=True, editable=False)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    sort_given = models.CharField(max_length=200, editable=False)
    sort_family = models.CharField(max_length=200, editable=False)
    sort_middle = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["sort_given", "sort_family", "sort_middle", "birth_date"]
        indexes = [models.Index(fields=["sort_given", "sort_family", "sort_middle"], name="person_vn_order_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)

    @property
    def citizen_id_masked(self) -> str:
        return cid.mask(self.citizen_id_last4)

    @property
    def citizen_id(self) -> str:
        return cid.decrypt(self.citizen_id_encrypted)

    def set_citizen_id(self, number: str) -> None:
        self.citizen_id_encrypted = cid.encrypt(number)
        self.citizen_id_hash = cid.blind_index(number)
        self.citizen_id_last4 = number[-4:]

    def fill_derived(self) -> None:
        """Search and sort keys; every write path (including bulk) calls this."""
        self.search_name = vn_normalize(self.full_name)
        self.sort_given = vn_sort_key(self.given_name)
        self.sort_family = vn_sort_key(self.family_name)
        self.sort_middle = vn_sort_key(self.middle_name)

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)


class Status(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")
    IN_TRANSIT = "in_transit", _("Transfer in progress")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    REMOVED = "removed", _("Removed from the rolls")
    EXPELLED = "expelled", _("Expelled")
    DECEASED = "deceased", _("Deceased")


ACTIVE_STATUSES = (Status.PROBATIONARY, Status.FULL)
ENDED_STATUSES = (Status.TRANSFERRED_OUT, Status.REMOVED, Status.EXPELLED, Status.DECEASED)


class StartEvent(models.TextChoices):
    ADMISSION = "admission", _("Admission")
    RECOGNITION = "recognition", _("Recognition as full member")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    REORGANIZATION = "reorganization", _("Reorganization")
    DEATH = "death", _("Death")
    REMOVAL = "removal", _("Removal from the rolls")
    EXPULSION = "expulsion", _("Expulsion")


class Member(models.Model):
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="member")
    admitted_on = models.DateField(_("admission date"))
    ceremony_on = models.DateField(_("ceremony date"), null=True, blank=True)
    recognized_on = models.DateField(_("recognition date"), null=True, blank=True)
    card_number = models.CharField(_("party card number"), max_length=32, blank=True, db_index=True)
    # Current state, a copy of the open period.
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="members", verbose_name=_("organization")
    )

    class Meta:
        ordering = ["person__sort_given", "person__sort_family", "person__sort_middle"]
        indexes = [models.Index(fields=["admitted_on"], name="member_admitted_idx"), models.Index(fields=["recognized_on"], name="member_recognized_idx")]

    def __str__(self) -> str:
        return self.person.full_name


class MemberPeriod(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="periods")
    # For active and in-transit periods: where the member belongs (in transit: where they
    # are going). For ended statuses: the organization they left.
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="member_periods")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    start_event = models.CharField(_("event"), max_length=16, choices=StartEvent.choices)
    prev_organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prev_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    reorg_event = models.ForeignKey("organizations.ReorgEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="member_periods")
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["member_id", "valid_from", "id"]
        indexes = [
            # Covers "active in these organizations on day D", so counts read the index only.
            models.Index(fields=["organization", "status", "valid_from", "valid_to"], name="period_org_status_idx"),
            models.Index(fields=["valid_from"], name="period_from_idx"),
            models.Index(fields=["member", "valid_to"], name="period_member_open_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="period_valid_interval"
            ),
            models.UniqueConstraint(fields=["member"], condition=Q(valid_to__isnull=True), name="period_one_open_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.status} {self.valid_from}–{self.valid_to or ''}"


class TemporaryTransfer(models.Model):
    """Temporary activity elsewhere (3 months to under a year, or study). The member is
    still counted in their own organization."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="temporary_transfers")
    host = models.ForeignKey("organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_transfers")
    host_name = models.CharField(_("host organization"), max_length=255, blank=True)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-start_on"]
