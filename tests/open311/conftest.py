"""The people and the catalog the Open311 tests share.

The city runs a small catalog: potholes (no questions, translated into
Spanish), downed trees (a question of every datatype) and a retired
service. An app developer holds an API key; residents file requests with
contact details that must never come back out of the public API.
"""

from datetime import datetime
from typing import Any

import pytest

from civic311.apiclients.models import ApiClient
from civic311.catalog.models import Datatype, Department, Service
from civic311.servicerequests.intake import Contact
from tests.builders import (
    make_api_client,
    make_attribute,
    make_department,
    make_service,
)
from tests.open311.helpers import NOW


@pytest.fixture
def frozen(time_machine: Any) -> datetime:
    """Stop the clock at NOW for the whole test."""
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def streets(db: None) -> Department:
    return make_department(slug="tes", name="Transportation and Environmental Services")


@pytest.fixture
def pothole(streets: Department) -> Service:
    return make_service(
        service_code="pothole",
        service_name="Pothole",
        description="A hole in the road surface.",
        group="Streets",
        keywords="pothole, road, hole",
        department=streets,
        service_notice="Crews fill potholes within three business days.",
        translations={
            "es": {
                "service_name": "Bache",
                "description": "Un hoyo en la calzada.",
                "group": "Calles",
                "keywords": "bache, calle",
                "service_notice": "Las cuadrillas tapan los baches en tres días.",
            }
        },
    )


@pytest.fixture
def downed_tree(streets: Department) -> Service:
    """A service that asks one question of every GeoReport datatype, plus
    a notice that asks nothing."""
    tree = make_service(
        service_code="downed-tree",
        service_name="Downed tree",
        group="Parks and trees",
        department=streets,
    )
    make_attribute(
        tree,
        code="size",
        datatype=Datatype.NUMBER,
        required=True,
        description="How wide is the trunk, in inches?",
        datatype_description="A number of inches, such as 12",
    )
    make_attribute(
        tree,
        code="kind",
        datatype=Datatype.SINGLEVALUELIST,
        required=True,
        description="What kind of tree is it?",
        choices=[("oak", "Oak"), ("maple", "Maple"), ("other", "Something else")],
    )
    make_attribute(
        tree,
        code="blocking",
        datatype=Datatype.MULTIVALUELIST,
        description="What does it block?",
        choices=[("road", "The road"), ("sidewalk", "The sidewalk")],
    )
    make_attribute(
        tree, code="fell_at", datatype=Datatype.DATETIME, description="When?"
    )
    make_attribute(
        tree, code="landmark", datatype=Datatype.STRING, description="Landmark?"
    )
    make_attribute(
        tree, code="details", datatype=Datatype.TEXT, description="Anything else?"
    )
    make_attribute(
        tree,
        code="wires",
        datatype=Datatype.STRING,
        variable=False,
        description="Stay away from fallen wires and call 911.",
    )
    return tree


@pytest.fixture
def retired(streets: Department) -> Service:
    return make_service(
        service_code="phone-booth", service_name="Phone booth", active=False
    )


@pytest.fixture
def app(db: None) -> tuple[ApiClient, str]:
    """A mobile app with its API key."""
    return make_api_client(name="Alexandria on the go", channel="mobile")


@pytest.fixture
def resident() -> Contact:
    """Every contact field filled with a value that cannot appear by
    chance anywhere else."""
    return Contact(
        first_name="Zenobia",
        last_name="Quillfeather",
        email="zenobia.quillfeather@example.org",
        phone="703-555-0187",
        account_id="acct-Q7X4Z9",
        device_id="device-5f3c9e1d",
    )


@pytest.fixture
def neighbour() -> Contact:
    return Contact(
        first_name="Bartholomew",
        last_name="Ostrowiecki",
        email="b.ostrowiecki@example.net",
        phone="+1 571 555 0143",
        account_id="acct-M2N8R1",
        device_id="device-a7b6c5d4",
    )
