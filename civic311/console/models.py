"""Console data of its own: the ready-made texts staff start notes from."""

import re
from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _

from civic311.catalog.models import Service
from civic311.lib.translations import pick
from civic311.servicerequests.models import State

# Only named ``%(name)s`` placeholders are filled; a lone percent sign or an
# unknown name is left as written, so a typo in a template shows up in the
# note for the person to fix instead of failing the page.
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each known ``%(name)s`` replaced by its value."""
    return _PLACEHOLDER.sub(lambda found: values.get(found[1], found[0]), text)


class ResponseTemplate(models.Model):
    """A ready-made note (a resolution, what a hold waits for) that staff
    pick on the request page and edit before sending.

    The text may hold ``%(request_id)s``, ``%(service)s`` and
    ``%(expected)s``. Translations follow the catalog's pattern
    (``civic311.lib.translations``): ``{"es": {"title": …, "text": …}}``.
    """

    slug = models.SlugField(
        unique=True, help_text=_("A stable name, so the demo loader finds it again.")
    )
    title = models.CharField(max_length=200)
    text = models.TextField(
        help_text=_(
            "May use %(request_id)s, %(service)s and %(expected)s (the expected date)."
        )
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: offered for every service."),
    )
    state = models.CharField(
        max_length=20,
        choices=State.choices,
        blank=True,
        help_text=_("The status change it is written for; empty: any note."),
    )
    active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=100)
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def translated(self, field: str, language: str | None) -> str:
        return pick(self, field, language)

    def filled(self, language: str | None, values: Mapping[str, str]) -> str:
        """The text in ``language``, its placeholders filled from
        ``values``."""
        return fill_placeholders(self.translated("text", language), values)
