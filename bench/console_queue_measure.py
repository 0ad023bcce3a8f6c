"""The measuring half of bench/console_queue.py, run in a process of its own with
the benchmark database's settings: route every open request to one
department, make the people who look, and render each queue page."""

import argparse
import json
import re
from typing import Any

import django

from bench.console_queue import DEPARTMENT, PAGES, WARM_UP, clock, timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    django.setup()

    open_count = _route_open_requests()
    people = _people()
    pages = [
        _measure(label, people[who], query, args.repeat) for label, who, query in PAGES
    ]
    with open(args.out, "w") as handle:
        json.dump({"open": open_count, "pages": pages}, handle, indent=2)


def _route_open_requests() -> int:
    from civic311.catalog.models import Department
    from civic311.servicerequests.models import ServiceRequest, Status

    department = Department.objects.get(slug=DEPARTMENT)
    open_requests = ServiceRequest.objects.filter(status=Status.OPEN)
    count = open_requests.update(department=department)
    _analyze()
    return count


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _people() -> dict[str, Any]:
    from django.contrib.auth.models import User

    from civic311.catalog.models import Department
    from civic311.people.models import Role, StaffMember

    home = Department.objects.get(slug=DEPARTMENT)
    people = {}
    for who, role, department in (
        ("staff", Role.STAFF, home),
        ("agent", Role.AGENT, None),
    ):
        user = User.objects.create_user(username=f"bench-{who}")
        StaffMember.objects.create(user=user, role=role, department=department)
        people[who] = user
    return people


def _measure(label: str, user: Any, query: str, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    browser = Client()
    browser.force_login(user)
    path = "/console/queue/" + (f"?{query}" if query else "")
    for _ in range(WARM_UP):
        _get(browser, path)

    seconds = []
    for _ in range(repeat):
        started = clock()
        body = _get(browser, path)
        seconds.append(clock() - started)
    with CaptureQueriesContext(connection) as queries:
        _get(browser, path)

    rows = len(set(re.findall(r'href="/console/requests/(\d+)/"', body)))
    return {
        "label": label,
        "query": query,
        "rows": rows,
        "queries": len(queries),
        **timings(seconds),
    }


def _get(browser: Any, path: str) -> str:
    response = browser.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return str(response.content.decode())


if __name__ == "__main__":
    main()
