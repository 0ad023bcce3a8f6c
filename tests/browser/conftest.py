"""Browser tests: Playwright driving the system's Chromium against a live
server, and axe-core checking what a person would meet.

They need Debian's Chromium (``apt-get install chromium``; ``.ci/run``
installs it). Without it they are skipped, saying why.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags for a machine with no display and no outside network: without the
# networking ones Chromium keeps reaching for Google's hosts.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# axe impacts that fail a console page; "minor" and "moderate" are reported
# only. Resident pages are checked strictly: no violation at all.
FAILING_IMPACTS = {"serious", "critical"}

pytestmark = pytest.mark.live


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if shutil.which(CHROMIUM):
        return
    reason = f"no Chromium at {CHROMIUM}: apt-get install chromium, or set CHROMIUM"
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    # Playwright's sync API keeps an event loop in this thread; the ORM
    # calls tests make between browser steps are still plain sync code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def desk(chromium: Any) -> Iterator[Any]:
    """A page in a desktop-sized window, as an agent or officer has."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone(chromium: Any) -> Iterator[Any]:
    """A page in a phone-sized window, as a resident on the sidewalk has."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page: Any, base: str, username: str, password: str = "x") -> None:
    page.goto(f"{base}/console/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def assert_accessible(page: Any, name: str, *, strict: bool = False) -> None:
    """No serious or critical axe-core violation on the page as it is now
    (``strict``: no violation at all); a screenshot of it is kept under
    var/screenshots either way."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    results = Axe().run(page)
    failing = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if strict or violation["impact"] in FAILING_IMPACTS
    ]
    assert failing == [], f"{name}: " + "; ".join(failing)
