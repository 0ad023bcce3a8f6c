"""The demo city: its catalog file, the invented requests, and load_demo."""

import shutil
from collections import Counter
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from civic311.catalog.models import (
    LIST_DATATYPES,
    AttributeValue,
    Datatype,
    Department,
    Service,
    ServiceAttribute,
)
from civic311.demo import data
from civic311.demo.loader import generate_requests, load_catalog
from civic311.demo.sampling import Sampler, description
from civic311.servicerequests.intake import check_intake
from civic311.servicerequests.models import (
    EventKind,
    RequestContact,
    RequestEvent,
    ServiceRequest,
    State,
    Status,
    public_status,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)
CITY_ZIPS = {"22301", "22302", "22304", "22305", "22311", "22312", "22314"}


@pytest.fixture
def catalog() -> list[Service]:
    load_catalog()
    return list(Service.objects.prefetch_related("attributes__values"))


def sampler(services: list[Service], seed: int = 7) -> Sampler:
    return Sampler(data.read(data.REQUESTS_FILE), seed, services)


# The catalog ----------------------------------------------------------------


def test_the_catalog_has_30_to_50_active_services_of_known_departments(catalog):
    active = Service.objects.filter(active=True)

    assert 30 <= active.count() <= 50
    assert Department.objects.count() >= 8
    assert set(active.values_list("department__slug", flat=True)) <= set(
        Department.objects.values_list("slug", flat=True)
    )
    for department in Department.objects.all():
        assert department.email.endswith("@alexandriava.gov"), department.slug
        assert department.phone.startswith("703.746."), department.slug


def test_every_open311_datatype_is_asked_somewhere(catalog):
    used = set(ServiceAttribute.objects.values_list("datatype", flat=True))

    assert used == set(Datatype.values)


def test_list_questions_have_values_and_other_questions_have_none(catalog):
    for attribute in ServiceAttribute.objects.prefetch_related("values"):
        has_values = bool(attribute.values.all())
        assert has_values == (attribute.datatype in LIST_DATATYPES), str(attribute)


def test_question_orders_start_at_1_without_gaps_or_repeats(catalog):
    for service in catalog:
        orders = [attribute.order for attribute in service.attributes.all()]
        assert sorted(orders) == list(range(1, len(orders) + 1)), service.service_code


def test_some_questions_only_inform_and_none_of_those_is_required(catalog):
    informational = ServiceAttribute.objects.filter(variable=False)

    assert informational.exists()
    assert not informational.filter(required=True).exists()


def test_services_questions_and_choices_are_translated_to_spanish(catalog):
    for service in catalog:
        spanish = service.translations["es"]
        assert spanish["service_name"] and spanish["description"], service
        assert service.translated("group", "es") != service.group, service
        for attribute in service.attributes.all():
            assert attribute.translations["es"]["description"], str(attribute)
            for value in attribute.values.all():
                assert value.translations["es"]["name"], str(value)


def catalog_texts(catalog: dict) -> set[str]:
    """Where each English text of the catalog sits in a translation file."""
    places = {f"groups.{spec['group']}" for spec in catalog["services"]}
    places |= {f"departments.{spec['slug']}.name" for spec in catalog["departments"]}
    for spec in catalog["services"]:
        service = f"services.{spec['service_code']}"
        fields = ("service_name", "description", "keywords", "service_notice")
        places |= {f"{service}.{name}" for name in fields if spec.get(name)}
        for attribute in spec.get("attributes", []):
            question = f"{service}.questions.{attribute['code']}"
            fields = ("description", "datatype_description", "help_text")
            places |= {f"{question}.{name}" for name in fields if attribute.get(name)}
            places |= {
                f"{question}.values.{value['key']}"
                for value in attribute.get("values", [])
            }
    return places


def file_texts(texts: dict, prefix: str = "") -> set[str]:
    places = set()
    for key, value in texts.items():
        if isinstance(value, dict):
            places |= file_texts(value, f"{prefix}{key}.")
        elif isinstance(value, str) and value.strip():
            places.add(f"{prefix}{key}")
    return places


@pytest.mark.parametrize(
    "language", [code for code, _name in settings.LANGUAGES if code != "en"]
)
def test_every_language_of_the_site_has_the_whole_catalog(language):
    files = data.translation_files(data.CATALOG_FILE)
    assert language in files, f"no catalog.{language}.toml"
    wanted = catalog_texts(data.read(data.CATALOG_FILE))

    found = file_texts(data.read(files[language]))

    assert sorted(wanted - found) == []
    assert sorted(found - wanted) == []


def test_loading_the_catalog_again_changes_nothing():
    load_catalog()
    before = _catalog_snapshot()

    result = load_catalog()

    assert result.changed == 0
    assert _catalog_snapshot() == before


def test_a_changed_file_updates_the_rows_with_the_same_codes(tmp_path):
    load_catalog()
    pothole = Service.objects.get(service_code="pothole")
    edited = data.CATALOG_FILE.read_text(encoding="utf-8")
    edited = edited.replace('service_name = "Pothole"', 'service_name = "Road hole"')
    edited = edited.replace(
        '  { key = "small", name = "Smaller than a dinner plate" },\n', ""
    )
    path = _write(tmp_path, edited)
    counts = Service.objects.count(), Department.objects.count()

    result = load_catalog(path)

    pothole.refresh_from_db()
    assert pothole.service_name == "Road hole"
    assert result.changed == 1
    assert (Service.objects.count(), Department.objects.count()) == counts
    sizes = AttributeValue.objects.filter(
        attribute__service=pothole, attribute__code="size"
    )
    assert sorted(sizes.values_list("key", flat=True)) == ["large", "medium"]


def test_a_service_of_an_unknown_department_stops_the_load(tmp_path):
    broken = data.CATALOG_FILE.read_text(encoding="utf-8").replace(
        'department = "tes"', 'department = "nowhere"', 1
    )

    with pytest.raises(data.DemoDataError, match="nowhere"):
        load_catalog(_write(tmp_path, broken))

    assert not Service.objects.exists()
    assert not Department.objects.exists()


# What the requests are made of ----------------------------------------------


def test_every_service_has_a_profile_for_invented_requests(catalog):
    profiles = data.read(data.REQUESTS_FILE)["services"]

    assert set(profiles) == {service.service_code for service in catalog}


def test_answers_implied_by_descriptions_are_valid_choices(catalog):
    profiles = data.read(data.REQUESTS_FILE)["services"]
    for service in catalog:
        questions = {
            attribute.code: attribute for attribute in service.attributes.all()
        }
        for entry in profiles[service.service_code]["descriptions"]:
            _, told = description(entry)
            for code, answer in told.items():
                attribute = questions[code]
                keys = {value.key for value in attribute.values.all()}
                chosen = answer if isinstance(answer, list) else [answer]
                assert not keys or set(chosen) <= keys, (service.service_code, code)


def test_invented_requests_of_every_service_pass_intake_checks(catalog):
    made = sampler(catalog)
    for service in catalog:
        for _ in range(3):
            intake = made.intake(service, NOW)

            checked = check_intake(intake)

            assert checked.problems == [], service.service_code
            assert checked.place.inside, service.service_code


def test_the_same_seed_invents_the_same_requests(catalog):
    def invent(seed: int) -> list[tuple[str, str, datetime]]:
        made = sampler(catalog, seed)
        moments = made.moments(20, NOW - timedelta(days=365), NOW)
        requests = [made.intake(made.pick_service(m), m) for m in moments]
        return [
            (r.service.service_code, r.location.address, m)
            for r, m in zip(requests, moments, strict=True)
        ]

    assert invent(5) == invent(5)
    assert invent(5) != invent(6)


def test_requests_follow_the_seasons_the_week_and_the_channels(catalog):
    made = sampler(catalog)
    moments = made.moments(3000, NOW - timedelta(days=3 * 365), NOW)
    local = [moment.astimezone(timezone.get_default_timezone()) for moment in moments]
    codes = [made.pick_service(moment).service_code for moment in moments]
    channels = Counter(
        made.intake(catalog[0], moment).channel for moment in moments[:1000]
    )

    snow_months = {
        m.month for m, code in zip(local, codes, strict=True) if code.startswith("snow")
    }
    assert snow_months and snow_months <= {11, 12, 1, 2, 3, 4}
    grass = Counter(
        m.month for m, code in zip(local, codes, strict=True) if code == "high-grass"
    )
    assert grass[6] + grass[7] + grass[8] > 5 * (grass[12] + grass[1] + grass[2])
    weekdays = Counter(moment.weekday() for moment in local)
    assert min(weekdays[day] for day in range(5)) > max(weekdays[5], weekdays[6])
    assert channels.most_common(1)[0][0] == "phone"
    assert 0.38 < channels["phone"] / 1000 < 0.52
    assert 0.24 < channels["web"] / 1000 < 0.36


def test_crews_work_on_weekdays_in_working_hours(catalog):
    made = sampler(catalog)
    pothole = next(s for s in catalog if s.service_code == "pothole")
    zone = timezone.get_default_timezone()

    for moment in made.moments(200, NOW - timedelta(days=365), NOW):
        steps = made.plan(pothole, moment)

        times = [moment] + [step.at for step in steps]
        assert times == sorted(times)
        for step in steps:
            local = step.at.astimezone(zone)
            if step.state != State.REOPENED:
                assert local.weekday() < 5 and 7 <= local.hour < 17, step


# Filing them ----------------------------------------------------------------


def test_generated_requests_are_inside_the_city_over_the_asked_span(catalog):
    generate_requests(60, seed=11, years=2, now=NOW)

    requests = list(ServiceRequest.objects.all())
    south, west, north, east = settings.CITY.map_bbox
    assert len(requests) == 60
    for request in requests:
        assert south <= request.lat <= north and west <= request.long <= east
        assert request.address and request.zipcode in CITY_ZIPS
    moments = [request.requested_datetime for request in requests]
    assert NOW - timedelta(days=731) <= min(moments) < NOW - timedelta(days=365)
    assert NOW - timedelta(days=365) < max(moments) <= NOW


def test_every_state_change_of_a_generated_request_is_in_its_history(catalog):
    result = generate_requests(60, seed=11, years=2, now=NOW)

    changes = 0
    for request in ServiceRequest.objects.prefetch_related("events"):
        events = list(request.events.all())
        assert events[0].kind == EventKind.SUBMITTED
        assert events[0].at == request.requested_datetime
        state = State.SUBMITTED
        moves = [e for e in events[1:] if e.kind == EventKind.STATE_CHANGED]
        for event in moves:
            assert event.at <= NOW
            assert event.actor_label == "demo loader"
            assert event.changes["state"][0] == state
            state = event.changes["state"][1]
            changes += 1
        assert request.state == state
        assert request.status == public_status(state)
        if request.status == Status.CLOSED:
            assert request.closed_datetime == moves[-1].at
        else:
            assert request.closed_datetime is None
    assert changes == result.state_changes
    assert ServiceRequest.objects.filter(status=Status.CLOSED).count() > 30


def test_generated_requests_answer_every_required_question(catalog):
    generate_requests(60, seed=11, years=2, now=NOW)

    for request in ServiceRequest.objects.select_related("service"):
        required = ServiceAttribute.objects.filter(
            service=request.service, required=True
        ).values_list("code", flat=True)
        assert set(required) <= set(request.attributes), request.service.service_code


def test_invented_contacts_are_obviously_fake(catalog):
    generate_requests(60, seed=11, years=2, now=NOW)

    contacts = RequestContact.objects.all()
    assert 5 <= contacts.count() <= 40
    for contact in contacts:
        assert not contact.email or contact.email.endswith("@example.org")
        assert not contact.phone or "-555-01" in contact.phone


def test_load_demo_a_second_time_adds_no_requests():
    call_command("load_demo", requests=25, stdout=StringIO())
    filed = ServiceRequest.objects.count()
    history = RequestEvent.objects.count()

    output = StringIO()
    call_command("load_demo", requests=25, stdout=output)

    assert filed == 25
    assert ServiceRequest.objects.count() == filed
    assert RequestEvent.objects.count() == history
    assert "none added" in output.getvalue()


# Helpers --------------------------------------------------------------------


def _catalog_snapshot() -> tuple[object, ...]:
    return (
        list(Department.objects.order_by("pk").values_list("pk", "slug")),
        list(
            Service.objects.order_by("pk").values_list(
                "pk", "service_code", "updated_at"
            )
        ),
        list(ServiceAttribute.objects.order_by("pk").values_list("pk", "code")),
        list(AttributeValue.objects.order_by("pk").values_list("pk", "key")),
    )


def _write(tmp_path: Path, text: str) -> Path:
    """A copy of the catalog with ``text`` for its English, beside copies
    of its translations."""
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    for language, file in data.translation_files(data.CATALOG_FILE).items():
        shutil.copy(file, tmp_path / f"catalog.{language}.toml")
    return path


def test_the_demo_has_one_account_per_role_with_the_demo_password(catalog, monkeypatch):
    from django.contrib.auth import authenticate

    from civic311.demo import accounts
    from civic311.people.models import Role

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    assert accounts.ensure_people() == 5
    assert accounts.ensure_people() == 0

    roles = {}
    for username in ("agent", "staff", "manager", "executive", "admin"):
        user = authenticate(username=username, password="demo")
        assert user is not None, username
        roles[username] = user.staff.role
    assert roles == {
        "agent": Role.AGENT,
        "staff": Role.STAFF,
        "manager": Role.MANAGER,
        "executive": Role.EXECUTIVE,
        "admin": Role.ADMINISTRATOR,
    }


def test_a_production_site_gets_demo_accounts_only_with_a_chosen_password(
    catalog, settings, monkeypatch
):
    from django.core.exceptions import ImproperlyConfigured

    from civic311.demo import accounts

    settings.ENVIRONMENT = "production"
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with pytest.raises(ImproperlyConfigured):
        accounts.ensure_people()

    monkeypatch.setenv("DEMO_PASSWORD", "a long chosen one")
    accounts.ensure_people()


def test_invented_work_is_done_through_the_real_actions(catalog):
    from civic311.demo import accounts
    from civic311.routing.models import OutsideAgency

    load_catalog()
    accounts.ensure_people()
    generate_requests(400, seed=5, years=2, now=NOW)

    referred = ServiceRequest.objects.filter(state=State.REFERRED)
    assigned = ServiceRequest.objects.exclude(assignee=None).select_related(
        "assignee__staff"
    )
    merged = ServiceRequest.objects.filter(state=State.DUPLICATE)
    assert OutsideAgency.objects.count() >= 6
    assert referred.exists() and all(r.referred_to_id for r in referred)
    assert assigned.exists()
    assert all(r.assignee.staff.department_id == r.department_id for r in assigned)
    assert merged.exists() and all(r.parent_id for r in merged)
    assert ServiceRequest.objects.filter(reports__gt=1).exists()
