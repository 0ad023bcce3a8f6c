"""Every change to an API client goes through a function here.

Keys are returned to the caller once and never stored or logged: the
security log names the client and the key prefix only.
"""

import logging

from civic311.apiclients.models import ApiClient
from civic311.lib.actors import Actor

security_log = logging.getLogger("civic311.security")


class ClientRevoked(Exception):
    """A revoked client keeps its revocation: it gets no new key."""


def create_api_client(
    *,
    actor: Actor,
    name: str,
    channel: str,
    contact_email: str = "",
    notes: str = "",
) -> tuple[ApiClient, str]:
    """Create an active client and return it with its key.

    Raises ValidationError (with every problem, the taken name among them)
    before anything is saved.
    """
    client = ApiClient(
        name=name, channel=channel, contact_email=contact_email, notes=notes
    )
    key = client.set_new_key()
    client.full_clean()
    client.save()

    security_log.info(
        "api client created: name=%s prefix=%s channel=%s by=%s",
        client.name,
        client.key_prefix,
        client.channel,
        actor.label,
    )
    return client, key


def revoke_api_client(*, actor: Actor, client: ApiClient) -> None:
    """Deactivate ``client``; its key is refused from now on."""
    client.active = False
    client.save(update_fields=["active"])

    security_log.info(
        "api client revoked: name=%s prefix=%s by=%s",
        client.name,
        client.key_prefix,
        actor.label,
    )


def rotate_api_key(*, actor: Actor, client: ApiClient) -> str:
    """Give ``client`` a new key and return it; the old key stops working.

    Raises ClientRevoked for an inactive client.
    """
    if not client.active:
        raise ClientRevoked(client.name)

    old_prefix = client.key_prefix
    key = client.set_new_key()
    client.save(update_fields=["key_prefix", "key_hash"])

    security_log.info(
        "api key rotated: name=%s old_prefix=%s prefix=%s by=%s",
        client.name,
        old_prefix,
        client.key_prefix,
        actor.label,
    )
    return key
