"""``civic311 apikey``: create, list, revoke and rotate API client keys.

``create`` and ``rotate`` print the key alone on the last line, so a script
can take it with ``tail -n 1``. The key is shown only then: only its hash is
stored.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils.timezone import localdate

from civic311.apiclients.actions import (
    ClientRevoked,
    create_api_client,
    revoke_api_client,
    rotate_api_key,
)
from civic311.apiclients.models import ApiClient
from civic311.lib.actors import Actor
from civic311.servicerequests.models import Channel

ACTOR = Actor.system("command:apikey")
ROW = "{name:<30} {channel:<8} {active:<7} {prefix:<9} {created}"


class Command(BaseCommand):
    help = "Manage the keys of API clients (apps and integrations)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)

        create = commands.add_parser("create", help="Create a client, print its key.")
        create.add_argument("--name", required=True)
        create.add_argument("--channel", choices=Channel.values, default=Channel.API)
        create.add_argument("--contact-email", default="")

        commands.add_parser("list", help="List clients (never their keys).")

        revoke = commands.add_parser("revoke", help="Deactivate a client for good.")
        revoke.add_argument("--name", required=True)

        rotate = commands.add_parser("rotate", help="Replace a key, print it.")
        rotate.add_argument("--name", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "create":
            self.create_client(
                options["name"], options["channel"], options["contact_email"]
            )
        elif subcommand == "list":
            self.list_clients()
        elif subcommand == "revoke":
            self.revoke_client(_get(options["name"]))
        elif subcommand == "rotate":
            self.rotate_key(_get(options["name"]))

    def create_client(self, name: str, channel: str, contact_email: str) -> None:
        try:
            client, key = create_api_client(
                actor=ACTOR, name=name, channel=channel, contact_email=contact_email
            )
        except ValidationError as error:
            raise CommandError(_describe(error)) from error
        except IntegrityError as error:
            # Another process took the name between the check and the save.
            message = "An API client named {name!r} already exists."
            raise CommandError(message.format(name=name)) from error

        self.stdout.write(
            f"Created API client {client.name} (channel {client.channel}, "
            f"key prefix {client.key_prefix}). The key is shown only now:"
        )
        self.stdout.write(key)

    def list_clients(self) -> None:
        clients = list(ApiClient.objects.order_by("name"))
        if not clients:
            self.stdout.write("No API clients.")
            return

        self.stdout.write(
            ROW.format(
                name="NAME",
                channel="CHANNEL",
                active="ACTIVE",
                prefix="PREFIX",
                created="CREATED",
            )
        )
        for client in clients:
            self.stdout.write(
                ROW.format(
                    name=client.name,
                    channel=client.channel,
                    active="yes" if client.active else "no",
                    prefix=client.key_prefix,
                    created=localdate(client.created_at).isoformat(),
                )
            )

    def revoke_client(self, client: ApiClient) -> None:
        if not client.active:
            self.stdout.write(f"API client {client.name} was already revoked.")
            return

        revoke_api_client(actor=ACTOR, client=client)
        self.stdout.write(f"Revoked API client {client.name}.")

    def rotate_key(self, client: ApiClient) -> None:
        try:
            key = rotate_api_key(actor=ACTOR, client=client)
        except ClientRevoked as error:
            message = "API client {name} is revoked; create a new client instead."
            raise CommandError(message.format(name=client.name)) from error

        self.stdout.write(
            f"New key for API client {client.name} (key prefix "
            f"{client.key_prefix}); the old key no longer works. "
            "The key is shown only now:"
        )
        self.stdout.write(key)


def _get(name: str) -> ApiClient:
    try:
        return ApiClient.objects.get(name=name)
    except ApiClient.DoesNotExist as error:
        message = "No API client is named {name!r}."
        raise CommandError(message.format(name=name)) from error


def _describe(error: ValidationError) -> str:
    """One line per problem, each naming its field."""
    return "\n".join(
        field + ": " + message
        for field, messages in error.message_dict.items()
        for message in messages
    )
