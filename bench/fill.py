"""Fill a freshly migrated database with service requests, fast.

bench/run.py runs it as ``python -m bench.fill --size N --out FILE`` with
DJANGO_SETTINGS_MODULE and DATABASE_URL set. The catalog and the API client
are made through the ORM; requests, their history and their contacts are
written in bulk (executemany on SQLite, COPY on PostgreSQL) with the
secondary indexes dropped and rebuilt afterwards, then the tables are
analyzed. It writes what the load needs (the API key, the service codes, the
id range) as JSON to FILE.

This skips the submit action on purpose: filing a million requests one by
one would take hours. Every row is still one the action could have made:
status follows state, times are ordered, the department is the service's.
"""

import argparse
import json
import logging
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from typing import Any

import django

logger = logging.getLogger("bench.fill")

DAY = 86_400.0
SPREAD_DAYS = 80
# Requests close with this probability once older than RAMP_DAYS; younger
# ones are more often still open. About 60% are closed overall.
CLOSED_SHARE = 0.632
RAMP_DAYS = 10
MEAN_DAYS_TO_CLOSE = 4
CONTACT_SHARE = 0.3
MEDIA_SHARE = 0.05
CHUNK = 20_000
BBOX = (38.785, 38.845, -77.144, -77.037)

REQUEST_COLUMNS = (
    "id",
    "service_id",
    "department_id",
    "state",
    "status",
    "status_notes",
    "description",
    "lat",
    "long",
    "address",
    "address_id",
    "zipcode",
    "media_url",
    "attributes",
    "channel",
    "language",
    "api_client_id",
    "token",
    "parent_id",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "closed_datetime",
    "reports",
    "assignee_id",
    "hold_reason",
    "referred_to_id",
    "neighbourhood",
    "triage",
    "emergency_kinds",
    "on_time",
)
EVENT_COLUMNS = (
    "id",
    "request_id",
    "at",
    "kind",
    "public",
    "actor_label",
    "actor_user_id",
    "actor_client_id",
    "changes",
    "note",
)
CONTACT_COLUMNS = (
    "id",
    "request_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "account_id",
    "device_id",
)

Row = tuple[Any, ...]


@dataclass
class Catalog:
    """Service ids in order of popularity, with what each row needs."""

    service_ids: list[int]
    codes: list[str]
    department_of: dict[int, int]
    days_of: dict[int, int]


@dataclass
class Values:
    """How one database wants a moment, a uuid and a boolean."""

    moment: Callable[[float], Any]
    token: Callable[[uuid.UUID], Any]
    boolean: Callable[[bool], Any]


@dataclass
class Chunk:
    requests: list[Row]
    events: list[Row]
    contacts: list[Row]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", required=True, help="where to write the JSON")
    parser.add_argument("--seed", type=int, default=311)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    django.setup()

    info = fill(args.size, random.Random(args.seed))
    with open(args.out, "w") as handle:
        json.dump(info, handle, indent=2)


def fill(size: int, rng: random.Random) -> dict[str, Any]:
    from django.db import connection

    _check_schema()
    started = time.perf_counter()
    catalog = create_catalog()
    client_id, key = create_api_client()

    with bulk_loading(connection):
        counts = write_rows(connection, size, catalog, client_id, rng)
    loaded = time.perf_counter()
    analyze(connection)
    finished = time.perf_counter()

    logger.info(
        "filled %s requests in %.1f s (analyze %.1f s)",
        size,
        finished - started,
        finished - loaded,
    )
    return {
        "size": size,
        "vendor": connection.vendor,
        "fill_seconds": round(finished - started, 1),
        "analyze_seconds": round(finished - loaded, 1),
        "api_key": key,
        "service_codes": catalog.codes,
        "first_id": 1,
        "last_id": size,
        **counts,
    }


def _check_schema() -> None:
    """Stop with a clear message when the models gained a column that the
    bulk writer does not fill."""
    from civic311.servicerequests.models import (
        RequestContact,
        RequestEvent,
        ServiceRequest,
    )

    for model, columns in (
        (ServiceRequest, REQUEST_COLUMNS),
        (RequestEvent, EVENT_COLUMNS),
        (RequestContact, CONTACT_COLUMNS),
    ):
        actual = {field.column for field in model._meta.concrete_fields}
        if actual != set(columns):
            sys.exit(
                f"bench/fill.py is out of date for {model.__name__}: the table "
                f"has {sorted(actual - set(columns))} more and "
                f"{sorted(set(columns) - actual)} fewer columns than it writes"
            )


def create_catalog() -> Catalog:
    from bench.sample import CATALOG, POPULARITY
    from civic311.catalog.models import Department, Service

    by_code: dict[str, Service] = {}
    for slug, name, services in CATALOG:
        department = Department.objects.create(slug=slug, name=name)
        for code, service_name, days in services:
            by_code[code] = Service.objects.create(
                service_code=code,
                service_name=service_name,
                description=f"Report: {service_name.lower()}.",
                group=name,
                department=department,
                timeframe_value=days,
                service_notice=f"Usually handled within {days} business days.",
            )

    ordered = [by_code[code] for code in POPULARITY]
    return Catalog(
        service_ids=[service.pk for service in ordered],
        codes=list(POPULARITY),
        department_of={service.pk: service.department_id for service in ordered},
        days_of={service.pk: service.timeframe_value or 5 for service in ordered},
    )


def create_api_client() -> tuple[int, str]:
    from civic311.apiclients.models import ApiClient

    client = ApiClient(name="bench-load", contact_email="bench@example.org")
    key = client.set_new_key()
    client.save()
    return client.pk, key


def write_rows(
    connection: Any, size: int, catalog: Catalog, client_id: int, rng: random.Random
) -> dict[str, int]:
    from django.db import transaction

    from civic311.servicerequests.models import (
        RequestContact,
        RequestEvent,
        ServiceRequest,
    )

    tables = (
        (ServiceRequest._meta.db_table, REQUEST_COLUMNS),
        (RequestEvent._meta.db_table, EVENT_COLUMNS),
        (RequestContact._meta.db_table, CONTACT_COLUMNS),
    )
    counts = {"events": 0, "contacts": 0}
    values = _values_for(connection.vendor)
    with transaction.atomic(), connection.cursor() as cursor:
        for chunk in generate(size, catalog, client_id, rng, values):
            for (table, columns), rows in zip(
                tables, (chunk.requests, chunk.events, chunk.contacts), strict=True
            ):
                _insert(connection, cursor, table, columns, rows)
            counts["events"] += len(chunk.events)
            counts["contacts"] += len(chunk.contacts)

        for sql in _sequence_resets(connection):
            cursor.execute(sql)
    return counts


def _values_for(vendor: str) -> Values:
    if vendor == "postgresql":
        return Values(
            moment=lambda ts: datetime.fromtimestamp(ts, UTC),
            token=lambda token: token,
            boolean=lambda flag: flag,
        )
    # As Django's SQLite backend stores them: naive UTC text, hex uuids.
    return Values(
        moment=lambda ts: str(datetime.fromtimestamp(ts, UTC).replace(tzinfo=None)),
        token=lambda token: token.hex,
        boolean=int,
    )


def _insert(
    connection: Any, cursor: Any, table: str, columns: Sequence[str], rows: list[Row]
) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def _sequence_resets(connection: Any) -> list[str]:
    from django.core.management.color import no_style

    from civic311.servicerequests.models import (
        RequestContact,
        RequestEvent,
        ServiceRequest,
    )

    models = [ServiceRequest, RequestEvent, RequestContact]
    return list(connection.ops.sequence_reset_sql(no_style(), models))


def generate(
    size: int, catalog: Catalog, client_id: int, rng: random.Random, values: Values
) -> Iterator[Chunk]:
    """Rows in chunks, requests numbered 1..size in the order they came in."""
    now = time.time()
    start = now - SPREAD_DAYS * DAY
    moments = sorted(rng.uniform(start, now - 60) for _ in range(size))
    weights = [1 / rank**1.1 for rank in range(1, len(catalog.service_ids) + 1)]
    services = rng.choices(
        catalog.service_ids, cum_weights=list(accumulate(weights)), k=size
    )
    maker = RowMaker(catalog, client_id, rng, values, now)

    for begin in range(0, size, CHUNK):
        chunk = Chunk([], [], [])
        for index in range(begin, min(begin + CHUNK, size)):
            maker.add(chunk, index + 1, moments[index], services[index])
        yield chunk
        if (begin + CHUNK) % 200_000 == 0:
            logger.info("  %s requests written", begin + CHUNK)


class RowMaker:
    """Makes the rows of one request: itself, its history, its contact."""

    def __init__(
        self,
        catalog: Catalog,
        client_id: int,
        rng: random.Random,
        values: Values,
        now: float,
    ) -> None:
        from bench import sample

        self.catalog = catalog
        self.client_id = client_id
        self.rng = rng
        self.values = values
        self.now = now
        self.sample = sample
        self.event_id = 0
        self.contact_id = 0
        self.open_states = _weighted(sample.OPEN_STATES)
        self.closed_states = _weighted(sample.CLOSED_STATES)
        self.channels = _weighted(sample.CHANNELS)
        self.languages = _weighted(sample.LANGUAGES)

    def add(self, chunk: Chunk, pk: int, requested: float, service_id: int) -> None:
        rng, sample, moment = self.rng, self.sample, self.values.moment
        age = self.now - requested
        closed = rng.random() < CLOSED_SHARE * min(1.0, age / (RAMP_DAYS * DAY))
        state = _pick(rng, *(self.closed_states if closed else self.open_states))
        if closed:
            took = rng.expovariate(1 / (MEAN_DAYS_TO_CLOSE * DAY))
            updated = closed_at = min(requested + took, self.now - 1)
            notes = rng.choice(sample.CLOSING_NOTES)
        else:
            closed_at = None
            updated = (
                requested if state == "submitted" else requested + rng.random() * age
            )
            notes = ""
        channel = _pick(rng, *self.channels)
        expected = requested + self.catalog.days_of[service_id] * DAY

        chunk.requests.append(
            (
                pk,
                service_id,
                self.catalog.department_of[service_id],
                state,
                "closed" if closed else "open",
                notes,
                f"{rng.choice(sample.PROBLEMS)} {rng.choice(sample.PLACES)}.",
                round(rng.uniform(BBOX[0], BBOX[1]), 6),
                round(rng.uniform(BBOX[2], BBOX[3]), 6),
                f"{rng.randint(100, 4999)} {rng.choice(sample.STREETS)}",
                "",
                rng.choice(sample.ZIPCODES),
                f"https://photos.example.org/{pk}.jpg"
                if rng.random() < MEDIA_SHARE
                else "",
                "{}",
                channel,
                _pick(rng, *self.languages),
                self.client_id if channel == "api" else None,
                self.values.token(uuid.UUID(int=rng.getrandbits(128), version=4)),
                rng.randint(1, pk - 1) if state == "duplicate" and pk > 1 else None,
                moment(requested),
                moment(updated),
                moment(expected),
                moment(closed_at) if closed_at is not None else None,
                1,
                None,
                "third_party" if state == "on_hold" else "",
                None,
                rng.choice(sample.NEIGHBOURHOODS),
                "",
                "[]",
                self.values.boolean(closed_at <= expected)
                if closed_at is not None and state in ("resolved", "closed")
                else None,
            )
        )
        self._history(chunk, pk, channel, requested, state, updated, notes)
        if rng.random() < CONTACT_SHARE:
            self.contact_id += 1
            chunk.contacts.append(
                (self.contact_id, pk, "", "", f"resident{pk}@example.org", "", "", "")
            )

    def _history(
        self,
        chunk: Chunk,
        pk: int,
        channel: str,
        requested: float,
        state: str,
        updated: float,
        notes: str,
    ) -> None:
        moment, public = self.values.moment, self.values.boolean(True)
        by_client = channel == "api"
        self.event_id += 1
        chunk.events.append(
            (
                self.event_id,
                pk,
                moment(requested),
                "submitted",
                public,
                "api:bench-load" if by_client else channel,
                None,
                self.client_id if by_client else None,
                "{}",
                "",
            )
        )
        if state == "submitted":
            return
        self.event_id += 1
        chunk.events.append(
            (
                self.event_id,
                pk,
                moment(updated),
                "state_changed",
                public,
                "system:bench",
                None,
                None,
                json.dumps({"state": ["submitted", state]}),
                notes,
            )
        )


def _weighted(pairs: Sequence[tuple[str, int]]) -> tuple[list[str], list[int]]:
    return [name for name, _ in pairs], list(accumulate(weight for _, weight in pairs))


def _pick(rng: random.Random, names: list[str], cumulative: list[int]) -> str:
    return rng.choices(names, cum_weights=cumulative)[0]


@contextmanager
def bulk_loading(connection: Any) -> Iterator[None]:
    """Drop the secondary indexes of the filled tables while rows go in,
    then build them again: one sort per index instead of a million
    inserts into each."""
    from civic311.servicerequests.models import (
        RequestContact,
        RequestEvent,
        ServiceRequest,
    )

    tables = [m._meta.db_table for m in (ServiceRequest, RequestEvent, RequestContact)]
    with connection.cursor() as cursor:
        _fast_session(connection, cursor)
        indexes = _secondary_indexes(connection, cursor, tables)
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")

    yield

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        _normal_session(connection, cursor)
    logger.info(
        "rebuilt %s indexes in %.1f s", len(indexes), time.perf_counter() - started
    )


def _fast_session(connection: Any, cursor: Any) -> None:
    if connection.vendor == "postgresql":
        # Foreign keys are right by construction; replica mode skips their
        # per-row triggers, which would otherwise dominate the load.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        return
    # A throwaway file: no journal and no fsync while it is filled.
    cursor.execute("PRAGMA journal_mode = OFF")
    cursor.execute("PRAGMA synchronous = OFF")
    cursor.execute("PRAGMA cache_size = -400000")


def _normal_session(connection: Any, cursor: Any) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("RESET session_replication_role")
        cursor.execute("RESET synchronous_commit")
        return
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")


def _secondary_indexes(
    connection: Any, cursor: Any, tables: list[str]
) -> list[tuple[str, str]]:
    """(name, CREATE statement) of each index that backs no constraint."""
    found: list[tuple[str, str]] = []
    for table in tables:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE schemaname = current_schema() AND tablename = %s"
                " AND indexname NOT IN (SELECT conname FROM pg_constraint"
                " WHERE conrelid = %s::regclass)",
                [table, table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                " AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
        found += cursor.fetchall()
    return found


def analyze(connection: Any) -> None:
    """Fresh planner statistics, as a live database would have. On
    PostgreSQL a VACUUM too, so that autovacuum does not start on the new
    rows in the middle of a measurement."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


if __name__ == "__main__":
    main()
