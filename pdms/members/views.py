"""Member pages: the list as of a date, the member's page, and the forms that change a
member. Every object comes through the scoped selectors; every change goes through
``members.services``. Form pages answer 404 to users who may not write the member's
current organization, so they cannot even learn that the form exists."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from pdms.audit.list_exports import Column, filter_line, list_download
from pdms.core.dates import format_date, today
from pdms.core.errors import DomainError
from pdms.core.views import as_of_param, id_param, scope_of, submitted
from pdms.organizations.rollup import rollup
from pdms.organizations.selectors import organization_or_root

from . import forms, services
from .disclosure import citizen_id_disclose
from .models import ACTIVE_STATUSES, Status
from .page_selectors import (
    incoming_transfer_periods,
    list_rows,
    member_history,
    organizations_matching,
    temporary_transfers_of,
    timeline_rows,
    writable_organization,
    writable_organizations,
)
from .selectors import get_member_for_user_or_404, members_on

PAGE_SIZE = 50
EXPORT_CHUNK = 2000

STATUS_FILTERS = {
    "active": ACTIVE_STATUSES,
    "full": (Status.FULL,),
    "probationary": (Status.PROBATIONARY,),
    "in_transit": (Status.IN_TRANSIT,),
}


STATUS_CHOICES = [
    ("active", gettext_lazy("All active members")),
    ("full", gettext_lazy("Full members")),
    ("probationary", gettext_lazy("Probationary members")),
    ("in_transit", gettext_lazy("Being transferred to this organization")),
]


# --- the list ---------------------------------------------------------------------------


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def search(request):
    """Members of an organization's subtree as of a date, searchable by name or card."""
    scope = scope_of(request)
    organization = organization_or_root(scope, request.GET.get("org", "").strip())
    as_of = as_of_param(request)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "active")
    if status not in STATUS_FILTERS:
        status = "active"
    orgs = rollup(organization, as_of) if organization is not None else scope.orgs
    members = members_on(scope, orgs, as_of, query=query, statuses=STATUS_FILTERS[status])
    if request.GET.get("format") == "xlsx":
        return _list_download(request, scope, organization, members, as_of=as_of, query=query, status=status)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "as_of": as_of,
        "query": query,
        "status": status,
        "status_choices": STATUS_CHOICES,
        "page": page,
        "rows": list_rows(scope, list(page.object_list), as_of, STATUS_FILTERS[status]),
        "can_write": scope.can_write,
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "members/_results.html", context)
    org_query = request.GET.get("org_q", "").strip()
    context |= {"org_query": org_query, "org_options": organizations_matching(scope, org_query)}
    return render(request, "members/search.html", context)


def _list_download(request, scope, organization, members, *, as_of, query, status):
    """The list as .xlsx, every page of it, with the filters the page applied."""
    columns = [
        Column(_("Full name"), lambda row: row.member.person.full_name, width=28),
        Column(_("Date of birth"), lambda row: row.member.person.birth_date, width=14),
        Column(_("Sex"), lambda row: row.member.person.get_sex_display(), width=8),
        Column(_("Citizen ID"), lambda row: row.member.person.citizen_id_masked, width=16),
        Column(_("Party card number"), lambda row: row.member.card_number, width=14),
        Column(_("Organization"), lambda row: row.organization_name, width=36),
        Column(_("Status"), lambda row: row.period.get_status_display(), width=18),
        Column(_("Admitted on"), lambda row: row.member.admitted_on, width=14),
        # As on the page: a recognition dated after the list's day is not yet known then.
        Column(_("Full member from"), lambda row: r if (r := row.member.recognized_on) and r <= as_of else None, width=14),
    ]

    def rows():
        # In chunks: a province's list holds tens of thousands of members.
        for start in range(0, members.count(), EXPORT_CHUNK):
            yield from list_rows(scope, list(members[start : start + EXPORT_CHUNK]), as_of, STATUS_FILTERS[status])

    return list_download(
        actor=request.user, what="member_list", organization=organization,
        title=_("Members") + (f" · {organization.name}" if organization else ""),
        filters=[
            filter_line(_("Organization"), organization.name if organization else ""),
            filter_line(_("As of"), as_of),
            filter_line(_("Name or party card number"), query),
            filter_line(_("Status"), dict(STATUS_CHOICES)[status]),
        ],
        columns=columns, rows=rows(), filename_stem="dang-vien", day=as_of,
    )


@require_GET
def org_options(request):
    """The organization picker's suggestions (an htmx partial of the list page)."""
    scope = scope_of(request)
    org_query = request.GET.get("org_q", "").strip()
    return render(
        request,
        "members/_org_options.html",
        {
            "org_query": org_query,
            "org_options": organizations_matching(scope, org_query),
            "as_of": as_of_param(request),
            "query": request.GET.get("q", "").strip(),
            "status": request.GET.get("status", "active"),
        },
    )


# --- the member's page ------------------------------------------------------------------


def _detail_context(scope, member, **extra) -> dict:
    return {
        "member": member,
        "person": member.person,
        "can_write": scope.can_write_org(member.organization),
        "is_active": member.status in ACTIVE_STATUSES,
        "organization_linkable": member.organization_id in scope.orgs,
        "timeline": timeline_rows(scope, member),
        "temporary_transfers": temporary_transfers_of(scope, member),
        "history": member_history(scope, member),
        "today": today(),
        **extra,
    }


@require_GET
def detail(request, member_id):
    scope = scope_of(request)
    member = get_member_for_user_or_404(scope, member_id, for_write=False)
    return render(request, "members/detail.html", _detail_context(scope, member))


@never_cache
@require_POST
def citizen_id(request, member_id):
    """Disclose the full citizen ID to a user who may write the member, on an explicit
    request; the disclosure is audited. Without JavaScript the whole page comes back."""
    scope = scope_of(request)
    member = get_member_for_user_or_404(scope, member_id, for_write=True)
    number = citizen_id_disclose(member=member, actor=request.user)
    if request.htmx:
        return render(request, "members/_citizen_id.html", {"member": member, "citizen_id_full": number})
    return render(request, "members/detail.html", _detail_context(scope, member, citizen_id_full=number))


# --- forms ------------------------------------------------------------------------------


def _member_form(request, member_id, *, form_class, title: str, submit: str, perform, intro: str = "", initial=None):
    """Show ``form_class`` for a member the user may write. On a valid submission
    ``perform(member, form)`` calls the service and returns the message to show on the
    member's page; a DomainError goes back onto the form."""
    scope = scope_of(request)
    member = get_member_for_user_or_404(scope, member_id, for_write=True)
    form = form_class(request.POST or None, initial=initial(member) if initial else None)
    if submitted(request, form, lambda data: perform(member, form)):
        return redirect("members:detail", member_id=member.pk)
    context = {"member": member, "form": form, "title": title, "submit": submit, "intro": intro}
    return render(request, "members/member_form.html", context)


@require_http_methods(["GET", "POST"])
def register(request):
    scope = scope_of(request)
    if not scope.can_write:
        raise Http404
    default = writable_organization(scope, pk=id_param(request, "org")) or writable_organization(
        scope, pk=scope.user.organization_id
    )
    form = forms.RegisterForm(request.POST or None, initial={"organization": default.code if default else ""}, scope=scope)
    member = None

    def perform(data):
        nonlocal member
        member = services.member_register(
            person=form.person_data(),
            organization=data["organization"],
            admitted_on=data["admitted_on"],
            ceremony_on=data["ceremony_on"],
            recognized_on=data["recognized_on"],
            card_number=data["card_number"],
            reason=data["reason"],
            actor=request.user,
            today=today(),
        )
        return _("%(name)s was registered as a member of %(org)s.") % {
            "name": member.person.full_name,
            "org": member.organization.name,
        }

    if submitted(request, form, perform):
        return redirect("members:detail", member_id=member.pk)
    return render(request, "members/register.html", {"form": form, "writable_organizations": writable_organizations(scope)})


def _person_initial(member) -> dict:
    person = member.person
    return {
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "religion": person.religion,
        "hometown": person.hometown,
        "education": person.education,
    }


@require_http_methods(["GET", "POST"])
def edit(request, member_id):
    def perform(member, form):
        typed = form.cleaned_data["citizen_id"]
        data = form.person_data(citizen_id=typed or member.person.citizen_id)
        try:
            services.member_update_person(member=member, data=data, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            if typed or error.field != "citizen_id":
                raise
            # The stored number was checked against the new birth date or sex; the
            # message would quote it, and it must not reach the page without an audit.
            raise DomainError(
                _("The current citizen ID number does not match this date of birth and sex; enter the correct number."),
                field="citizen_id",
            ) from error
        return _("The personal data of %(name)s were saved.") % {"name": member.person.full_name}

    return _member_form(
        request,
        member_id,
        form_class=forms.EditPersonForm,
        title=_("Correct personal data"),
        submit=_("Save"),
        perform=perform,
        initial=_person_initial,
    )


@require_http_methods(["GET", "POST"])
def recognize(request, member_id):
    def perform(member, form):
        data = form.cleaned_data
        services.member_recognize(member=member, on=data["on"], actor=request.user, reason=data["reason"])
        return _("%(name)s is a full member from %(date)s.") % {"name": member.person.full_name, "date": format_date(data["on"])}

    return _member_form(
        request,
        member_id,
        form_class=forms.RecognizeForm,
        title=_("Recognize as a full member"),
        submit=_("Recognize"),
        perform=perform,
    )


@require_http_methods(["GET", "POST"])
def transfer(request, member_id):
    def perform(member, form):
        data = form.cleaned_data
        services.member_transfer_start(
            member=member,
            on=data["on"],
            destination=data["destination"],
            destination_name=data["destination_name"],
            actor=request.user,
            reason=data["reason"],
        )
        if data["destination"] is not None:
            return _("%(name)s is being transferred to %(org)s and stays in transit until it receives them.") % {
                "name": member.person.full_name,
                "org": data["destination"].name,
            }
        return _("%(name)s was transferred out to %(org)s.") % {"name": member.person.full_name, "org": data["destination_name"]}

    return _member_form(
        request,
        member_id,
        form_class=forms.TransferForm,
        title=_("Permanent transfer"),
        submit=_("Start the transfer"),
        perform=perform,
        intro=_(
            "To an organization in the system the member stays in transit until that organization receives them. "
            "From the transfer date their records belong to it: if it is not one of your organizations, you can "
            "still see the member but no longer change their records."
        ),
    )


@require_http_methods(["GET", "POST"])
def temporary(request, member_id):
    def perform(member, form):
        data = form.cleaned_data
        services.member_transfer_temporary(
            member=member,
            start_on=data["start_on"],
            end_on=data["end_on"],
            host=data["host"],
            host_name=data["host_name"],
            actor=request.user,
            reason=data["reason"],
        )
        return _("The temporary transfer of %(name)s was recorded.") % {"name": member.person.full_name}

    return _member_form(
        request,
        member_id,
        form_class=forms.TemporaryTransferForm,
        title=_("Temporary transfer"),
        submit=_("Record the temporary transfer"),
        perform=perform,
        intro=_("During a temporary transfer the member is still counted in their own organization."),
    )


@require_http_methods(["GET", "POST"])
def end(request, member_id):
    def perform(member, form):
        data = form.cleaned_data
        services.member_end(member=member, status=data["status"], on=data["on"], actor=request.user, reason=data["reason"])
        return _("The membership of %(name)s ended on %(date)s.") % {
            "name": member.person.full_name,
            "date": format_date(data["on"]),
        }

    return _member_form(
        request,
        member_id,
        form_class=forms.EndForm,
        title=_("End the membership"),
        submit=_("End the membership"),
        perform=perform,
        intro=_("Removal from the rolls and expulsion need the reason and the decision."),
    )


@require_http_methods(["GET", "POST"])
def death(request, member_id):
    def perform(member, form):
        data = form.cleaned_data
        services.member_end(member=member, status=Status.DECEASED, on=data["on"], actor=request.user, reason=data["reason"])
        return _("The death of %(name)s on %(date)s was recorded.") % {
            "name": member.person.full_name,
            "date": format_date(data["on"]),
        }

    return _member_form(
        request,
        member_id,
        form_class=forms.DeathForm,
        title=_("Record the death"),
        submit=_("Record the death"),
        perform=perform,
        intro=_("The member's records are kept; from the date of death they no longer count among the members."),
    )


# --- receiving transfers ----------------------------------------------------------------


@require_GET
def incoming(request):
    """Members on their way to an organization the user may write."""
    scope = scope_of(request)
    if not scope.can_write:
        raise Http404
    return render(request, "members/incoming.html", {"periods": incoming_transfer_periods(scope)})


@require_http_methods(["GET", "POST"])
def receive(request, member_id):
    def perform(member, form):
        data = form.cleaned_data
        services.member_transfer_receive(member=member, on=data["on"], actor=request.user, reason=data["reason"])
        return _("%(name)s was received into %(org)s.") % {"name": member.person.full_name, "org": member.organization.name}

    return _member_form(
        request,
        member_id,
        form_class=forms.ReceiveForm,
        title=_("Receive a transferred member"),
        submit=_("Receive"),
        perform=perform,
    )
