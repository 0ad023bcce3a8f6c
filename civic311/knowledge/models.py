from django.db import models
from django.utils.translation import gettext_lazy as _

from civic311.lib.translations import pick


class Article(models.Model):
    """A short answer to a question callers often ask (when is my trash
    day, where do I pay a ticket), written to be read out on the phone.

    Text is stored like the catalog's: the city's default language in the
    plain columns, other languages in ``translations``, shaped
    ``{"es": {"title": ..., "body": ...}}``.
    """

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(
        help_text=_("Plain text, a few sentences an agent reads out.")
    )
    keywords = models.CharField(
        max_length=500, blank=True, help_text=_("Comma-separated words callers use.")
    )
    topic = models.CharField(max_length=100, blank=True)
    active = models.BooleanField(default=True)
    translations = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "title"]

    def __str__(self) -> str:
        return self.title

    def translated(self, field: str, language: str | None) -> str:
        return pick(self, field, language)
