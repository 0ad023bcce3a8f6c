"""``civic311 apikey``: keys are printed once, stored as hashes, and every
change is written to the security log."""

import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from civic311.apiclients.models import ApiClient
from tests.builders import make_api_client

pytestmark = pytest.mark.django_db


def apikey(*args: str) -> list[str]:
    out = StringIO()
    call_command("apikey", *args, stdout=out)
    return out.getvalue().splitlines()


def test_create_prints_a_working_key_alone_on_the_last_line():
    lines = apikey(
        "create",
        "--name",
        "Pothole app",
        "--channel",
        "mobile",
        "--contact-email",
        "dev@example.org",
    )

    key = lines[-1]
    client = ApiClient.objects.get(name="Pothole app")
    assert client.matches(key)
    assert key.startswith(client.key_prefix)
    assert client.key_hash != key
    assert (client.channel, client.contact_email, client.active) == (
        "mobile",
        "dev@example.org",
        True,
    )


def test_the_security_log_names_the_client_but_never_holds_the_key(caplog):
    with caplog.at_level(logging.INFO, logger="civic311.security"):
        key = apikey("create", "--name", "Pothole app")[-1]

    prefix = ApiClient.objects.get().key_prefix
    assert "Pothole app" in caplog.text
    assert prefix in caplog.text
    assert key not in caplog.text


def test_a_taken_name_is_refused_and_nothing_is_saved():
    existing, _key = make_api_client(name="Pothole app")

    with pytest.raises(CommandError, match="already exists"):
        apikey("create", "--name", "Pothole app", "--channel", "web")

    assert list(ApiClient.objects.all()) == [existing]


def test_an_invalid_email_is_refused_and_nothing_is_saved():
    with pytest.raises(CommandError, match="contact_email"):
        apikey("create", "--name", "Pothole app", "--contact-email", "nope")

    assert not ApiClient.objects.exists()


def test_list_shows_clients_but_never_their_keys():
    client, key = make_api_client(name="Pothole app", channel="mobile")

    output = "\n".join(apikey("list"))

    assert "Pothole app" in output
    assert client.key_prefix in output
    assert key not in output
    assert client.key_hash not in output


def test_revoke_deactivates_the_client():
    client, key = make_api_client(name="Pothole app")

    apikey("revoke", "--name", "Pothole app")

    client.refresh_from_db()
    assert not client.active
    assert client.matches(key)  # refused for being inactive, not for the key


def test_rotate_prints_a_new_key_and_the_old_one_stops_working():
    client, old_key = make_api_client(name="Pothole app")

    new_key = apikey("rotate", "--name", "Pothole app")[-1]

    client.refresh_from_db()
    assert client.matches(new_key)
    assert not client.matches(old_key)
    assert new_key.startswith(client.key_prefix)


def test_a_revoked_client_gets_no_new_key():
    client, old_key = make_api_client(name="Pothole app", active=False)

    with pytest.raises(CommandError, match="revoked"):
        apikey("rotate", "--name", "Pothole app")

    client.refresh_from_db()
    assert client.matches(old_key)


@pytest.mark.parametrize("subcommand", ["revoke", "rotate"])
def test_an_unknown_name_is_a_clear_error(subcommand):
    with pytest.raises(CommandError, match="No API client is named"):
        apikey(subcommand, "--name", "Nobody")
