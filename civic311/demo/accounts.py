"""The demo city's staff accounts: one person per role, to try the site as
each of them, and a crew per department for the invented work."""

import os

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured

from civic311.catalog.models import Department
from civic311.people.models import Role, StaffMember

# The department the demo's staff member and manager work in.
HOME_DEPARTMENT = "tes"
# Known to everyone on purpose: the demo accounts are for trying the site.
DEFAULT_PASSWORD = "demo"  # noqa: S105

# username: (role, works in the home department)
PEOPLE = {
    "agent": (Role.AGENT, False),
    "staff": (Role.STAFF, True),
    "manager": (Role.MANAGER, True),
    "executive": (Role.EXECUTIVE, False),
    "admin": (Role.ADMINISTRATOR, False),
}


def demo_password() -> str:
    """``DEMO_PASSWORD``, or ``demo`` on a site that is not in production."""
    password = os.environ.get("DEMO_PASSWORD", "")
    if password:
        return password
    if settings.ENVIRONMENT == "production":
        raise ImproperlyConfigured(
            "Set DEMO_PASSWORD to load demo accounts on a production site."
        )
    return DEFAULT_PASSWORD


def ensure_people() -> int:
    """Create the accounts that are missing; existing ones, and their
    passwords, are left alone. Returns how many were created."""
    home = Department.objects.get(slug=HOME_DEPARTMENT)
    created = 0
    for username, (role, at_home) in PEOPLE.items():
        if User.objects.filter(username=username).exists():
            continue
        admin = role == Role.ADMINISTRATOR
        user = User.objects.create_user(
            username=username,
            password=demo_password(),
            is_staff=admin,
            is_superuser=admin,
        )
        department = home if at_home else None
        StaffMember.objects.create(user=user, role=role, department=department)
        created += 1
    return created


def crews() -> dict[int, User]:
    """Who invented requests are assigned to, by department id: the demo's
    staff member at home, elsewhere a crew account that cannot sign in."""
    by_department = {}
    demo_staff = User.objects.filter(username="staff", staff__role=Role.STAFF).first()
    for department in Department.objects.all():
        if department.slug == HOME_DEPARTMENT and demo_staff is not None:
            by_department[department.pk] = demo_staff
            continue
        user, made = User.objects.get_or_create(username=f"crew-{department.slug}")
        if made:
            user.set_unusable_password()
            user.save()
            StaffMember.objects.create(
                user=user, role=Role.STAFF, department=department
            )
        by_department[department.pk] = user
    return by_department
