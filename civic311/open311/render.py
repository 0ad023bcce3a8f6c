"""Open311 documents in JSON and XML.

A document is built once as plain Python values (dicts, lists, strings,
numbers, booleans, None) and then written in the asked format. XML follows
the spec's element names; JSON is the same tree with the outer wrapper
dropped, as GeoReport's mapping prescribes.
"""

import re
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

import orjson
from django.http import HttpResponse

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"

# The element each item of a list is written as, by the list's name.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "notes": "note",
    "photos": "photo",
    "keys": "key",
}


def respond(document: Any, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    """Write ``document`` as JSON or XML. ``root`` is the XML element that
    wraps it; a list document becomes ``root``'s repeated children."""
    if fmt == "xml":
        body = to_xml(document, root)
        return HttpResponse(body, content_type=XML_TYPE, status=status)
    return HttpResponse(orjson.dumps(document), content_type=JSON_TYPE, status=status)


def to_xml(document: Any, root: str) -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?>']
    _element(parts, root, document)
    return "".join(parts).encode()


def _element(parts: list[str], name: str, value: Any) -> None:
    if value is None or value == "" or value == [] or value == {}:
        parts.append(f"<{name}/>")
        return
    parts.append(f"<{name}>")
    if isinstance(value, dict):
        for key, child in value.items():
            _element(parts, key, child)
    elif isinstance(value, list | tuple):
        _items(parts, ITEM_NAMES.get(name, "item"), value)
    elif isinstance(value, bool):
        parts.append("true" if value else "false")
    else:
        parts.append(_text(str(value)))
    parts.append(f"</{name}>")


def _text(value: str) -> str:
    """Escape ``value`` for XML 1.0, which cannot carry most control
    characters at all: each becomes U+FFFD, so one pasted form feed does not
    make a whole list unreadable. Carriage returns are kept as references,
    which parsers would otherwise turn into plain newlines."""
    cleaned = _NOT_XML.sub("\ufffd", value)
    return escape(cleaned, {"\r": "&#13;"})


def _items(parts: list[str], name: str, values: Iterable[Any]) -> None:
    for value in values:
        _element(parts, name, value)
