"""Every resident page in English, Spanish and Arabic: screenshots of each
kept under var/screenshots, and axe-core finding no violation at all, of
any impact, in English and Arabic."""

from typing import Any

import pytest

from civic311.catalog.models import Service
from civic311.residents import links
from civic311.residents.models import SignInLink
from civic311.servicerequests.intake import Contact
from civic311.servicerequests.models import ServiceRequest, Subscription
from tests.browser.conftest import assert_accessible
from tests.builders import make_request

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "es", "ar"]


@pytest.fixture
def report(pothole: Service, tree: Service) -> ServiceRequest:
    make_request(tree)
    return make_request(pothole, contact=Contact(email="ana@example.org"))


def pages(report: ServiceRequest) -> dict[str, str]:
    """Each resident page by a short name, as a path."""
    link = SignInLink.objects.create(
        email="ana@example.org", created_at=report.requested_datetime
    )
    subscription = Subscription.objects.get(request=report)
    return {
        "home": "/",
        "services": "/services/",
        "search": "/services/?q=pothole",
        "report": "/report/pothole/",
        "done": f"/report/done/{report.public_id}/",
        "track": f"/requests/{report.public_id}/",
        "not-found": "/track/?id=1234567",
        "my": "/my/",
        "my-continue": f"/my/sign-in/{links.token('sign-in', link.pk)}/",
        "my-expired": "/my/sign-in/forged/",
        "confirm": f"/updates/confirm/{links.token('confirm', subscription.pk)}/",
        "stop": f"/updates/stop/{links.token('unsubscribe', subscription.pk)}/",
        "recent": "/recent/",
        "offline": "/offline/",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_resident_page_in_three_languages(
    phone: Any, live_server: Any, report: ServiceRequest, language: str
) -> None:
    phone.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    failures = []
    for name, path in pages(report).items():
        phone.goto(live_server.url + path)
        assert phone.locator("html").get_attribute("lang") == language, name
        try:
            assert_accessible(phone, f"{language}-{name}", strict=language != "es")
        except AssertionError as error:
            failures.append(str(error))
    assert failures == []


def test_arabic_pages_read_right_to_left(
    phone: Any, live_server: Any, report: ServiceRequest
) -> None:
    phone.context.add_cookies(
        [{"name": "django_language", "value": "ar", "url": live_server.url}]
    )
    width = phone.viewport_size["width"]
    for path in ("/", "/report/pothole/", f"/requests/{report.public_id}/"):
        phone.goto(live_server.url + path)

        # Nothing pushed off screen to the left, where a right-to-left
        # page would scroll.
        scroll = phone.evaluate("document.scrollingElement.scrollWidth")
        assert scroll <= width, path
        heading = phone.locator("h1").bounding_box()
        assert width - (heading["x"] + heading["width"]) < 40, path
        assert heading["x"] > 0, path

    phone.goto(f"{live_server.url}/")
    first, second = (
        phone.locator("nav[aria-label] li").nth(n).bounding_box() for n in (0, 1)
    )
    assert first["y"] < second["y"] or first["x"] > second["x"]

    phone.goto(f"{live_server.url}/report/pothole/")
    box = phone.locator("label[for=id_keep_informed]")
    checkbox = phone.evaluate(
        "getComputedStyle(document.querySelector('label[for=id_keep_informed]'),"
        " '::before').right"
    )
    assert box.is_visible()
    assert checkbox != "auto"
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
