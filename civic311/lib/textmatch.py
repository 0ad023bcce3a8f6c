"""Matching what a person types against short texts (a service's name and
keywords, a knowledge-base answer's title), ranked the way people expect:
the name starting with it first, then a word of the name, then the other
fields in order, then texts holding every typed word."""

import re
import unicodedata
from collections.abc import Sequence


def fold(text: str) -> str:
    """Lower case without accents, so "Sótano" and "sotano" match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tidy_query(typed: str, limit: int) -> str:
    """``typed`` folded, cut to ``limit`` characters, spaces squeezed."""
    return " ".join(fold(typed[:limit]).split())


def rank(query: str, fields: Sequence[str]) -> int | None:
    """Where texts ``fields`` (folded; the name first) rank for ``query``
    (folded): 0 when the name starts with it, 1 + i when ``fields[i]`` has
    a word starting with it, ``len(fields) + 1`` when every typed word
    starts a word somewhere; None when it does not match. Lower is better.
    """
    if fields and fields[0].startswith(query):
        return 0
    for position, text in enumerate(fields, start=1):
        if starts_a_word(query, text):
            return position
    everything = " ".join(fields)
    words = re.findall(r"\w+", query)
    if words and all(starts_a_word(word, everything) for word in words):
        return len(fields) + 1
    return None


def starts_a_word(query: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(query), text) is not None
