from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from civic311.catalog.models import Department


class Role(models.TextChoices):
    AGENT = "agent", _("311 agent")
    STAFF = "staff", _("department staff")
    MANAGER = "manager", _("department manager")
    EXECUTIVE = "executive", _("executive")
    ADMINISTRATOR = "administrator", _("administrator")


DEPARTMENT_ROLES = frozenset({Role.STAFF, Role.MANAGER})


class StaffMember(models.Model):
    """A city account's role; staff and managers belong to a department."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    role = models.CharField(max_length=13, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["staff", "manager"], department__isnull=False)
                    | ~models.Q(role__in=["staff", "manager"])
                ),
                name="department_role_has_department",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.role in DEPARTMENT_ROLES and self.department_id is None:
            raise ValidationError(
                {"department": _("Department staff and managers need a department.")}
            )
