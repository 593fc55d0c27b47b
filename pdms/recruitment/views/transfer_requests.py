"""Transfer request pages: the requests a user's branches sent and those addressed to
their organizations, asking for a person by citizen ID (reached from the neutral answer of
the add-a-candidate form), and answering. Objects come through the scoped selectors,
changes through the services."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pdms.core.views import scope_of, submitted
from pdms.organizations.models import BRANCH_KINDS
from pdms.organizations.selectors import get_organization_for_user_or_404

from ..forms.transfer_requests import TransferAnswerForm, TransferRequestForm
from ..models import RequestStatus
from ..selectors.transfer_requests import get_transfer_request_for_user_or_404, requests_received, requests_sent
from ..services import transfer_requests as services

LIST_LIMIT = 200


@require_GET
def transfer_requests(request):
    scope = scope_of(request)
    return render(request, "recruitment/transfer_requests/list.html", {
        "sent": requests_sent(scope)[:LIST_LIMIT],
        "received": requests_received(scope)[:LIST_LIMIT],
    })


@require_http_methods(["GET", "POST"])
def transfer_request_new(request):
    """Ask for a person for the branch ``?org=``. The add-a-candidate page posts the
    citizen ID it was given with ``prefill``, to show it on the form unchecked."""
    scope = scope_of(request)
    organization = get_organization_for_user_or_404(scope, request.GET.get("org", "").strip(), for_write=True)
    if organization.kind not in BRANCH_KINDS:
        raise Http404
    prefill = request.method == "POST" and "prefill" in request.POST
    form = TransferRequestForm(initial={"citizen_id": request.POST.get("citizen_id", "")}) if prefill else TransferRequestForm(request.POST or None)
    made = None

    def perform(data):
        nonlocal made
        made = services.transfer_request_create(organization=organization, citizen_id=data["citizen_id"], note=data["note"], actor=request.user)
        return _("The request was sent; the organization holding the person will answer it.")

    if not prefill and submitted(request, form, perform):
        return redirect("recruitment:transfer_request_detail", request_id=made.pk)
    return render(request, "recruitment/transfer_requests/new.html", {"form": form, "organization": organization})


@require_http_methods(["GET", "POST"])
def transfer_request_detail(request, request_id):
    """A request: the asking side sees the masked citizen ID and the answer; the holding
    side sees the person and may accept or refuse."""
    scope = scope_of(request)
    transfer, holding_side = get_transfer_request_for_user_or_404(scope, request_id)
    may_answer = holding_side and transfer.status == RequestStatus.PENDING and scope.can_write
    form = TransferAnswerForm(request.POST or None)
    if request.method == "POST" and not (may_answer and request.POST.get("decision") in ("accept", "refuse")):
        raise Http404

    def perform(data):
        if request.POST.get("decision") == "accept":
            services.transfer_request_accept(request=transfer, actor=request.user, answer=data["answer"])
            return _("The request was accepted; the person is on the list of %(org)s.") % {"org": transfer.organization.name}
        services.transfer_request_refuse(request=transfer, actor=request.user, answer=data["answer"])
        return _("The request was refused.")

    if submitted(request, form, perform):
        return redirect("recruitment:transfer_request_detail", request_id=transfer.pk)
    return render(request, "recruitment/transfer_requests/detail.html", {
        "transfer": transfer, "holding_side": holding_side, "may_answer": may_answer, "form": form,
    })
