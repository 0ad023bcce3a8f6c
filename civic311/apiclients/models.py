import hashlib
import hmac
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from civic311.servicerequests.models import Channel

KEY_PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    # Keys are long random strings, so a fast hash is enough: there is no
    # dictionary to guess from.
    return hashlib.sha256(key.encode()).hexdigest()


class ApiClient(models.Model):
    """An app or integration allowed to file requests through the API.

    Only a hash of the key is stored; the key itself is shown once, when it
    is created.
    """

    name = models.CharField(max_length=100, unique=True)
    channel = models.CharField(
        max_length=10,
        choices=Channel.choices,
        default=Channel.API,
        help_text=_("The channel recorded on requests this client files."),
    )
    contact_email = models.EmailField(blank=True)
    key_prefix = models.CharField(max_length=KEY_PREFIX_LENGTH, unique=True)
    key_hash = models.CharField(max_length=64)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "API client"

    def __str__(self) -> str:
        return self.name

    def set_new_key(self) -> str:
        """Give the client a fresh key and return it; the old one stops
        working once the row is saved."""
        key = secrets.token_urlsafe(30)
        self.key_prefix = key[:KEY_PREFIX_LENGTH]
        self.key_hash = hash_key(key)
        return key

    def matches(self, key: str) -> bool:
        return hmac.compare_digest(self.key_hash, hash_key(key))
