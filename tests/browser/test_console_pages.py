"""Every console page, in a real browser: it works with a keyboard and
has no serious or critical accessibility problem (axe-core)."""

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def test_the_sign_in_page_is_accessible_and_works_by_keyboard(
    desk: Any, live_server: Any, tess: Any
) -> None:
    desk.goto(f"{live_server.url}/console/sign-in/")
    assert_accessible(desk, "console-sign-in")

    first = desk.evaluate("document.querySelector('a, button, input').textContent")
    focused = desk.evaluate("document.activeElement.id")
    assert first.strip() == "Skip to main content"
    assert focused == "id_username"  # ready to type at once

    desk.keyboard.type("tess")
    desk.keyboard.press("Tab")
    desk.keyboard.type("x")
    with desk.expect_navigation():
        desk.keyboard.press("Enter")

    assert "/console/sign-in/" not in desk.url
    assert desk.get_by_text("tess · department staff").is_visible()


def test_the_two_step_page_is_accessible(
    desk: Any, live_server: Any, tess: Any
) -> None:
    sign_in(desk, live_server.url, "tess")
    desk.goto(f"{live_server.url}/console/account/two-step/")

    assert desk.get_by_role("heading", name="Two-step sign-in").is_visible()
    assert_accessible(desk, "console-two-step")
