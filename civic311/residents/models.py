"""Residents have no accounts: they sign in to "My requests" with a link
sent to their email address, good once and for a short while."""

from django.db import models


class SignInLink(models.Model):
    """A sign-in link sent by email. The link itself is this row's id
    signed with the site's secret (see links.py); the row records that it
    was sent, and when it was used."""

    email = models.EmailField(db_index=True)
    language = models.CharField(max_length=10, default="en")
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email", "created_at"], name="signin_recent")]

    def __str__(self) -> str:
        return f"sign-in link {self.pk}"
