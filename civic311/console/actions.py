"""Changes made from the console to many requests at once. Each request
goes through the request actions on its own, in its own transaction, so one
refused leaves the others changed and none is changed halfway."""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from civic311.console.queries.queue import requests_by_public_id
from civic311.lib.actors import Actor
from civic311.lib.problems import InvalidInput
from civic311.people.permissions import NotAllowed
from civic311.servicerequests.actions import assign_request, change_state
from civic311.servicerequests.models import ServiceRequest, State


@dataclass(frozen=True)
class BulkChange:
    """A change to make to each selected request: an assignment when
    ``assignee`` is set, otherwise a move to ``state``."""

    public_ids: list[str]
    assignee: User | None = None
    state: State | None = None
    note: str = ""
    reason: str = ""
    hold_reason: str = ""


@dataclass
class Outcome:
    changed: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # id, why
    denied: int = 0  # refusals by the permission rules


def apply_bulk_change(*, actor: Actor, change: BulkChange) -> Outcome:
    """Apply ``change`` to each request on its own, so that one refused
    leaves the others changed."""
    found = requests_by_public_id(change.public_ids)
    outcome = Outcome()
    for public_id in change.public_ids:
        target = found.get(public_id)
        if target is None:
            outcome.refused.append((public_id, _("There is no such request.")))
        else:
            _apply(actor, change, target, outcome)
    return outcome


def _apply(
    actor: Actor, change: BulkChange, target: ServiceRequest, outcome: Outcome
) -> None:
    # Its own transaction: a request is changed entirely or not at all.
    try:
        with transaction.atomic():
            _act(actor, change, target)
    except NotAllowed as refusal:
        outcome.refused.append((target.public_id, str(refusal)))
        outcome.denied += 1
    except InvalidInput as invalid:
        why = " ".join(problem.message for problem in invalid.problems)
        outcome.refused.append((target.public_id, why))
    else:
        outcome.changed.append(target.public_id)


def _act(actor: Actor, change: BulkChange, target: ServiceRequest) -> None:
    if change.assignee is not None:
        assign_request(
            actor=actor, request=target, assignee=change.assignee, note=change.note
        )
        return
    assert change.state is not None  # _read_change gives one or the other
    change_state(
        actor=actor,
        request=target,
        state=change.state,
        note=change.note,
        reason=change.reason,
        hold_reason=change.hold_reason,
    )
