"""The knowledge base beside the call form: short answers an agent reads
out, found by a word the caller uses, in English or Spanish."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from civic311.catalog.models import Service
from civic311.demo.loader import load_catalog, load_knowledge
from civic311.knowledge.models import Article
from civic311.knowledge.queries import search_articles
from civic311.servicerequests.models import ServiceRequest
from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def trash_day(db: None) -> Article:
    return Article.objects.create(
        slug="trash-day",
        title="Finding your trash day",
        topic="Trash & Recycling",
        keywords="garbage, collection day, bins",
        body="Trash is collected once a week; the day depends on the address.",
        translations={
            "es": {
                "title": "Cómo saber su día de basura",
                "keywords": "recolección, contenedores",
                "body": "La basura se recoge una vez por semana.",
            }
        },
    )


@pytest.fixture
def parking(db: None) -> Article:
    return Article.objects.create(
        slug="parking",
        title="Parking permits",
        keywords="sticker, visitor pass",
        body="A yearly permit for each vehicle; bins are not allowed in spaces.",
    )


def aside(response: Any) -> str:
    html = response.content.decode()
    return str(
        html.split('<aside aria-labelledby="kb-heading"')[1].split("</aside>")[0]
    )


def test_an_article_is_found_by_a_keyword_in_english(
    trash_day: Article, parking: Article
) -> None:
    found = search_articles("garbage", "en")

    assert [answer.slug for answer in found] == ["trash-day"]
    assert found[0].body.startswith("Trash is collected")


def test_an_article_is_found_by_a_spanish_keyword_and_read_in_spanish(
    trash_day: Article,
) -> None:
    found = search_articles("recoleccion", "es")

    assert [answer.title for answer in found] == ["Cómo saber su día de basura"]
    assert found[0].body == "La basura se recoge una vez por semana."
    assert search_articles("recoleccion", "en") == []


def test_an_english_word_still_finds_the_spanish_answer(trash_day: Article) -> None:
    found = search_articles("garbage", "es")

    assert found[0].body == "La basura se recoge una vez por semana."


def test_a_title_match_comes_before_a_mention_in_the_body(
    trash_day: Article, parking: Article
) -> None:
    found = search_articles("bins", "en")

    assert [answer.slug for answer in found] == ["trash-day", "parking"]


def test_inactive_articles_are_not_found_and_the_limit_holds(
    trash_day: Article, django_assert_num_queries: Any
) -> None:
    for n in range(8):
        Article.objects.create(slug=f"bins-{n}", title=f"Bins {n}", body="Bins.")
    trash_day.active = False
    trash_day.save()

    found = search_articles("garbage bins", "en", limit=3)
    with django_assert_num_queries(1):
        many = search_articles("bins", "en", limit=3)

    assert found == []
    assert [answer.slug for answer in many] == ["bins-0", "bins-1", "bins-2"]


def test_alex_reads_the_answer_beside_the_service_search(
    alex: Any, trash_day: Article
) -> None:
    response = signed_in(alex).get("/console/intake/", {"kb": "garbage", "q": "pot"})

    found = aside(response)
    assert "Finding your trash day" in found
    assert "once a week" in found
    assert 'name="q" value="pot"' in found


def test_the_answer_is_in_the_agents_language(alex: Any, trash_day: Article) -> None:
    response = signed_in(alex).get(
        "/console/intake/", {"kb": "basura"}, HTTP_ACCEPT_LANGUAGE="es"
    )

    assert "La basura se recoge una vez por semana." in aside(response)


def test_searching_from_the_call_form_keeps_what_was_typed_and_checks_nothing(
    alex: Any, pothole: Service, trash_day: Article
) -> None:
    response = signed_in(alex).post(
        "/console/intake/pothole/",
        {"description": "Hole by the bus stop", "kb": "garbage", "action": "kb"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "once a week" in aside(response)
    assert ">Hole by the bus stop</textarea>" in html
    assert 'class="error-summary"' not in html
    assert not ServiceRequest.objects.exists()


def test_no_match_says_so(alex: Any, trash_day: Article) -> None:
    response = signed_in(alex).get("/console/intake/", {"kb": "volcano"})

    assert "No answer matches “volcano”." in aside(response)


def test_the_demo_loader_loads_invented_answers_in_english_and_spanish() -> None:
    load_catalog()

    articles = list(Article.objects.all())
    assert 15 <= len(articles) <= 20
    for article in articles:
        assert article.active and article.body and article.topic, article.slug
        assert article.translations["es"]["body"], article.slug
        assert article.translations["es"]["title"] != article.title, article.slug
    assert search_articles("multa", "es")[0].slug == "pay-a-ticket"
    assert search_articles("leaves", "en")[0].slug == "leaf-collection"
    assert load_knowledge() == 0


def test_an_administrator_edits_articles_in_the_admin(trash_day: Article) -> None:
    User.objects.create_superuser("root", password="x")
    browser = signed_in(User.objects.get(username="root"))

    listing = browser.get("/admin/knowledge/article/")
    page = browser.get(f"/admin/knowledge/article/{trash_day.pk}/change/")

    assert listing.status_code == page.status_code == 200
    assert "Finding your trash day" in listing.content.decode()
    assert "translations" in page.content.decode()
