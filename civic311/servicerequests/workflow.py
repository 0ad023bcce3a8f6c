"""The request workflow: which state may follow which, and what each move
needs. Actions consult it; nothing else changes a request's state."""

from dataclasses import dataclass

from civic311.servicerequests.models import State


@dataclass(frozen=True)
class Move:
    """What moving into a state asks of the person who does it."""

    reason: bool = False  # an internal reason, kept in history
    public_note: bool = False  # a note the resident reads


WORKING = frozenset(
    {
        State.SUBMITTED,
        State.ACKNOWLEDGED,
        State.ASSIGNED,
        State.IN_PROGRESS,
        State.ON_HOLD,
        State.REOPENED,
    }
)

# Ways out of the work, from any working state. A duplicate is made by
# merging, which names the parent, so it is not a plain move.
_EXITS = {
    State.RESOLVED: Move(public_note=True),
    # Closed at once, with the resolution, by someone who may close.
    State.CLOSED: Move(public_note=True),
    State.REFERRED: Move(public_note=True),
    State.CANCELLED: Move(reason=True),
}

_FORWARD: dict[State, dict[State, Move]] = {
    State.SUBMITTED: {
        State.ACKNOWLEDGED: Move(),
        State.ASSIGNED: Move(),
        State.IN_PROGRESS: Move(),
        State.ON_HOLD: Move(reason=True),
    },
    State.ACKNOWLEDGED: {
        State.ASSIGNED: Move(),
        State.IN_PROGRESS: Move(),
        State.ON_HOLD: Move(reason=True),
    },
    State.ASSIGNED: {
        State.ACKNOWLEDGED: Move(reason=True),  # given back, unassigned
        State.IN_PROGRESS: Move(),
        State.ON_HOLD: Move(reason=True),
    },
    # A request in progress changes hands by assigning it again, and stays
    # in progress.
    State.IN_PROGRESS: {
        State.ON_HOLD: Move(reason=True),
    },
    State.ON_HOLD: {
        State.ACKNOWLEDGED: Move(),
        State.ASSIGNED: Move(),
        State.IN_PROGRESS: Move(),
    },
    State.REOPENED: {
        State.ACKNOWLEDGED: Move(),
        State.ASSIGNED: Move(),
        State.IN_PROGRESS: Move(),
        State.ON_HOLD: Move(reason=True),
    },
}

TRANSITIONS: dict[State, dict[State, Move]] = {
    **{state: {**moves, **_EXITS} for state, moves in _FORWARD.items()},
    State.RESOLVED: {
        State.CLOSED: Move(),
        State.REOPENED: Move(reason=True),
    },
    State.CLOSED: {State.REOPENED: Move(reason=True)},
    State.DUPLICATE: {State.REOPENED: Move(reason=True)},
    State.REFERRED: {State.REOPENED: Move(reason=True)},
    State.CANCELLED: {State.REOPENED: Move(reason=True)},
}

# Waiting on the resident (for access, a photo, an answer) tells them what
# is needed; waiting on a utility or contractor does not have to.
HOLD_FOR_RESIDENT = Move(reason=True, public_note=True)


def move(before: str, after: str) -> Move | None:
    """What moving from ``before`` to ``after`` needs, or None when the
    workflow does not allow it."""
    return TRANSITIONS.get(State(before), {}).get(State(after))


def next_states(state: str) -> list[State]:
    return list(TRANSITIONS.get(State(state), {}))
