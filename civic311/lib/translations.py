"""Per-row translations of catalog text.

Catalog rows keep their text in the city's default language in ordinary
columns, and translations in one JSON column shaped
``{"es": {"service_name": "Bache"}, ...}``. Adding a language or a
translated field needs no migration.
"""

from typing import Any


def pick(row: Any, field: str, language: str | None) -> str:
    """Return ``field`` of ``row`` in ``language``, falling back to the
    stored default when that language (or its base, ``zh`` for ``zh-hans``)
    has no translation."""
    default: str = getattr(row, field)
    if not language:
        return default
    translations: dict[str, dict[str, str]] = row.translations or {}
    for code in _candidates(language):
        text = translations.get(code, {}).get(field)
        if text:
            return text
    return default


def _candidates(language: str) -> list[str]:
    code = language.lower()
    base = code.split("-")[0]
    return [code] if base == code else [code, base]
