"""Party awareness courses and new-member courses, who attended and their certificates."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    AWARENESS = "awareness", _("Party awareness course")
    NEW_MEMBER = "new_member", _("New-member course")


class Course(models.Model):
    kind = models.CharField(_("kind of course"), max_length=16, choices=CourseKind.choices)
    title = models.CharField(_("title"), max_length=255)
    organizer = models.CharField(_("organizer"), max_length=255, help_text=_("For example the commune's political centre."))
    # The committee that keeps the record; the course is visible in its subtree.
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="courses", verbose_name=_("organizing committee")
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to"))
    target_group = models.CharField(_("target group"), max_length=255, blank=True)

    class Meta:
        ordering = ["-start_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(end_on__gte=models.F("start_on")), name="course_valid_interval")]

    def __str__(self) -> str:
        return self.title


class Enrollment(models.Model):
    """A person in a course. ``organization`` is the one that sent them (their branch), so
    completions count where the person stands."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="enrollments")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="enrollments")
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    certificate_on = models.DateField(_("certificate date"), null=True, blank=True)

    class Meta:
        ordering = ["course", "person__sort_given", "person__sort_family", "person__sort_middle"]
        indexes = [models.Index(fields=["organization", "completed_on"], name="enrollment_org_done_idx")]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="enrollment_once_per_course")]
