"""Sign-in links: once, for half an hour, a few per address."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civic311.lib.problems import InvalidInput
from civic311.residents import links
from civic311.residents.actions import ask_for_sign_in, sign_in_with
from civic311.residents.models import SignInLink

pytestmark = pytest.mark.django_db


def test_a_link_gives_back_the_address_it_was_sent_to_once() -> None:
    link = ask_for_sign_in(email=" Ana@Example.org ", language="es")
    assert link is not None
    token = links.token("sign-in", link.pk)

    assert sign_in_with(token) == "ana@example.org"
    assert sign_in_with(token) is None


def test_a_link_signed_for_another_purpose_does_not_sign_in() -> None:
    link = ask_for_sign_in(email="ana@example.org", language="en")
    assert link is not None

    assert sign_in_with(links.token("unsubscribe", link.pk)) is None


def test_old_links_of_the_address_are_removed_when_it_asks_again() -> None:
    yesterday = timezone.now() - timedelta(days=2)
    ask_for_sign_in(email="ana@example.org", language="en", now=yesterday)
    ask_for_sign_in(email="bo@example.org", language="en", now=yesterday)

    ask_for_sign_in(email="ana@example.org", language="en")

    assert sorted(SignInLink.objects.values_list("email", flat=True)) == [
        "ana@example.org",
        "bo@example.org",
    ]


@pytest.mark.parametrize("email", ["", "   ", "ana", "ana@", "@example.org"])
def test_what_cannot_be_an_address_is_refused(email: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        ask_for_sign_in(email=email, language="en")

    assert [problem.field for problem in raised.value.problems] == ["email"]
    assert not SignInLink.objects.exists()
