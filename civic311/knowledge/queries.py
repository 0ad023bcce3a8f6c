"""Finding knowledge base answers while a caller waits."""

import re
import unicodedata
from dataclasses import dataclass

from civic311.knowledge.models import Article

MAX_QUERY = 100

# How well an article matches, best first.
TITLE_PREFIX, TITLE_WORD, KEYWORD, TOPIC, ALL_WORDS = range(5)


@dataclass(frozen=True)
class Answer:
    """An article as an agent reads it, in one language."""

    slug: str
    title: str
    topic: str
    body: str


def search_articles(q: str, language: str | None, limit: int = 5) -> list[Answer]:
    """Active articles matching ``q`` in ``language`` or in the default
    language, best match first, at most ``limit``; in one query.

    Titles count most, then keywords, then the topic; otherwise every
    word of ``q`` must start a word somewhere in the article. Case and
    accents do not matter ("tramite" finds "trámite").
    """
    query = " ".join(_fold(q[:MAX_QUERY]).split())
    if not query:
        return []

    # Matched here rather than in SQL: accents are folded the same way on
    # every database, and translated text inside the JSON column is
    # stored escaped on some of them. A knowledge base holds hundreds of
    # short rows, not millions.
    ranked = []
    for article in Article.objects.filter(active=True):
        rank = _rank(article, query, language)
        if rank is not None:
            title = article.translated("title", language)
            ranked.append((rank, _fold(title), article))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [_answer(article, language) for *_order, article in ranked[:limit]]


def _rank(article: Article, query: str, language: str | None) -> int | None:
    texts = [_texts(article, None)]
    if language:
        texts.append(_texts(article, language))
    ranks = [rank for text in texts if (rank := _rank_texts(text, query)) is not None]
    return min(ranks, default=None)


def _texts(article: Article, language: str | None) -> dict[str, str]:
    return {
        name: _fold(article.translated(name, language))
        for name in ("title", "keywords", "topic", "body")
    }


def _rank_texts(text: dict[str, str], query: str) -> int | None:
    if text["title"].startswith(query):
        return TITLE_PREFIX
    if _starts_a_word(query, text["title"]):
        return TITLE_WORD
    if _starts_a_word(query, text["keywords"]):
        return KEYWORD
    if _starts_a_word(query, text["topic"]):
        return TOPIC
    everything = " ".join(text.values())
    words = re.findall(r"\w+", query)
    if words and all(_starts_a_word(word, everything) for word in words):
        return ALL_WORDS
    return None


def _starts_a_word(query: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(query), text) is not None


def _fold(text: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _answer(article: Article, language: str | None) -> Answer:
    return Answer(
        slug=article.slug,
        title=article.translated("title", language),
        topic=article.translated("topic", language),
        body=article.translated("body", language),
    )
