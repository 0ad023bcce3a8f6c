"""Helpers for console stories; the people are in ``tests/people.py``."""

from typing import Any

from django.test import Client


def signed_in(user: Any) -> Client:
    """A browser signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client
