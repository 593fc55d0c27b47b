"""Source pages: the lists of a subtree as of a date, a candidate's page with their
timeline, the forms that change a candidacy, the yearly review and the source groups.
Every object comes through the scoped selectors and every change through the services;
form pages answer 404 to users who may not write the candidate's branch."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pdms.audit.history import history_for
from pdms.audit.list_exports import Column, filter_line, list_download
from pdms.core.dates import today
from pdms.core.errors import DomainError
from pdms.core.views import as_of_param, id_param, scope_of, submitted, year_param
from pdms.members.identity import HeldElsewhere
from pdms.members.page_selectors import organizations_matching
from pdms.members.selectors import get_member_for_user_or_404
from pdms.organizations.models import BRANCH_KINDS
from pdms.organizations.rollup import rollup
from pdms.organizations.selectors import get_organization_for_user_or_404, organization_or_root

from ..forms import sources as forms
from ..models import Candidate, CandidateStatus, EducationLevel, Origin, ReviewOutcome, SourceGroup
from ..models.dossiers import FINAL_STATES
from ..selectors.sources import (
    FOCUS_CHOICES,
    branches_with_counts,
    candidate_timeline,
    candidates_on,
    current_mentorships,
    get_candidate_for_user_or_404,
    mentor_choices,
    open_dossiers_by_person,
    organizations_without_sources,
    review_recorded_on,
    source_rows,
    url_or_empty,
    writable_branches,
)
from ..services import sources as services
from ..services.sources import review_candidates

PAGE_SIZE = 50
EXPORT_CHUNK = 2000
PICKER_LIMIT = 100



# --- the list -----------------------------------------------------------------------------


@require_GET
def sources(request):
    """Candidates on the lists of a subtree as of a date."""
    scope = scope_of(request)
    organization = organization_or_root(scope, request.GET.get("org", "").strip())
    as_of = as_of_param(request)
    query = request.GET.get("q", "").strip()
    group = SourceGroup.objects.filter(pk=id_param(request, "group")).first()
    focus = request.GET.get("focus", "")
    focus = focus if focus in dict(FOCUS_CHOICES) else ""
    orgs = rollup(organization, as_of) if organization is not None else scope.orgs
    candidates = candidates_on(scope, orgs, as_of, query=query, group=group, focus=focus or None)
    if request.GET.get("format") == "xlsx":
        filters = [
            filter_line(_("Organization"), organization.name if organization else ""),
            filter_line(_("As of"), as_of),
            filter_line(_("Name"), query),
            filter_line(_("Source group"), group.name if group else ""),
            filter_line(_("Focus groups"), dict(FOCUS_CHOICES)[focus] if focus else ""),
        ]
        return _sources_download(request, organization, candidates, as_of, filters)
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    org_query = request.GET.get("org_q", "").strip()
    return render(request, "recruitment/sources/list.html", {
        "organization": organization,
        "as_of": as_of,
        "query": query,
        "group": group,
        "groups": SourceGroup.objects.all(),
        "focus": focus,
        "focus_choices": FOCUS_CHOICES,
        "page": page,
        "rows": source_rows(list(page.object_list), as_of),
        "can_add": writable_branches(scope).exists(),
        "org_query": org_query,
        "org_options": organizations_matching(scope, org_query),
    })


def _focus_groups(candidate) -> str:
    marks = [(candidate.ethnic_minority, _("Ethnic minority")), (candidate.religious, _("Religion")), (candidate.youth_union_member, _("Youth Union"))]
    return ", ".join(label for on, label in marks if on)


def _sources_download(request, organization, candidates, as_of, filters):
    """The source list as .xlsx, every page of it, with the filters the page applied."""
    def rows():
        # In chunks: a province's lists hold thousands of people.
        for start in range(0, candidates.count(), EXPORT_CHUNK):
            yield from source_rows(list(candidates[start : start + EXPORT_CHUNK]), as_of)

    columns = [
        Column(_("Full name"), lambda row: row.candidate.person.full_name, width=28),
        Column(_("Date of birth"), lambda row: row.candidate.person.birth_date, width=14),
        Column(_("Branch"), lambda row: row.candidate.organization.name, width=36),
        Column(_("Source group"), lambda row: row.candidate.group.name, width=28),
        Column(_("Focus groups"), lambda row: _focus_groups(row.candidate), width=28),
        Column(_("Mentors"), lambda row: ", ".join(m.person.full_name for m in row.mentors), width=36),
        Column(_("Added on"), lambda row: row.candidate.added_on, width=14),
        Column(_("Admission dossier"), lambda row: row.dossier.get_state_display() if row.dossier else "", width=24),
    ]
    return list_download(
        actor=request.user, what="source_list", organization=organization,
        title=_("Candidate sources") + (f" · {organization.name}" if organization else ""),
        filters=filters, columns=columns, rows=rows(), filename_stem="nguon-phat-trien-dang", day=as_of,
    )


@require_GET
def sources_missing(request):
    """Branches of a subtree with nobody on their source list on a date."""
    scope = scope_of(request)
    organization = organization_or_root(scope, request.GET.get("org", "").strip())
    as_of = as_of_param(request)
    return render(request, "recruitment/sources/missing.html", {
        "organization": organization,
        "as_of": as_of,
        "branches": organizations_without_sources(scope, organization, as_of),
    })


# --- adding a candidate -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def candidate_add(request):
    """Put a person on a branch's list. The branch is chosen first (``?org=``), so the
    form can offer the members who may help them."""
    scope = scope_of(request)
    first_two = list(writable_branches(scope)[:2])
    if not first_two:
        raise Http404
    raw = request.GET.get("org", "").strip()
    if raw:
        organization = get_organization_for_user_or_404(scope, raw, for_write=True)
        if organization.kind not in BRANCH_KINDS:
            raise Http404
    elif len(first_two) == 1:
        organization = first_two[0]
    else:
        org_query = request.GET.get("org_q", "").strip()
        return render(request, "recruitment/sources/choose_branch.html", {
            "branches": writable_branches(scope, org_query)[:PICKER_LIMIT], "org_query": org_query,
        })
    form = forms.CandidateAddForm(request.POST or None, mentors=mentor_choices(scope, organization, today()), initial={"added_on": today()})
    candidate = held_elsewhere = None

    def perform(data):
        nonlocal candidate, held_elsewhere
        try:
            candidate = services.candidate_add(
                organization=organization, person=form.person_data(), group=data["group"], education_level=data["education_level"],
                added_on=data["added_on"], actor=request.user, occupation=data["occupation"], ethnic_minority=data["ethnic_minority"],
                religious=data["religious"], youth_union_member=data["youth_union_member"], residential_area=data["residential_area"],
                origin=data["origin"], origin_note=data["origin_note"], mentors=list(data["mentors"]),
            )
        except HeldElsewhere as error:
            held_elsewhere = error.citizen_id
            raise
        return _("%(name)s was put on the source list of %(org)s.") % {"name": candidate.person.full_name, "org": organization.name}

    if submitted(request, form, perform):
        return redirect("recruitment:candidate_detail", candidate_id=candidate.pk)
    return render(request, "recruitment/sources/add.html", {
        "form": form, "organization": organization, "other_branches": len(first_two) > 1, "held_elsewhere": held_elsewhere,
    })


# --- the candidate's page -----------------------------------------------------------------

HISTORY_ACTIONS = {
    "candidate.add": gettext_lazy("Put on the source list"),
    "candidate.update": gettext_lazy("Candidate's data changed"),
    "candidate.mentor_assign": gettext_lazy("Mentor assigned"),
    "candidate.mentor_end": gettext_lazy("Mentor stopped helping"),
    "candidate.transfer_out": gettext_lazy("Moved to another organization's list"),
    "candidate.transfer_in": gettext_lazy("Transferred in from another organization's list"),
    "candidate.drop": gettext_lazy("Dropped from the list"),
    "candidate.review": gettext_lazy("Yearly review"),
}


def _field_label(name: str) -> str:
    if name.startswith("review_"):
        return _("Review of %(year)s") % {"year": name.removeprefix("review_")}
    try:
        return str(Candidate._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return {"mentor": _("Mentor"), "mentors": _("Mentors"), "assigned_on": _("Assigned on"), "mentor_until": _("Until")}.get(name, name)


def _history(scope, candidate):
    choices = {**dict(CandidateStatus.choices), **dict(ReviewOutcome.choices), **dict(EducationLevel.choices), **dict(Origin.choices)}
    return history_for(scope, object_type="candidate", object_id=candidate.pk, actions=HISTORY_ACTIONS, field_label=_field_label, choices=choices)


@require_GET
def candidate_detail(request, candidate_id):
    scope = scope_of(request)
    candidate = get_candidate_for_user_or_404(scope, candidate_id, for_write=False)
    can_write = scope.can_write_org(candidate.organization) and candidate.is_open
    dossier = open_dossiers_by_person([candidate.person_id]).get(candidate.person_id)
    dossier_in_progress = dossier is not None and dossier.state not in FINAL_STATES
    may_open_dossier = can_write and candidate.status == CandidateStatus.SOURCE and not dossier_in_progress
    return render(request, "recruitment/sources/detail.html", {
        "candidate": candidate,
        "person": candidate.person,
        "can_write": can_write,
        "mentorships": current_mentorships(candidate),
        "timeline": candidate_timeline(candidate, scope=scope),
        "dossier": dossier,
        "dossier_in_progress": dossier_in_progress,
        "dossier_url": url_or_empty("recruitment:dossier_detail", dossier_id=dossier.pk) if dossier and dossier.organization_id in scope.orgs else "",
        "dossier_open_url": url_or_empty("recruitment:dossier_open", candidate_id=candidate.pk) if may_open_dossier else "",
        "history": _history(scope, candidate),
        "today": today(),
        "mentor_end_form": forms.MentorEndForm(initial={"on": today()}),
    })


def _candidate_form(request, candidate_id, *, form_class, title: str, submit: str, perform, intro: str = "", form_kwargs=None, initial=None, context=None):
    """Show ``form_class`` for a candidacy the user may write. On a valid submission
    ``perform(candidate, cleaned_data)`` calls the service and returns the message to show
    and the candidacy to go to; a DomainError goes back onto the form."""
    scope = scope_of(request)
    candidate = get_candidate_for_user_or_404(scope, candidate_id, for_write=True)
    if not candidate.is_open:
        raise Http404
    kwargs = form_kwargs(scope, candidate) if form_kwargs else {}
    form = form_class(request.POST or None, initial=initial(candidate) if initial else {"on": today()}, **kwargs)
    target = None

    def run(data):
        nonlocal target
        message, target = perform(candidate, data)
        return message

    if submitted(request, form, run):
        if target is None:
            return redirect("recruitment:sources")
        return redirect("recruitment:candidate_detail", candidate_id=target.pk)
    return render(request, "recruitment/sources/candidate_form.html", {
        "candidate": candidate, "form": form, "title": title, "submit": submit, "intro": intro, **(context or {}),
    })


@require_http_methods(["GET", "POST"])
def candidate_edit(request, candidate_id):
    def perform(candidate, data):
        services.candidate_update(
            candidate=candidate, actor=request.user, reason=data["reason"],
            **{name: data[name] for name in services.UPDATABLE_FIELDS},
        )
        return _("The data of %(name)s were saved.") % {"name": candidate.person.full_name}, candidate

    return _candidate_form(
        request, candidate_id, form_class=forms.CandidateEditForm, title=_("Edit the candidate's data"), submit=_("Save"), perform=perform,
        form_kwargs=lambda scope, candidate: {"candidate": candidate},
        initial=lambda c: {name: getattr(c, name) for name in services.UPDATABLE_FIELDS},
    )


@require_http_methods(["GET", "POST"])
def mentor_assign(request, candidate_id):
    def perform(candidate, data):
        services.mentor_assign(candidate=candidate, member=data["member"], on=data["on"], actor=request.user)
        return _("%(mentor)s was assigned to help %(name)s.") % {"mentor": data["member"].person.full_name, "name": candidate.person.full_name}, candidate

    return _candidate_form(
        request, candidate_id, form_class=forms.MentorAssignForm, title=_("Assign a mentor"), submit=_("Assign"), perform=perform,
        intro=_("A mentor is a full member of the same grassroots organization who follows and helps the candidate."),
        form_kwargs=lambda scope, candidate: {"members": mentor_choices(scope, candidate.organization, today())},
    )


@require_POST
def mentor_end(request, candidate_id, member_id):
    scope = scope_of(request)
    candidate = get_candidate_for_user_or_404(scope, candidate_id, for_write=True)
    member = get_member_for_user_or_404(scope, member_id, for_write=False)
    mentorship = candidate.mentorships.filter(member=member, ended_on__isnull=True).first()
    if mentorship is None:
        raise Http404
    form = forms.MentorEndForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("recruitment:candidate_detail", candidate_id=candidate.pk)
    try:
        services.mentor_end(mentorship=mentorship, on=form.cleaned_data["on"], actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(mentor)s no longer helps %(name)s.") % {"mentor": member.person.full_name, "name": candidate.person.full_name})
    return redirect("recruitment:candidate_detail", candidate_id=candidate.pk)


@require_http_methods(["GET", "POST"])
def candidate_transfer(request, candidate_id):
    def perform(candidate, data):
        moved = services.candidate_transfer(candidate=candidate, organization=data["organization"], on=data["on"], actor=request.user, reason=data["reason"])
        message = _("%(name)s was moved to the source list of %(org)s.") % {"name": candidate.person.full_name, "org": moved.organization.name}
        return message, (moved if moved.organization_id in scope_of(request).orgs else candidate)

    return _candidate_form(
        request, candidate_id, form_class=forms.TransferForm, title=_("Move to another branch's list"), submit=_("Move to that list"), perform=perform,
        intro=_("The candidacy here ends and a new one starts on the other branch's list with the same data; mentors are not carried over."),
        context={"branches": writable_branches(scope_of(request))[:PICKER_LIMIT]},
    )


@require_http_methods(["GET", "POST"])
def candidate_drop(request, candidate_id):
    def perform(candidate, data):
        services.candidate_drop(candidate=candidate, on=data["on"], reason=data["reason"], actor=request.user)
        return _("%(name)s was dropped from the source list.") % {"name": candidate.person.full_name}, candidate

    return _candidate_form(
        request, candidate_id, form_class=forms.DropForm, title=_("Drop from the list"), submit=_("Drop from the list"), perform=perform,
    )


# --- the yearly review --------------------------------------------------------------------


def _year_param(request) -> int:
    return year_param(request, "year", today().year, last=today().year)


@require_http_methods(["GET", "POST"])
def source_review(request):
    """The yearly review of a branch's list: every candidate kept, admitted or dropped.
    Without a branch, the branches of the subtree to choose from, with their list size."""
    scope = scope_of(request)
    organization = organization_or_root(scope, request.GET.get("org", "").strip())
    year = _year_param(request)
    if organization is None or organization.kind not in BRANCH_KINDS:
        if request.method == "POST":
            raise Http404
        day = min(today(), dt.date(year, 12, 31))
        return render(request, "recruitment/sources/review_choose.html", {
            "organization": organization, "year": year, "day": day, "branches": branches_with_counts(scope, organization, day),
        })
    can_write = scope.can_write_org(organization)
    if request.method == "POST" and not can_write:
        raise Http404
    recorded_on = review_recorded_on(organization, year)
    day = recorded_on or min(today(), dt.date(year, 12, 31))
    if request.method == "POST":
        # Who must be decided depends on the date of the meeting being recorded.
        posted = forms.SourceReviewForm(request.POST, candidates=[])
        day = posted.cleaned_data["reviewed_on"] if posted.is_valid() else day
    candidates, required, earlier = review_candidates(organization, year, day)
    initial = {"reviewed_on": recorded_on or min(today(), dt.date(year, 12, 31))}
    for candidate in candidates:
        review = earlier.get(candidate.pk)
        if review is not None:
            initial[f"outcome_{candidate.pk}"], initial[f"reason_{candidate.pk}"] = review.outcome, review.reason
        elif candidate.status == CandidateStatus.ADMITTED:
            initial[f"outcome_{candidate.pk}"] = ReviewOutcome.ADMITTED
    form = forms.SourceReviewForm(request.POST or None, candidates=candidates, initial=initial)
    if not can_write:
        for field in form.fields.values():
            field.disabled = True

    def perform(data):
        services.source_review_record(
            organization=organization, year=year, decisions=form.decisions(), reviewed_on=data["reviewed_on"], actor=request.user
        )
        return _("The review of %(year)s of %(org)s was saved.") % {"year": year, "org": organization.name}

    if submitted(request, form, perform):
        return redirect(f"{reverse('recruitment:source_review')}?{urlencode({'org': organization.pk, 'year': year})}")
    return render(request, "recruitment/sources/review.html", {
        "organization": organization, "year": year, "form": form, "can_write": can_write, "required": required,
        "reviewed": bool(earlier),
    })


# --- source groups ------------------------------------------------------------------------


def _require_admin(request):
    scope = scope_of(request)
    if not scope.is_admin:
        raise Http404
    return scope


@require_http_methods(["GET", "POST"])
def source_groups(request):
    """The editable list of source groups (administrators only)."""
    _require_admin(request)
    form = forms.SourceGroupAddForm(request.POST or None)

    def perform(data):
        group = services.source_group_add(name=data["name"], actor=request.user)
        return _("The source group “%(name)s” was added.") % {"name": group.name}

    if submitted(request, form, perform):
        return redirect("recruitment:source_groups")
    rows = [(group, forms.SourceGroupEditForm(initial={"name": group.name, "position": group.position, "active": group.active}, prefix=f"g{group.pk}"))
            for group in SourceGroup.objects.all()]
    return render(request, "recruitment/sources/groups.html", {"form": form, "rows": rows})


@require_POST
def source_group_edit(request, group_id):
    _require_admin(request)
    group = SourceGroup.objects.filter(pk=group_id).first()
    if group is None:
        raise Http404
    form = forms.SourceGroupEditForm(request.POST, prefix=f"g{group.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.source_group_update(group=group, name=data["name"], position=data["position"], active=data["active"], actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The source group “%(name)s” was saved.") % {"name": data["name"]})
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("recruitment:source_groups")

