"""Response templates: ready-made notes offered on the request page where
they fit, filled in for the request, and the demo's own."""

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.urls import reverse

from civic311.catalog.models import Service
from civic311.console.models import ResponseTemplate, fill_placeholders
from civic311.demo import data
from civic311.demo.loader import RESPONSES_FILE, load_catalog, load_responses
from civic311.servicerequests.models import ServiceRequest, State
from tests.builders import make_request
from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db

# Monday 7 December 2026, 10:00 in Alexandria; three business days later
# is Thursday the 10th at close.
MONDAY_10AM = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def template(**fields: Any) -> ResponseTemplate:
    fields.setdefault("slug", f"t-{ResponseTemplate.objects.count() + 1}")
    fields.setdefault("title", "A template")
    fields.setdefault("text", "Text")
    return ResponseTemplate.objects.create(**fields)


def page(user: Any, request: ServiceRequest, **query: Any) -> str:
    url = reverse("console:request", args=[request.public_id])
    response = signed_in(user).get(url, query)
    assert response.status_code == 200
    return str(response.content.decode())


def picker(body: str, target: str) -> str:
    """The options of the ``target`` form's template picker."""
    found = re.search(
        r'<select id="' + target + r'-template".*?</select>', body, flags=re.S
    )
    return found[0] if found else ""


def textarea(body: str, field_id: str) -> str:
    found = re.search(
        r'<textarea id="' + field_id + r'"[^>]*>(.*?)</textarea>', body, flags=re.S
    )
    assert found, field_id
    return found[1]


# Filling placeholders ----------------------------------------------------------


def test_known_placeholders_are_filled() -> None:
    text = "Request %(request_id)s (%(service)s) by %(expected)s."

    filled = fill_placeholders(
        text, {"request_id": "1000017", "service": "Pothole", "expected": "Dec. 10"}
    )

    assert filled == "Request 1000017 (Pothole) by Dec. 10."


def test_unknown_placeholders_and_stray_percent_signs_are_left_as_written() -> None:
    text = "100% done for %(request_id)s, %(nickname)s, %(service)d, %s"

    filled = fill_placeholders(text, {"request_id": "1000017"})

    assert filled == "100% done for 1000017, %(nickname)s, %(service)d, %s"


def test_a_filled_value_is_not_filled_again() -> None:
    filled = fill_placeholders(
        "%(service)s %(request_id)s",
        {"service": "%(request_id)s", "request_id": "1000017"},
    )

    assert filled == "%(request_id)s 1000017"


# Which templates the page offers -------------------------------------------------


def test_the_status_form_offers_templates_for_this_service_and_its_moves(
    tess: Any, pothole: Any, tree: Any
) -> None:
    template(title="Pothole filled", service=pothole, state=State.RESOLVED)
    template(title="Any fix", state=State.RESOLVED)
    template(title="Any note")
    template(title="Tree removed", service=tree, state=State.RESOLVED)
    template(title="Closed for good", state=State.CLOSED)  # tess may not close
    template(title="Old wording", state=State.RESOLVED, active=False)
    request = make_request(pothole)

    offered = picker(page(tess, request), "state")

    assert "Resolved: Pothole filled" in offered
    assert "Resolved: Any fix" in offered
    assert "Any note" in offered
    assert "Tree removed" not in offered
    assert "Closed for good" not in offered
    assert "Old wording" not in offered


def test_a_manager_is_offered_the_templates_for_closing(
    maya: Any, pothole: Any
) -> None:
    template(title="Closed for good", state=State.CLOSED)

    offered = picker(page(maya, make_request(pothole)), "state")

    assert "Closed: Closed for good" in offered


def test_the_note_form_offers_only_templates_for_any_note(
    alex: Any, pothole: Any
) -> None:
    template(title="Any note")
    template(title="Any fix", state=State.RESOLVED)

    body = page(alex, make_request(pothole))

    assert "Any note" in picker(body, "note")
    assert "Any fix" not in picker(body, "note")
    assert picker(body, "state") == ""  # an agent changes no status


def test_an_executive_is_offered_no_templates(erin: Any, pothole: Any) -> None:
    template(title="Any note")

    body = page(erin, make_request(pothole))

    assert "Any note" not in body


def test_the_offered_text_is_filled_for_the_request_and_escaped(
    tess: Any, pothole: Any
) -> None:
    template(
        title="Scheduled",
        text="Request %(request_id)s (%(service)s) by %(expected)s <b>soon</b>",
    )
    request = make_request(pothole, requested_at=MONDAY_10AM)

    offered = picker(page(tess, request), "note")

    assert (
        f'data-text="Request {request.public_id} (Pothole) by Dec. 10, 2026 '
        '&lt;b&gt;soon&lt;/b&gt;"'
    ) in offered


# Picking one without JavaScript ------------------------------------------------------


def test_a_template_param_prefills_the_note_form(tess: Any, pothole: Any) -> None:
    chosen = template(title="Scheduled", text="Expect it by %(expected)s.")
    request = make_request(pothole, requested_at=MONDAY_10AM)

    body = page(tess, request, template=chosen.pk, **{"for": "note"})

    assert textarea(body, "note-note") == "Expect it by Dec. 10, 2026."
    assert textarea(body, "state-note") == ""


def test_a_template_for_a_move_prefills_the_status_form_and_picks_the_move(
    tess: Any, pothole: Any
) -> None:
    chosen = template(title="Filled", text="Filled %(request_id)s.", state="resolved")
    request = make_request(pothole)

    body = page(tess, request, template=chosen.pk)

    assert textarea(body, "state-note") == f"Filled {request.public_id}."
    assert 'value="resolved" id="state-state-resolved" checked' in body


def test_a_template_that_does_not_fit_prefills_nothing(
    tess: Any, pothole: Any, tree: Any
) -> None:
    other = template(title="Tree removed", text="Tree gone.", service=tree)
    closing = template(title="Closed", text="Closed.", state=State.CLOSED)
    request = make_request(pothole)

    for chosen in (other, closing):
        body = page(tess, request, template=chosen.pk)
        assert "Tree gone." not in body and ">Closed.<" not in body
    assert textarea(page(tess, request, template="nonsense"), "note-note") == ""


def test_a_template_prefilled_in_the_residents_language(
    tess: Any, pothole: Any
) -> None:
    chosen = template(
        title="Scheduled",
        text="Expect it by %(expected)s.",
        translations={"es": {"text": "Espérelo antes del %(expected)s."}},
    )
    request = make_request(pothole, requested_at=MONDAY_10AM, language="es")

    body = page(tess, request, template=chosen.pk)

    assert textarea(body, "note-note") == "Espérelo antes del 10 de diciembre de 2026."


# The demo's templates -----------------------------------------------------------------


def test_the_demo_loads_six_to_ten_templates_once() -> None:
    load_catalog()
    count = ResponseTemplate.objects.count()

    again = load_catalog()

    assert 6 <= count <= 10
    assert again.changed == 0
    assert ResponseTemplate.objects.count() == count


def test_the_demo_templates_name_real_services_and_use_known_placeholders() -> None:
    load_catalog()
    known = {"request_id", "service", "expected"}

    for row in ResponseTemplate.objects.all():
        for text in [row.text, row.translations["es"]["text"]]:
            assert set(re.findall(r"%\((\w+)\)s", text)) <= known, row.slug
        assert row.translations["es"]["title"], row.slug
        assert not row.state or row.state in State.values
    services = ResponseTemplate.objects.exclude(service=None)
    assert services.exists()
    assert {row.service.service_code for row in services} <= set(
        Service.objects.values_list("service_code", flat=True)
    )


def test_a_template_naming_an_unknown_service_stops_the_load(tmp_path: Any) -> None:
    path = tmp_path / "responses.toml"
    path.write_text(
        '[[responses]]\nslug = "x"\ntitle = "X"\ntext = "X"\nservice = "nowhere"\n',
        encoding="utf-8",
    )

    with pytest.raises(data.DemoDataError, match="nowhere"):
        load_responses(path)

    assert RESPONSES_FILE.is_file()


def test_an_administrator_edits_templates_in_the_admin(ada: Any) -> None:
    ada.is_staff = ada.is_superuser = True
    ada.save()
    template(title="Any note")

    response = signed_in(ada).get(reverse("admin:console_responsetemplate_changelist"))

    assert response.status_code == 200
    assert "Any note" in str(response.content.decode())
