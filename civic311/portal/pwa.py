"""The resident portal as an installable web app that keeps reports made
offline.

Four pieces make it:

- the manifest, which lets a phone put the portal on its home screen under
  the city's name, in the reader's language;
- the service worker, served from the root so that its scope is the whole
  portal. It keeps the offline page, the portal's scripts and the USWDS
  files that page needs from the start; pages come from the network first,
  then from the copy kept on the last visit, then the offline page; the
  portal's and the vendored static files come from the cache first. It
  never keeps answers to POST, nor staff pages, a resident's own requests
  and links, Open311, geocoding or uploaded photos (``NEVER_KEPT``);
- ``static/portal/report.js``: "Send report" pressed with no connection
  (the browser says it is offline, or the form's address cannot be
  reached) keeps the report (fields, photos, form address, language,
  time) in the browser's IndexedDB instead of losing it;
- ``static/portal/app.js``, on every portal page: registers the worker and,
  whenever the device is online, sends the kept reports. One the city
  accepts is deleted and a notice links to its confirmation page; one that
  needs a fix (status 400) is kept, and a notice links back to its form,
  where report.js fills it in again.

Kept reports never leave the device except to the city's own report form.
Browsers run service workers only over https (and on localhost); elsewhere
the portal works as before, without the offline copy. A kept report whose
sending is cut off after the city received it, before the answer arrived,
is sent again later, so the city may get it twice.

The icons in ``static/portal/icons`` are small PNGs drawn once with Pillow:
white "311" on the USWDS primary blue, the maskable one inside its safe
zone.
"""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from civic311.core.vendor import vendored
from civic311.portal.pages import language, page

THEME_COLOR = "#005ea2"  # USWDS "primary"
BACKGROUND_COLOR = "#ffffff"
WORKER = "portal/sw.js"
PORTAL_FILES = (
    "portal/app.js",
    "portal/report.js",
    "portal/portal.css",
    "portal/icons/icon-192.png",
)
# What the offline page shows: the stylesheets (left to right and right to
# left), the script, the two faces of body text, the heading face and the
# alert icons. Those not installed are left out.
USWDS_FILES = (
    "vendor/uswds/css/uswds.min.css",
    "vendor/uswds/css/uswds.rtl.min.css",
    "vendor/uswds/js/uswds.min.js",
    "vendor/uswds/fonts/source-sans-pro/sourcesanspro-regular-webfont.woff2",
    "vendor/uswds/fonts/source-sans-pro/sourcesanspro-bold-webfont.woff2",
    "vendor/uswds/fonts/merriweather/Latin-Merriweather-Bold.woff2",
    "vendor/uswds/img/usa-icons/info.svg",
    "vendor/uswds/img/usa-icons/check_circle.svg",
    "vendor/uswds/img/usa-icons/warning.svg",
    "vendor/uswds/img/usa-icons/error.svg",
)
# Static files the worker keeps, cache first; the console's and the
# admin's go to the network untouched.
KEPT_STATIC = ("portal/", "vendor/")
# Not kept from the start, but a new Leaflet must still reach phones that
# kept the old one, so its files count in the cache version.
LEAFLET_FILES = ("vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css")
OWN_STATIC = Path(__file__).resolve().parent / "static"
NEVER_KEPT = (
    "/console/",
    "/admin/",
    "/my/",
    "/updates/",
    "/open311/",
    "/geocode/",
    "/media/",
    "/i18n/",
)


def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest, in the language of the request."""
    name = _("%(city)s 311") % {"city": settings.CITY.name}
    data = {
        "id": "/",
        "name": name,
        "short_name": name,
        "description": _("Report a problem to the city and follow it."),
        "lang": language(),
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            _icon("portal/icons/icon-192.png", 192),
            _icon("portal/icons/icon-512.png", 512),
            _icon("portal/icons/maskable-512.png", 512, purpose="maskable"),
        ],
    }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


def _icon(path: str, size: int, purpose: str = "any") -> dict[str, str]:
    return {
        "src": static(path),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker script, with what it needs to know put first.

    Its cache is named after the contents of the files it may keep, so a
    changed file makes browsers install the new worker, which drops the
    old cache.
    """
    precached = _precached_files()
    script = _read(WORKER)
    config = {
        "version": _version(script, _versioned_files(precached)),
        "offline": reverse("portal:offline"),
        "precache": [reverse("portal:offline")] + [static(name) for name in precached],
        "static": [static(prefix) for prefix in KEPT_STATIC],
        "never": list(NEVER_KEPT),
    }
    body = f"self.CIVIC311_WORKER = {json.dumps(config)};\n{script}"

    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    add_never_cache_headers(response)
    return response


def _precached_files() -> list[str]:
    names = list(PORTAL_FILES) + (list(USWDS_FILES) if vendored("uswds") else [])
    return [name for name in names if finders.find(name)]


def _versioned_files(precached: list[str]) -> list[str]:
    own = (
        path.relative_to(OWN_STATIC).as_posix()
        for path in (OWN_STATIC / "portal").rglob("*")
        if path.is_file()
    )
    return sorted({*precached, *own, *LEAFLET_FILES})


def _read(name: str) -> str:
    found = finders.find(name)
    if not isinstance(found, str):
        raise FileNotFoundError(name)
    return Path(found).read_text(encoding="utf-8")


def _version(script: str, files: list[str]) -> str:
    digest = hashlib.sha256(script.encode())
    for name in files:
        found = finders.find(name)
        if isinstance(found, str):
            digest.update(_file_digest(Path(found)).encode())
    return digest.hexdigest()[:16]


def _file_digest(path: Path) -> str:
    # By content, so that every server of a site serves the same worker;
    # kept per size and time, so that a file is read once until it changes.
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _digests:
        _digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _digests[key]


_digests: dict[tuple[str, int, int], str] = {}


def offline(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page it has no copy of, offline."""
    return page(request, "portal/offline.html")
