"""Show the SQL behind each benchmarked Open311 URL, with its plan.

Run against a database that bench/run.py filled (PostgreSQL keeps
``civic311_bench`` after a run):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/civic311_bench \\
    SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))') \\
    ENVIRONMENT=staging DJANGO_SETTINGS_MODULE=bench.benchsite.settings \\
    .venv/bin/python -m bench.explain

Each URL is fetched once through Django's test client; every query it runs
is printed with its time and EXPLAIN (ANALYZE on PostgreSQL, QUERY PLAN on
SQLite), so a slow endpoint shows where the time goes.
"""

import argparse
import time
from collections.abc import Callable, Sequence
from typing import Any

import django


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="URLs to explain instead")
    args = parser.parse_args(argv)
    django.setup()

    for path in args.paths or default_paths():
        explain(path)


def default_paths() -> list[str]:
    from bench.sample import POPULARITY
    from civic311.lib import publicid
    from civic311.servicerequests.models import ServiceRequest

    listing = "/open311/v2/requests.json?page_size=100"
    middle = ServiceRequest.objects.order_by("id").values_list("id", flat=True)
    some_id = middle[middle.count() // 2]
    return [
        listing,
        f"{listing}&service_code={POPULARITY[0]}&status=open",
        f"{listing}&page=50",
        f"/open311/v2/requests/{publicid.encode(some_id)}.json",
    ]


def explain(path: str) -> None:
    from django.db import connection
    from django.test import Client

    queries: list[tuple[str, Any, float]] = []
    client = Client(HTTP_HOST="127.0.0.1")
    with connection.execute_wrapper(_recorder(queries)):
        started = time.perf_counter()
        answer = client.get(path)
        total = (time.perf_counter() - started) * 1000

    print(f"\n=== GET {path}: HTTP {answer.status_code}, {len(answer.content)} bytes,")
    spent = sum(duration for _, _, duration in queries)
    print(f"    {total:.1f} ms in all, {spent:.1f} ms in {len(queries)} queries")
    for sql, params, duration in queries:
        print(f"\n--- {duration:.2f} ms\n{sql}\n{params}")
        for line in _plan(connection, sql, params):
            print("    " + line)


def _recorder(queries: list[tuple[str, Any, float]]) -> Callable[..., Any]:
    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            duration = (time.perf_counter() - started) * 1000
            queries.append((sql, params, duration))

    return record


def _plan(connection: Any, sql: str, params: Any) -> list[str]:
    if not sql.lstrip().upper().startswith("SELECT"):
        return []
    if connection.vendor == "postgresql":
        prefix = "EXPLAIN (ANALYZE, BUFFERS) "
    else:
        prefix = "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return [" ".join(str(part) for part in row) for row in cursor.fetchall()]


if __name__ == "__main__":
    main()
