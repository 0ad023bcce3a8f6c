"""Who may do what to which request.

The rules, by role:

- 311 agents take requests for any service, read every request, add notes
  and review emergency flags (they are on the phone when one comes in).
- Department staff work their own department's requests: acknowledge,
  assign, start, put on hold, resolve, refer, merge duplicates, add notes.
- Department managers do what their staff do, and also close, cancel,
  reopen and send a request to another department.
- Executives read everything and change nothing.
- Administrators do everything.

The system itself (imports, scheduled work) may do everything; an API
client may only file requests. Actions call ``require``; pages call
``may`` to show only what the user can do.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from civic311.lib.actors import Actor
from civic311.people.models import DEPARTMENT_ROLES, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from civic311.servicerequests.models import ServiceRequest


class Verb(StrEnum):
    VIEW = "view"
    SUBMIT = "submit"
    NOTE = "note"
    TRIAGE = "triage"
    WORK = "work"
    MANAGE = "manage"


_ALLOWED: dict[Role, frozenset[Verb]] = {
    Role.AGENT: frozenset({Verb.VIEW, Verb.SUBMIT, Verb.NOTE, Verb.TRIAGE}),
    Role.STAFF: frozenset({Verb.VIEW, Verb.SUBMIT, Verb.NOTE, Verb.TRIAGE, Verb.WORK}),
    Role.MANAGER: frozenset(Verb),
    Role.EXECUTIVE: frozenset({Verb.VIEW}),
    Role.ADMINISTRATOR: frozenset(Verb),
}

# Verbs that need no particular request, or reach every department's.
_ANY_DEPARTMENT = frozenset({Verb.VIEW, Verb.SUBMIT})


class NotAllowed(Exception):
    """The actor may not do this; the message says why, for the user."""


def role_of(user: "AbstractBaseUser | AnonymousUser | None") -> Role | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMINISTRATOR
    staff = getattr(user, "staff", None)
    return Role(staff.role) if staff is not None else None


def may(actor: Actor, verb: Verb, request: "ServiceRequest | None" = None) -> bool:
    if actor.user is None:
        return actor.api_client is None or verb == Verb.SUBMIT
    role = role_of(actor.user)
    if role is None or verb not in _ALLOWED[role]:
        return False
    if role not in DEPARTMENT_ROLES or verb in _ANY_DEPARTMENT or request is None:
        return True
    return request.department_id == _department_id(actor.user)


def require(actor: Actor, verb: Verb, request: "ServiceRequest | None" = None) -> None:
    if may(actor, verb, request):
        return
    role = role_of(actor.user)
    if role in DEPARTMENT_ROLES and verb in _ALLOWED[role] and request is not None:
        raise NotAllowed(
            _("Request %(id)s belongs to another department.")
            % {"id": request.public_id}
        )
    raise NotAllowed(_("Your role does not allow this."))


def actionable(
    actor: Actor, requests: "QuerySet[ServiceRequest]"
) -> "QuerySet[ServiceRequest]":
    """The part of ``requests`` the actor may work on."""
    if actor.user is None:
        return requests if actor.api_client is None else requests.none()
    role = role_of(actor.user)
    if role is None or Verb.WORK not in _ALLOWED[role]:
        return requests.none()
    if role not in DEPARTMENT_ROLES:
        return requests
    department_id = _department_id(actor.user)
    if department_id is None:
        return requests.none()
    return requests.filter(department_id=department_id)


def _department_id(user: object) -> int | None:
    """The department of a staff member or manager; role_of has checked
    that the user has a staff row."""
    staff = getattr(user, "staff", None)
    return None if staff is None else staff.department_id
