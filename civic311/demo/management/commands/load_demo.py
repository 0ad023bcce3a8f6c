"""``load_demo``: make sure the demo city is there. Run on every start by
``make run``, so it is quick when there is nothing to do."""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from civic311.demo import accounts
from civic311.demo.loader import (
    DEFAULT_SEED,
    CatalogResult,
    RequestsResult,
    generate_requests,
    load_catalog,
)
from civic311.servicerequests.models import ServiceRequest


class Command(BaseCommand):
    help = (
        "Load the demo city's catalog (created or updated from the data file) "
        "and, when the site has no requests yet, invented requests."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--requests",
            type=int,
            default=3000,
            help="How many requests to invent when there are none (default 3000).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Seed for the random choices; the same seed gives the same demo.",
        )
        parser.add_argument(
            "--years",
            type=float,
            default=5,
            help="How many years back the requests go (default 5).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count, seed, years = options["requests"], options["seed"], options["years"]
        if count < 0 or years <= 0:
            raise CommandError(
                "--requests cannot be negative and --years must be positive."
            )
        started = time.monotonic()

        catalog = load_catalog()
        people = accounts.ensure_people()
        existing = ServiceRequest.objects.count()
        generated = None
        if count and not existing:
            generated = generate_requests(count, seed, years, timezone.now())

        seconds = time.monotonic() - started
        self.stdout.write(_summary(catalog, generated, existing, seconds))
        if people:
            self.stdout.write(
                f"Created {people} demo accounts: "
                f"{', '.join(accounts.PEOPLE)} (see the README for the password)."
            )


def _summary(
    catalog: CatalogResult,
    generated: RequestsResult | None,
    existing: int,
    seconds: float,
) -> str:
    line = (
        f"Demo city: {catalog.departments} departments, {catalog.services} "
        f"services, {catalog.attributes} questions ({catalog.changed} rows "
        "changed); "
    )
    if generated is None:
        line += f"{existing} requests already there, none added"
    else:
        line += (
            f"{generated.requests} requests added with "
            f"{generated.state_changes} status changes, "
            f"{generated.still_open} still open"
        )
    return line + f"; {seconds:.1f} s."
