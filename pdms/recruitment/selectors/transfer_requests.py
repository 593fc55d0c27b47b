"""Reads of transfer requests. The asking side sees its branches' requests by the masked
citizen ID; the holding side sees the ones addressed to its subtree, with the person."""

from django.db.models import QuerySet
from django.http import Http404

from pdms.accounts.scope import Scope

from ..models import TransferRequest


def requests_sent(scope: Scope) -> QuerySet[TransferRequest]:
    return TransferRequest.objects.filter(scope.orgs.q("organization_id")).select_related("organization", "candidate")


def requests_received(scope: Scope) -> QuerySet[TransferRequest]:
    return TransferRequest.objects.filter(scope.orgs.q("held_by_id")).select_related("organization", "held_by", "person", "requested_by")


def get_transfer_request_for_user_or_404(scope: Scope, request_id) -> tuple[TransferRequest, bool]:
    """A request the user may read, and whether they read it as the holding side (who may
    see the person); otherwise they asked, and see only the masked citizen ID."""
    try:
        request_id = int(request_id)
    except (TypeError, ValueError):
        raise Http404
    received = requests_received(scope).filter(pk=request_id).first()
    if received is not None:
        return received, True
    sent = requests_sent(scope).filter(pk=request_id).first()
    if sent is None:
        raise Http404
    return sent, False
