"""Pages of the admission dossier: the dossier page (where it stands, what it lacks and
what comes next), one form per step of the procedure, the records of the dossier
(forms received, sponsors, verification, exceptions, attachments) and the official forms
as .docx. Every object comes through the scoped selectors and every change through the
services; pages that change something answer 404 to users who may not make the change."""

import io

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pdms.audit.access import audit_download
from pdms.core.dates import format_date, today
from pdms.core.errors import DomainError
from pdms.core.views import add_domain_error, scope_of, submitted
from pdms.members.selectors import full_members_count, get_member_for_user_or_404

from ..forms import dossiers as forms
from ..models import SponsorKind, State, VoteStep
from ..rulesets import Level, get_ruleset, ruleset_for
from ..selectors.dossiers import (
    available_forms,
    checklist,
    deadline_rows,
    document_rows,
    form_file,
    get_attachment_for_user_or_404,
    get_deadline_for_user_or_404,
    get_dossier_for_user_or_404,
    get_sponsor_for_user_or_404,
    next_steps,
    open_deadline_for,
    receivable_documents,
    sponsor_choices,
    stepper,
    timeline,
    vote_rows,
)
from ..selectors.sources import get_candidate_for_user_or_404
from ..services import attachments as attachment_services
from ..services import dossiers as services

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SPONSOR_RESULTS = 20


def _detail_url(dossier) -> str:
    return reverse("recruitment:dossier_detail", kwargs={"dossier_id": dossier.pk})


def _to_dossier(dossier):
    return redirect(_detail_url(dossier))


def _form_page(request, *, dossier=None, title: str, form, submit: str, cancel_url: str, subtitle: str = "", hints=()):
    """The one-column page of a small form; ``hints`` are (Bootstrap colour, text) notes."""
    context = {"dossier": dossier, "title": title, "subtitle": subtitle, "form": form, "submit": submit, "cancel_url": cancel_url}
    return render(request, "recruitment/dossiers/form_page.html", context | {"hints": hints})


def _subtitle(dossier) -> str:
    return f"{dossier.person.full_name} · {dossier.organization.name}"


def _dossier_form(request, dossier, form, perform, *, title: str, submit: str, hints=()):
    """A small form that records something on ``dossier`` through ``perform`` (see
    ``submitted``): back to the dossier once recorded, else the form with its errors."""
    if submitted(request, form, perform):
        return _to_dossier(dossier)
    return _form_page(
        request, dossier=dossier, title=title, subtitle=_subtitle(dossier), form=form, submit=submit,
        cancel_url=_detail_url(dossier), hints=hints,
    )


# --- the dossier page -------------------------------------------------------------------


def _detail_context(request, dossier, *, document_form=None, attachment_form=None) -> dict:
    user, on = request.user, today()
    ruleset = get_ruleset(dossier.ruleset)
    branch_writer = services.may_take(user, dossier, Level.BRANCH)
    receivable = receivable_documents(dossier) if branch_writer else []
    if receivable and document_form is None:
        document_form = forms.DocumentReceiveForm(kinds=receivable, initial={"received_on": on, "version": dossier.version})
    if branch_writer and attachment_form is None:
        attachment_form = forms.AttachmentForm()
    steps = next_steps(dossier, user)
    return {
        "dossier": dossier,
        "person": dossier.person,
        "ruleset": ruleset,
        "today": on,
        "stepper": stepper(dossier),
        "checks": checklist(dossier, on),
        "documents": document_rows(dossier),
        "document_form": document_form if receivable else None,
        "sponsors": list(dossier.sponsors.select_related("member__person", "member__organization")),
        "sponsors_required": ruleset.sponsors_required,
        "votes": vote_rows(dossier),
        "decisions": list(dossier.decisions.all()),
        "deadlines": deadline_rows(dossier, user, on),
        "events": timeline(dossier),
        "attachments": list(dossier.attachments.select_related("uploaded_by")),
        "attachment_form": attachment_form,
        "forms": available_forms(dossier),
        "steps": [s for s in steps if s.action != "close"],
        "close_step": next((s for s in steps if s.action == "close"), None),
        "can_write": branch_writer,
        "can_edit": branch_writer and dossier.state == State.PREPARING,
    }


@require_GET
def dossier_detail(request, dossier_id):
    dossier = get_dossier_for_user_or_404(scope_of(request), dossier_id, for_write=False)
    return render(request, "recruitment/dossiers/detail.html", _detail_context(request, dossier))


# --- opening ----------------------------------------------------------------------------


def _open_page(request, holder, form, *, open_dossier, message: str, title: str, submit: str, cancel_url: str, hints=()):
    """The page that opens a procedure for ``holder`` (a candidate or a member). On a
    valid submission ``open_dossier(cleaned_data)`` calls the service and returns the new
    dossier, where the user goes with ``message``."""
    dossier = None

    def perform(data):
        nonlocal dossier
        dossier = open_dossier(data)
        return message

    if submitted(request, form, perform):
        return _to_dossier(dossier)
    return _form_page(
        request, title=title, subtitle=f"{holder.person.full_name} · {holder.organization.name}", form=form, submit=submit,
        cancel_url=cancel_url, hints=hints,
    )


@require_http_methods(["GET", "POST"])
def dossier_open(request, candidate_id):
    """Open the admission dossier of a candidate on the date of the application."""
    candidate = get_candidate_for_user_or_404(scope_of(request), candidate_id, for_write=True)
    return _open_page(
        request, candidate, forms.OpenForm(request.POST or None, initial={"opened_on": today()}),
        open_dossier=lambda data: services.dossier_open(
            candidate=candidate, opened_on=data["opened_on"], actor=request.user, reason=data["reason"]
        ),
        message=_("The admission dossier of %(name)s was opened.") % {"name": candidate.person.full_name},
        title=_("Open the admission dossier"), submit=_("Open the dossier"),
        cancel_url=reverse("recruitment:candidate_detail", kwargs={"candidate_id": candidate.pk}),
    )


@require_http_methods(["GET", "POST"])
def dossier_recognition_open(request, member_id):
    """Open the recognition procedure of a probationary member who has no dossier (e.g.
    registered from paper records)."""
    member = get_member_for_user_or_404(scope_of(request), member_id, for_write=True)
    return _open_page(
        request, member, forms.RecognitionOpenForm(request.POST or None, initial={"ceremony_on": member.ceremony_on}),
        open_dossier=lambda data: services.dossier_open_recognition(
            member=member, ceremony_on=data["ceremony_on"], actor=request.user, reason=data["reason"]
        ),
        message=_("The recognition procedure of %(name)s was opened.") % {"name": member.person.full_name},
        title=_("Open the recognition procedure"), submit=_("Open the procedure"),
        cancel_url=reverse("members:detail", kwargs={"member_id": member.pk}),
        hints=[("info", _("Admitted on %(date)s by the admission decision.") % {"date": format_date(member.admitted_on)})],
    )


# --- the steps of the procedure ---------------------------------------------------------


def _step_hints(dossier, step, form) -> list[tuple[str, str]]:
    hints = []
    deadline = open_deadline_for(dossier, step)
    if deadline:
        if deadline.due_on < today():
            hints.append((
                "danger",
                _("The deadline for this step was %(date)s; record the reason for the delay (or the consent of the superior committee).")
                % {"date": format_date(deadline.due_on)},
            ))
        else:
            hints.append(("info", _("Due by %(date)s.") % {"date": format_date(deadline.due_on)}))
    if step.vote in (VoteStep.BRANCH_ADMISSION, VoteStep.BRANCH_RECOGNITION):
        day = form.cleaned_data.get("held_on") if form.is_bound and hasattr(form, "cleaned_data") else None
        day = day or today()
        threshold = get_ruleset(dossier.ruleset).vote_threshold
        hints.append((
            "secondary",
            _("On %(date)s %(org)s has %(count)s full members: at most that many are entitled to vote, "
              "and %(threshold)s of them must vote in favour.")
            % {"date": format_date(day), "org": dossier.organization.name, "count": full_members_count(dossier.organization, day),
               "threshold": f"{threshold.numerator}/{threshold.denominator}"},
        ))
    if step.level == Level.SUPERIOR and step.vote is None:
        # With the powers of today's rules, whatever the dossier's (see _decision_common).
        hints.append(("secondary", _("Decided by %(authority)s.") % {"authority": ruleset_for(today()).authority}))
    return hints


def _step_initial(dossier, step, form_class) -> dict:
    initial = {"version": dossier.version, "on": today(), "held_on": today()}
    if step.vote in (VoteStep.BRANCH_ADMISSION, VoteStep.BRANCH_RECOGNITION):
        initial["eligible"] = full_members_count(dossier.organization, today())
    return initial


def _date_field(form) -> str:
    return next((name for name in ("on", "held_on", "signed_on") if name in form.fields), "on")


@require_http_methods(["GET", "POST"])
def dossier_step(request, dossier_id, action):
    """Take one step of the procedure. The form posts the dossier's version it was filled
    against; the service refuses it when the dossier changed meanwhile."""
    dossier = get_dossier_for_user_or_404(scope_of(request), dossier_id, for_write=True)
    step = next((s for s in get_ruleset(dossier.ruleset).steps if s.action == action), None)
    if step is None or not services.may_take(request.user, dossier, step.level):
        raise Http404
    available = any(s.action == action for s in services.steps_for(dossier))
    if request.method == "GET" and not available:
        messages.error(request, _("“%(step)s” cannot follow the step “%(state)s” of the dossier of %(name)s.")
                       % {"step": step.label, "state": dossier.get_state_display(), "name": dossier.person.full_name})
        return _to_dossier(dossier)
    form_class = forms.step_form_class(step)
    form = form_class(request.POST or None, step=step, initial=_step_initial(dossier, step, form_class))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.dossier_advance(
                dossier=dossier, action=action, on=form.taken_on(), actor=request.user, expected_version=data["version"],
                reason=data["reason"], vote=form.vote(), decision=form.decision(),
            )
        except DomainError as error:
            if error.field == "on":
                error.field = _date_field(form)
            add_domain_error(form, error)
        else:
            vote = outcome.vote
            if not outcome.advanced:
                messages.warning(
                    request,
                    _("The vote did not reach %(threshold)s (%(for)s of %(eligible)s in favour) and was recorded; "
                      "the dossier stays at its step.")
                    % {"threshold": f"{vote.threshold_numerator}/{vote.threshold_denominator}", "for": vote.votes_for,
                       "eligible": vote.eligible},
                )
            else:
                messages.success(request, _("Recorded: %(step)s. The dossier is now at “%(state)s”.")
                                 % {"step": step.label, "state": outcome.dossier.get_state_display()})
            return _to_dossier(dossier)
    return _form_page(
        request, dossier=dossier, title=str(step.label), subtitle=_subtitle(dossier), form=form, submit=_("Record"),
        cancel_url=_detail_url(dossier), hints=_step_hints(dossier, step, form),
    )


# --- records of the dossier -------------------------------------------------------------


@require_POST
def dossier_document(request, dossier_id):
    """Mark a form of the dossier received (or, with ``remove``, not received)."""
    dossier = get_dossier_for_user_or_404(scope_of(request), dossier_id, for_write=True)
    if "remove" in request.POST:
        remove = forms.DocumentRemoveForm(request.POST)
        if not remove.is_valid():
            raise Http404
        try:
            services.dossier_document_remove(dossier=dossier, kind=remove.cleaned_data["kind"], actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Form %(kind)s was marked as not received.") % {"kind": remove.cleaned_data["kind"]})
        return _to_dossier(dossier)
    form = forms.DocumentReceiveForm(request.POST, kinds=receivable_documents(dossier))

    def perform(data):
        services.dossier_document_receive(
            dossier=dossier, kind=data["kind"], received_on=data["received_on"], note=data["note"], actor=request.user,
            expected_version=data["version"],
        )
        return _("Form %(kind)s was marked as received.") % {"kind": data["kind"]}

    if submitted(request, form, perform):
        return _to_dossier(dossier)
    return render(request, "recruitment/dossiers/detail.html", _detail_context(request, dossier, document_form=form))


@require_http_methods(["GET", "POST"])
def sponsor_add(request, dossier_id):
    """Add a sponsor: a full member found by name, or a union executive committee with its
    resolution."""
    scope = scope_of(request)
    dossier = get_dossier_for_user_or_404(scope, dossier_id, for_write=True)
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    form = forms.SponsorForm(request.POST or None, choices=sponsor_choices(scope, dossier), initial={"kind": SponsorKind.MEMBER})

    def perform(data):
        sponsor = services.sponsor_add(
            dossier=dossier, kind=data["kind"], member=data["member"], body_name=data["body_name"], resolution=data["resolution"],
            known_since=data["known_since"], actor=request.user,
        )
        return _("%(name)s was added as a sponsor.") % {"name": sponsor.name}

    if submitted(request, form, perform):
        return _to_dossier(dossier)
    chosen = form["member"].value()
    context = {
        "dossier": dossier, "form": form, "query": query, "chosen": str(chosen or ""),
        "results": list(sponsor_choices(scope, dossier, query)[:SPONSOR_RESULTS]), "result_limit": SPONSOR_RESULTS,
    }
    if request.htmx and request.htmx.target == "sponsor-results":
        return render(request, "recruitment/dossiers/_sponsor_results.html", context)
    return render(request, "recruitment/dossiers/sponsor_add.html", context)


@require_POST
def sponsor_remove(request, sponsor_id):
    sponsor = get_sponsor_for_user_or_404(scope_of(request), sponsor_id, for_write=True)
    name = sponsor.name
    try:
        services.sponsor_remove(sponsor=sponsor, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is no longer a sponsor.") % {"name": name})
    return _to_dossier(sponsor.dossier)


@require_http_methods(["GET", "POST"])
def dossier_verification(request, dossier_id):
    """Record the conclusion of the background verification."""
    dossier = get_dossier_for_user_or_404(scope_of(request), dossier_id, for_write=True)
    initial = {"on": dossier.verification_on or today(), "result": dossier.verification_result, "note": dossier.verification_note}
    form = forms.VerificationForm(request.POST or None, initial=initial)

    def perform(data):
        services.verification_record(dossier=dossier, on=data["on"], result=data["result"], note=data["note"], actor=request.user)
        return _("The background verification was recorded.")

    return _dossier_form(request, dossier, form, perform, title=_("Background verification"), submit=_("Save"))


@require_http_methods(["GET", "POST"])
def dossier_exceptions(request, dossier_id):
    """Record the exceptions the rules allow: over 60 with consent, lower education."""
    dossier = get_dossier_for_user_or_404(scope_of(request), dossier_id, for_write=True)
    initial = {"over_age_consent": dossier.over_age_consent, "education_exception": dossier.education_exception}
    form = forms.ExceptionsForm(request.POST or None, initial=initial)

    def perform(data):
        services.dossier_exceptions_set(
            dossier=dossier, over_age_consent=data["over_age_consent"], education_exception=data["education_exception"],
            reason=data["reason"], actor=request.user,
        )
        return _("The exceptions were saved.")

    return _dossier_form(request, dossier, form, perform, title=_("Exceptions allowed by the rules"), submit=_("Save"))


@require_http_methods(["GET", "POST"])
def deadline_extend(request, deadline_id):
    """Grant the extension the rules allow; only the superior committee may."""
    deadline = get_deadline_for_user_or_404(scope_of(request), deadline_id, for_write=True)
    dossier = deadline.dossier
    if not services.may_take(request.user, dossier, Level.SUPERIOR):
        raise Http404
    form = forms.DeadlineExtendForm(request.POST or None)

    def perform(data):
        extended = services.deadline_extend(deadline=deadline, reason=data["reason"], actor=request.user)
        return (_("The deadline “%(kind)s” now falls on %(date)s.")
                % {"kind": extended.get_kind_display(), "date": format_date(extended.due_on)})

    rule = get_ruleset(dossier.ruleset).deadline(deadline.kind)
    hints = [("info", _("“%(kind)s” is due on %(date)s; the rules allow %(days)s more working days, once.")
              % {"kind": deadline.get_kind_display(), "date": format_date(deadline.due_on), "days": rule.extension_workdays})]
    return _dossier_form(request, dossier, form, perform, title=_("Extend the deadline"), submit=_("Extend"), hints=hints)


# --- attachments ------------------------------------------------------------------------


@require_POST
def attachment_add(request, dossier_id):
    dossier = get_dossier_for_user_or_404(scope_of(request), dossier_id, for_write=True)
    form = forms.AttachmentForm(request.POST, request.FILES)

    def perform(data):
        attachment = attachment_services.attachment_add(
            dossier=dossier, upload=data["file"], document_kind=data["document_kind"], actor=request.user
        )
        return _("“%(name)s” was attached.") % {"name": attachment.original_name}

    if submitted(request, form, perform):
        return _to_dossier(dossier)
    return render(request, "recruitment/dossiers/detail.html", _detail_context(request, dossier, attachment_form=form))


@never_cache
@require_GET
def attachment_download(request, attachment_id):
    """The scanned file, only through the scoped selector and always as a download, so
    that the browser never renders it in the application's origin."""
    attachment = get_attachment_for_user_or_404(scope_of(request), attachment_id, for_write=False)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    audit_download(
        actor=request.user, what="attachment", obj=attachment, organization=attachment.dossier.organization,
        filename=attachment.original_name,
    )
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type)


@require_POST
def attachment_remove(request, attachment_id):
    attachment = get_attachment_for_user_or_404(scope_of(request), attachment_id, for_write=True)
    try:
        attachment_services.attachment_remove(attachment=attachment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.original_name})
    return _to_dossier(attachment.dossier)


# --- official forms ---------------------------------------------------------------------


@never_cache
@require_GET
def dossier_form(request, dossier_id, form):
    """An official form (.docx) filled from the dossier's records; 404 until the step it
    records has happened."""
    dossier = get_dossier_for_user_or_404(scope_of(request), dossier_id, for_write=False)
    built = form_file(dossier, form)
    if built is None:
        raise Http404
    filename, content = built
    audit_download(actor=request.user, what="dossier_form", obj=dossier, organization=dossier.organization, filename=filename)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=DOCX_TYPE)
