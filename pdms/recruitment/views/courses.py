"""Course pages: the list, a course with its people and their certificates, and the
forms that record them. Only users who may write the committee keeping a course change
it; users whose people attend a course see it with their people only."""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pdms.audit.history import history_for
from pdms.core.dates import today
from pdms.core.errors import DomainError
from pdms.core.views import scope_of, submitted, year_param

from ..forms import courses as forms
from ..models import Course, CourseKind
from ..selectors.courses import (
    course_keepers,
    courses_list,
    enrollments_visible,
    get_course_for_user_or_404,
    get_enrollment_for_user_or_404,
    people_to_enroll,
    person_to_enroll,
)
from ..services import courses as services
from ..services.courses import COURSE_FIELDS

HISTORY_ACTIONS = {
    "course.create": gettext_lazy("Course recorded"),
    "course.update": gettext_lazy("Course corrected"),
    "course.enroll": gettext_lazy("Enrolled"),
    "course.unenroll": gettext_lazy("Taken off the course"),
    "course.complete": gettext_lazy("Completion recorded"),
}


@require_GET
def courses(request):
    scope = scope_of(request)
    kind = request.GET.get("kind", "")
    year = year_param(request, "year", None)
    return render(request, "recruitment/courses/list.html", {
        "courses": courses_list(scope, kind=kind, year=year)[:200],
        "kind": kind if kind in CourseKind.values else "",
        "kinds": CourseKind.choices,
        "year": year or "",
        "can_add": course_keepers(scope).exists(),
    })


@require_http_methods(["GET", "POST"])
def course_add(request):
    scope = scope_of(request)
    organizations = course_keepers(scope)
    if not organizations.exists():
        raise Http404
    form = forms.CourseAddForm(request.POST or None, organizations=organizations, initial={"organization": scope.user.organization_id})
    course = None

    def perform(data):
        nonlocal course
        course = services.course_create(actor=request.user, organization=data["organization"], **{f: data[f] for f in COURSE_FIELDS})
        return _("The course “%(title)s” was recorded.") % {"title": course.title}

    if submitted(request, form, perform):
        return redirect("recruitment:course_detail", course_id=course.pk)
    return render(request, "recruitment/courses/form.html", {"form": form, "title": _("Record a course"), "submit": _("Record")})


def _field_label(name: str) -> str:
    labels = {
        "kind": _("Kind of course"), "organization": _("Committee keeping the record"), "enrolled": _("Enrolled"), "enrollee": _("Course participant"),
        "sent_by": _("Sent by"), "completed_on": _("Completed on"), "certificate_number": _("Certificate number"),
        "certificate_on": _("Certificate date"),
    }
    if name in labels:
        return labels[name]
    try:
        return str(Course._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


@require_GET
def course_detail(request, course_id):
    scope = scope_of(request)
    course = get_course_for_user_or_404(scope, course_id, for_write=False)
    can_write = scope.can_write_org(course.organization)
    query = request.GET.get("q", "").strip()
    context = {
        "course": course,
        "can_write": can_write,
        "enrollments": enrollments_visible(scope, course),
        "query": query,
        "found": people_to_enroll(scope, course, query, today()) if can_write else [],
        "history": history_for(scope, object_type="course", object_id=course.pk, actions=HISTORY_ACTIONS, field_label=_field_label,
                               choices=dict(CourseKind.choices)) if can_write else [],
    }
    if request.htmx and request.htmx.target == "found":
        return render(request, "recruitment/courses/_found.html", context)
    return render(request, "recruitment/courses/detail.html", context)


@require_http_methods(["GET", "POST"])
def course_edit(request, course_id):
    scope = scope_of(request)
    course = get_course_for_user_or_404(scope, course_id, for_write=True)
    form = forms.CourseEditForm(request.POST or None, initial={f: getattr(course, f) for f in COURSE_FIELDS})

    def perform(data):
        services.course_update(course=course, actor=request.user, reason=data["reason"], **{f: data[f] for f in COURSE_FIELDS})
        return _("The course “%(title)s” was saved.") % {"title": data["title"]}

    if submitted(request, form, perform):
        return redirect("recruitment:course_detail", course_id=course.pk)
    return render(request, "recruitment/courses/form.html", {"form": form, "course": course, "title": _("Correct the course"), "submit": _("Save")})


@require_POST
def enrollment_add(request, course_id):
    """Enroll one of the people the course page found; the choice is checked again here."""
    scope = scope_of(request)
    course = get_course_for_user_or_404(scope, course_id, for_write=True)
    form = forms.EnrollForm(request.POST)
    if not form.is_valid():
        raise Http404
    chosen = person_to_enroll(scope, course, form.cleaned_data["person"], today())
    if chosen is None:
        raise Http404
    try:
        enrollment = services.enrollment_add(course=course, person=chosen.person, actor=request.user, organization=chosen.organization)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s was enrolled.") % {"name": enrollment.person.full_name})
    return redirect("recruitment:course_detail", course_id=course.pk)


def _enrollment_form(request, enrollment_id, *, form_class, title: str, submit: str, perform, initial=None, danger=False):
    """Show ``form_class`` for an enrollment the user may write. On a valid submission
    ``perform(enrollment, cleaned_data)`` calls the service and returns the message to
    show on the course page; a DomainError goes back onto the form."""
    scope = scope_of(request)
    enrollment = get_enrollment_for_user_or_404(scope, enrollment_id, for_write=True)
    form = form_class(request.POST or None, initial=initial(enrollment) if initial else None)
    if submitted(request, form, lambda data: perform(enrollment, data)):
        return redirect("recruitment:course_detail", course_id=enrollment.course_id)
    return render(request, "recruitment/courses/enrollment_form.html", {
        "enrollment": enrollment, "course": enrollment.course, "form": form, "title": title, "submit": submit, "danger": danger,
    })


@require_http_methods(["GET", "POST"])
def enrollment_complete(request, enrollment_id):
    def perform(enrollment, data):
        services.enrollment_complete(
            enrollment=enrollment, completed_on=data["completed_on"], certificate_number=data["certificate_number"],
            certificate_on=data["certificate_on"], actor=request.user,
        )
        return _("The completion of %(name)s was recorded.") % {"name": enrollment.person.full_name}

    return _enrollment_form(
        request, enrollment_id, form_class=forms.CompleteForm, title=_("Completion and certificate"), submit=_("Save"), perform=perform,
        initial=lambda e: {
            "completed_on": e.completed_on or min(e.course.end_on, today()), "certificate_number": e.certificate_number,
            "certificate_on": e.certificate_on,
        },
    )


@require_http_methods(["GET", "POST"])
def enrollment_remove(request, enrollment_id):
    def perform(enrollment, data):
        services.enrollment_remove(enrollment=enrollment, actor=request.user, reason=data["reason"])
        return _("%(name)s was taken off the course.") % {"name": enrollment.person.full_name}

    return _enrollment_form(
        request, enrollment_id, form_class=forms.RemoveForm, title=_("Take off the course"), submit=_("Take off the course"),
        perform=perform, danger=True,
    )
