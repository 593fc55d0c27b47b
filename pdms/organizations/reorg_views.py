"""The reorganization forms: found a subordinate organization, rename, move, set or unset
the branch committee, dissolve, merge and split. An organization outside the user's scope
is not found (404); one they see but may not reorganize — only the committee above may —
is refused (403). Every change goes through ``organizations.services`` with the user as
actor, and the services check the same rights again."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pdms.core.dates import format_date, today
from pdms.core.views import scope_of, submitted
from pdms.members.selectors import members_active_in

from . import forms, services
from .models import BRANCH_KINDS
from .page_selectors import live_children
from .permissions import require_reorganize, require_reorganize_under
from .selectors import get_organization_for_user_or_404


def _args(form, actor) -> dict:
    """What every reorganization service takes: date, decision, reason and actor."""
    data = form.cleaned_data
    return {"on": data["on"], "decision": data["decision"], "reason": data["reason"], "actor": actor}


def _reorganize(
    request, org_id, *, form_class, title: str, intro: str, perform, allowed=None, with_assignments=False, under=False
):
    """Show the form; on a valid post run ``perform(form, organization, actor)``, which
    returns the organization to go to and the success message. ``allowed`` tells whether
    the form exists for the organization at all; ``under`` that the form changes what
    stands under the organization rather than the organization itself."""
    scope = scope_of(request)
    organization = get_organization_for_user_or_404(scope, org_id, for_write=False)
    if allowed is not None and not allowed(organization):
        raise Http404
    (require_reorganize_under if under else require_reorganize)(request.user, organization)
    extra = {}
    if with_assignments:
        extra = {"children": live_children(scope, organization), "members": members_active_in({organization.pk})}
    data = request.POST if request.method == "POST" else None
    form = form_class(data, scope=scope, organization=organization, initial={"on": today()}, **extra)
    target = None

    def run(cleaned_data):
        nonlocal target
        target, message = perform(form, organization, request.user)
        return message

    if submitted(request, form, run):
        return redirect("organizations:detail", org_id=target.pk)
    return render(
        request,
        "organizations/reorganize.html",
        {"organization": organization, "form": form, "title": title, "intro": intro},
    )


@require_http_methods(["GET", "POST"])
def found(request, org_id):
    def perform(form, parent, actor):
        data = form.cleaned_data
        args = _args(form, actor)
        org = services.organization_found(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            parent=parent,
            founded_on=args.pop("on"),
            has_committee=data["has_committee"],
            **args,
        )
        return org, _("%(org)s was founded under %(parent)s.") % {"org": org.name, "parent": parent.name}

    return _reorganize(
        request,
        org_id,
        form_class=forms.FoundForm,
        title=_("Found a subordinate organization"),
        intro=_("The new organization stands directly under this one from the effective date."),
        perform=perform,
        allowed=lambda org: bool(forms.kinds_allowed_under(org)),
        under=True,
    )


@require_http_methods(["GET", "POST"])
def rename(request, org_id):
    def perform(form, org, actor):
        old_name = org.name
        services.organization_rename(organization=org, name=form.cleaned_data["name"], **_args(form, actor))
        return org, _("%(old)s is renamed %(new)s.") % {"old": old_name, "new": org.name}

    return _reorganize(
        request,
        org_id,
        form_class=forms.RenameForm,
        title=_("Rename"),
        intro=_("The old name stays in the history; pages as of earlier dates keep showing it."),
        perform=perform,
    )


@require_http_methods(["GET", "POST"])
def move(request, org_id):
    def perform(form, org, actor):
        parent = form.cleaned_data["parent"]
        services.organization_move(organization=org, new_parent=parent, **_args(form, actor))
        return org, _("%(org)s now stands under %(parent)s.") % {"org": org.name, "parent": parent.name}

    return _reorganize(
        request,
        org_id,
        form_class=forms.MoveForm,
        title=_("Move under another parent"),
        intro=_("The organization moves with all its subordinate organizations and members."),
        perform=perform,
    )


@require_http_methods(["GET", "POST"])
def committee(request, org_id):
    def perform(form, org, actor):
        has_committee = form.cleaned_data["has_committee"]
        services.organization_set_committee(organization=org, has_committee=has_committee, **_args(form, actor))
        message = _("%(org)s now has a branch committee.") if has_committee else _("%(org)s no longer has a branch committee.")
        return org, message % {"org": org.name}

    return _reorganize(
        request,
        org_id,
        form_class=forms.CommitteeForm,
        title=_("Branch committee"),
        intro=_("Record from which date the branch has (or no longer has) a branch committee."),
        perform=perform,
        allowed=lambda org: org.kind in BRANCH_KINDS,
    )


@require_http_methods(["GET", "POST"])
def dissolve(request, org_id):
    def perform(form, org, actor):
        data = form.cleaned_data
        services.organization_dissolve(
            organization=org,
            successor=data["successor"],
            child_moves=form.moves("child", form.children),
            member_moves=form.moves("member", form.members),
            **_args(form, actor),
        )
        return org, _("%(org)s is dissolved from %(date)s.") % {"org": org.name, "date": format_date(data["on"])}

    return _reorganize(
        request,
        org_id,
        form_class=forms.DissolveForm,
        title=_("Dissolve"),
        intro=_(
            "Every member and every subordinate organization must go somewhere: to the successor, "
            "or to the organization whose code you give on its line."
        ),
        perform=perform,
        with_assignments=True,
    )


@require_http_methods(["GET", "POST"])
def merge(request, org_id):
    def perform(form, org, actor):
        arguments = form.merge_arguments()
        names = ", ".join(source.name for source in arguments["sources"])
        target = services.organizations_merge(**arguments, **_args(form, actor))
        message = _("%(sources)s merged into %(target)s.") if "into" in arguments else _("%(sources)s merged to form %(target)s.")
        return target, message % {"sources": names, "target": target.name}

    return _reorganize(
        request,
        org_id,
        form_class=forms.MergeForm,
        title=_("Merge"),
        intro=_(
            "The organizations merged end on the effective date; their members and subordinate "
            "organizations move to the organization merged into, and their history rolls up into it."
        ),
        perform=perform,
    )


@require_http_methods(["GET", "POST"])
def split(request, org_id):
    def perform(form, org, actor):
        created = services.organization_split(source=org, **form.split_arguments(), **_args(form, actor))
        names = ", ".join(part.name for part in created)
        return org, _("%(org)s is split into %(parts)s.") % {"org": org.name, "parts": names}

    return _reorganize(
        request,
        org_id,
        form_class=forms.SplitForm,
        title=_("Split"),
        intro=_(
            "Fill in at least two new organizations, then choose for every member and every "
            "subordinate organization which new organization it goes to."
        ),
        perform=perform,
        with_assignments=True,
    )
