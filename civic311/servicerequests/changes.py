"""The request change counter: how many changes requests have had.

Caches of public answers key on it (``civic311/open311/cache.py``). Every
action bumps it in its own transaction; readers take it from a per-process
copy that is read again from the database when it is older than
``CHANGES_RECHECK_SECONDS``, or at once after this process changed a
request. So a change made through this process shows in the next answer,
and one made through another process (another server worker, a command)
within that many seconds.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from civic311.servicerequests.models import ChangeCounter

# Replaced in tests to move time on.
clock = time.monotonic


@dataclass(frozen=True)
class _Seen:
    value: int
    at: float


_seen: _Seen | None = None


def current() -> int:
    """The counter's value, as of at most ``CHANGES_RECHECK_SECONDS`` ago."""
    global _seen
    now = clock()
    seen = _seen
    if seen is not None and now - seen.at < settings.CHANGES_RECHECK_SECONDS:
        return seen.value
    # In plain SQL: the same query built by the ORM took longer than the
    # cache lookup the value guards.
    table = connection.ops.quote_name(ChangeCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    value = row[0] if row else 0
    _seen = _Seen(value, now)
    return value


def count_change() -> None:
    """Bump the counter inside the caller's transaction."""
    bumped = ChangeCounter.objects.filter(pk=1).update(value=F("value") + 1)
    if not bumped:  # the row is made by a migration, but a flush removes it
        ChangeCounter.objects.get_or_create(pk=1, defaults={"value": 1})
    # Forget the copy now, for reads later in this transaction, and again
    # at commit, in case another thread of this process read it meanwhile.
    forget()
    transaction.on_commit(forget)


def forget() -> None:
    global _seen
    _seen = None
