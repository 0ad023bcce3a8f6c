"""The portal as an installable web app: its manifest in the reader's
language, a service worker that keeps only what it may, and the page it
shows offline."""

import json
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client

pytestmark = pytest.mark.django_db

WORKER_CONFIG = "self.CIVIC311_WORKER = "


def worker_config(client: Client) -> dict[str, Any]:
    first_line = client.get("/sw.js").content.decode().splitlines()[0]
    assert first_line.startswith(WORKER_CONFIG)
    config: dict[str, Any] = json.loads(first_line[len(WORKER_CONFIG) :].rstrip(";"))
    return config


def test_the_manifest_names_the_city_and_opens_the_portal(client: Client) -> None:
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["name"] == "Alexandria 311"
    assert manifest["short_name"]
    assert (manifest["lang"], manifest["dir"]) == ("en", "ltr")
    assert (manifest["start_url"], manifest["scope"]) == ("/", "/")
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#")
    assert manifest["background_color"].startswith("#")


def test_the_manifest_icons_exist_in_both_sizes_and_one_is_maskable(
    client: Client,
) -> None:
    icons = client.get("/manifest.webmanifest").json()["icons"]

    assert {icon["sizes"] for icon in icons} == {"192x192", "512x512"}
    assert [icon["purpose"] for icon in icons].count("maskable") == 1
    for icon in icons:
        assert icon["type"] == "image/png"
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_an_arabic_reader_gets_the_manifest_in_arabic_right_to_left(
    client: Client,
) -> None:
    english = client.get("/manifest.webmanifest").json()

    manifest = client.get(
        "/manifest.webmanifest", headers={"Accept-Language": "ar"}
    ).json()

    assert (manifest["lang"], manifest["dir"]) == ("ar", "rtl")
    assert manifest["name"] != english["name"]
    assert "Alexandria" in manifest["name"]


def test_the_service_worker_is_served_at_the_root_and_never_cached(
    client: Client,
) -> None:
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert 'addEventListener("fetch"' in response.content.decode()


def test_every_file_the_worker_keeps_from_the_start_is_there(client: Client) -> None:
    config = worker_config(client)

    assert config["offline"] in config["precache"]
    assert "/static/portal/report.js" in config["precache"]
    assert "/static/portal/app.js" in config["precache"]
    for url in config["precache"]:
        if url.startswith(static("")):
            assert finders.find(url.removeprefix(static(""))), url
        else:
            assert client.get(url).status_code == 200, url


def test_the_worker_keeps_the_uswds_files_of_the_offline_page(client: Client) -> None:
    precache = worker_config(client)["precache"]

    assert "/static/vendor/uswds/css/uswds.min.css" in precache
    assert any(url.endswith(".woff2") for url in precache)


def test_the_worker_never_keeps_staff_private_or_live_pages(client: Client) -> None:
    config = worker_config(client)

    for path in ["/console/", "/admin/", "/my/", "/updates/", "/open311/", "/geocode/"]:
        assert path in config["never"]
    assert "/static/console/" not in config["static"]
    assert config["static"] == ["/static/portal/", "/static/vendor/"]


def test_the_worker_version_changes_with_a_file_it_may_keep(
    client: Client, settings: Any, tmp_path: Any
) -> None:
    before = worker_config(client)["version"]
    (tmp_path / "portal").mkdir()
    (tmp_path / "portal" / "portal.css").write_text("body { color: red; }")
    settings.STATICFILES_DIRS = [str(tmp_path), *settings.STATICFILES_DIRS]

    after = worker_config(client)["version"]

    assert after != before


def test_the_offline_page_says_what_still_works_and_gives_the_phone_number(
    client: Client,
) -> None:
    response = client.get("/offline/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "You are offline" in page
    assert "kept on this device" in page
    assert "703.746.4311" in page
    # Kept for days: it must not say whether the line is open now.
    assert "The line is open now" not in page
    assert "The line is closed now" not in page


def test_every_portal_page_offers_the_app_and_its_script(client: Client) -> None:
    page = client.get("/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'name="theme-color"' in page
    assert 'rel="apple-touch-icon"' in page
    assert 'src="/static/portal/app.js" defer' in page
    assert 'data-worker="/sw.js"' in page
