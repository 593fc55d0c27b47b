"""Users are bound to one organization and hold one role; their scope is its subtree."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("Organization staff")
    SECRETARY = "secretary", _("Branch secretary")
    VIEWER = "viewer", _("Viewer (read only)")


WRITING_ROLES = (Role.ADMIN, Role.STAFF, Role.SECRETARY)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("organization"),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(organization__isnull=False),
                name="user_bound_to_organization",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """The name in Vietnamese order, family name first: "Lê Văn Hùng"."""
        return f"{self.last_name} {self.first_name}".strip()


class DemoDatabase(models.Model):
    """One row, written by ``seed_demo``, in a database of demo data and nowhere else:
    only there may the demo accounts and their public password exist."""

    marked_at = models.DateTimeField(auto_now_add=True)
