"""The translation catalogues: complete, with no guesses left, placeholders
kept; and the Spanish one reaches residents and staff. The catalogues are
compiled before the session starts (see ``conftest``)."""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from civic311.triage import advice

LOCALE = Path(__file__).resolve().parents[1] / "civic311" / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ *\w+ *\}\}")


def placeholders(text: str) -> Counter[str]:
    return Counter(match.replace(" ", "") for match in PLACEHOLDER.findall(text))


def mismatched(entry: polib.POEntry) -> bool:
    if not entry.msgid_plural:
        return placeholders(entry.msgid) != placeholders(entry.msgstr)
    wanted = placeholders(entry.msgid_plural)
    return any(placeholders(form) != wanted for form in entry.msgstr_plural.values())


def test_there_is_a_spanish_catalogue() -> None:
    assert LOCALE / "es" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_entry_is_translated_with_no_guess_left(path: Path) -> None:
    catalogue = polib.pofile(str(path))

    assert not catalogue.metadata_is_fuzzy
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_plural_has_each_form_the_language_counts(path: Path) -> None:
    # gettext falls back to English for a count whose form is missing,
    # which polib does not call untranslated.
    catalogue = polib.pofile(str(path))
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"])[1])

    short = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural
        and sorted(i for i, text in entry.msgstr_plural.items() if text)
        != list(range(forms))
    ]

    assert short == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_translations_keep_the_placeholders_of_the_english(path: Path) -> None:
    catalogue = polib.pofile(str(path))

    assert [entry.msgid for entry in catalogue if mismatched(entry)] == []


@pytest.mark.django_db
def test_the_console_sign_in_page_is_in_spanish_for_a_spanish_browser(
    client: Client,
) -> None:
    with translation.override("es"):
        heading = gettext("Sign in to the 311 console")

    response = client.get("/console/sign-in/", headers={"Accept-Language": "es"})

    assert heading != "Sign in to the 311 console"
    assert heading in response.content.decode()


def test_the_emergency_advice_is_in_spanish_with_the_emergency_number() -> None:
    with translation.override("en"):
        english = advice()
    with translation.override("es"):
        spanish = advice()

    assert spanish != english
    assert "911" in spanish
