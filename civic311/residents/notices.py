"""When residents hear of a change: once it has committed, and never
while news is paused (loading years of invented demo history)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

_paused: ContextVar[bool] = ContextVar("notices_paused", default=False)


@contextmanager
def paused() -> Iterator[None]:
    """Send no email for what happens inside the block."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def announce(event_id: int) -> None:
    """Queue the email about a public event, for after the commit."""
    if _paused.get():
        return
    from civic311.residents.tasks import email_update

    transaction.on_commit(lambda: email_update.enqueue(event_id))


def ask_to_confirm(subscription_id: int) -> None:
    if _paused.get():
        return
    from civic311.residents.tasks import email_confirmation

    transaction.on_commit(lambda: email_confirmation.enqueue(subscription_id))


def send_sign_in_link(link_id: int) -> None:
    from civic311.residents.tasks import email_sign_in_link

    transaction.on_commit(lambda: email_sign_in_link.enqueue(link_id))
