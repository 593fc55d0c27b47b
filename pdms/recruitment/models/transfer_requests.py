"""Requests to take over a person held outside the asking branch's scope, found by their
citizen ID. The holder's staff accept or refuse; until they accept, the asking side knows
the request only by the last digits of the ID."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pdms.core import citizen_id as cid


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class TransferRequest(models.Model):
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("asking branch")
    )
    # The person's holder when asked; its subtree's staff answer.
    held_by = models.ForeignKey("organizations.Organization", null=True, on_delete=models.PROTECT, related_name="+")
    citizen_id_last4 = models.CharField(max_length=4, editable=False)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("answered at"), null=True)
    answer = models.TextField(_("answer"), blank=True)
    candidate = models.ForeignKey(
        "recruitment.Candidate", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("candidacy made")
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization"], condition=Q(status="pending"), name="transfer_request_one_pending"
            )
        ]

    def __str__(self) -> str:
        return _("Request for citizen ID %(id)s") % {"id": self.citizen_id_masked}

    @property
    def citizen_id_masked(self) -> str:
        return cid.mask(self.citizen_id_last4)
