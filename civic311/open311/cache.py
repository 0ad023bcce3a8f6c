"""Whole Open311 answers about requests, cached while they are true.

Every cached answer is keyed on the request change counter, which each
action bumps in its own transaction: a change makes every older answer
unreachable at once, with no invalidation to forget. A worker sees another
worker's change within ``CHANGES_RECHECK_SECONDS`` (see
``civic311.servicerequests.changes``). What the counter does not see (a
renamed service or department, the 90-day default window moving on) shows
within ``OPEN311_CACHE_SECONDS``.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation

from civic311.servicerequests import changes

# Larger answers (a 1,000-request page) are rebuilt rather than kept.
MAX_CACHED_BYTES = 256 * 1024


def cached(
    request: HttpRequest,
    fmt: str,
    build: Callable[[], HttpResponse],
    *,
    store: str = "open311",
) -> HttpResponse:
    """The answer ``build`` gives, from the cache while nothing changed.

    Answers carry an ETag, so a client that polls gets 304 Not Modified.
    """
    seconds = settings.OPEN311_CACHE_SECONDS
    if seconds <= 0:
        return build()

    key = _key(request, fmt, changes.current())
    etag = f'"{key.removeprefix("open311:")}"'
    if etag in request.headers.get("If-None-Match", ""):
        return _with_etag(HttpResponseNotModified(), etag)

    kept = caches[store].get(key)
    if kept is not None:
        body, content_type = kept
        return _with_etag(HttpResponse(body, content_type=content_type), etag)

    response = build()
    if response.status_code == 200 and len(response.content) <= MAX_CACHED_BYTES:
        caches[store].set(key, (response.content, response["Content-Type"]), seconds)
    return _with_etag(response, etag)


def _key(request: HttpRequest, fmt: str, version: int) -> str:
    query = sorted(request.GET.lists())
    language = translation.get_language() or ""
    text = repr((request.path_info, fmt, language, query))
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return f"open311:{version}:{digest}"


def _with_etag(response: HttpResponse, etag: str) -> HttpResponse:
    if response.status_code in (200, 304):
        response["ETag"] = etag
        response["Cache-Control"] = "no-cache"
    return response
