"""Finding knowledge base answers while a caller waits."""

from dataclasses import dataclass

from civic311.knowledge.models import Article
from civic311.lib.textmatch import fold, tidy_query
from civic311.lib.textmatch import rank as text_rank

MAX_QUERY = 100


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
    query = tidy_query(q, MAX_QUERY)
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
            ranked.append((rank, fold(title), article))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [_answer(article, language) for *_order, article in ranked[:limit]]


def _rank(article: Article, query: str, language: str | None) -> int | None:
    texts = [_texts(article, None)]
    if language:
        texts.append(_texts(article, language))
    ranks = [rank for text in texts if (rank := text_rank(query, text)) is not None]
    return min(ranks, default=None)


def _texts(article: Article, language: str | None) -> list[str]:
    return [
        fold(article.translated(name, language))
        for name in ("title", "keywords", "topic", "body")
    ]


def _answer(article: Article, language: str | None) -> Answer:
    return Answer(
        slug=article.slug,
        title=article.translated("title", language),
        topic=article.translated("topic", language),
        body=article.translated("body", language),
    )
