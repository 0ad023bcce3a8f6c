"""The emergency detector: what it flags, what it leaves alone, and how
well it does on the hand-labelled set in ``evaluation/``."""

import csv
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_django import Settings

from civic311 import triage
from civic311.triage import advice, assess

LABELLED = Path(__file__).resolve().parents[1] / "evaluation" / "emergencies.csv"

EMERGENCIES = [
    (
        "fire",
        "en",
        "There's a fire in the laundry room of building 4, smoke in the hall",
    ),
    ("fire", "es", "Hay fuego en la cocina del vecino y sale humo por la ventana"),
    ("gas", "en", "It smells like gas in the whole stairwell"),
    ("gas", "es", "Huele a gas en la cocina desde hace una hora"),
    (
        "carbon_monoxide",
        "en",
        "The carbon monoxide detector is going off and my son feels dizzy",
    ),
    ("carbon_monoxide", "es", "La alarma de monóxido de carbono está sonando"),
    ("injury", "en", "A man collapsed at the bus stop and is not breathing"),
    ("injury", "es", "Una señora está inconsciente en la banqueta"),
    ("overdose", "en", "Someone is overdosing in the station bathroom"),
    ("overdose", "es", "Un muchacho tiene una sobredosis en la esquina"),
    ("violence", "en", "A man with a knife is chasing people on the platform"),
    ("violence", "es", "Se escucharon balazos cerca de la escuela"),
    (
        "crime_in_progress",
        "en",
        "Someone is breaking into the car across the street right now",
    ),
    ("crime_in_progress", "es", "Están robando la tienda de la esquina ahorita"),
    ("crash", "en", "A car hit a cyclist at the crosswalk and she is on the ground"),
    ("crash", "es", "Atropellaron a un señor en la avenida"),
    ("live_wire", "en", "Downed power line across the sidewalk, it is sparking"),
    ("live_wire", "es", "Hay cables de luz caídos en la calle"),
    ("collapse", "en", "The ceiling of the apartment is caving in"),
    ("collapse", "es", "Se está derrumbando la fachada del edificio"),
    ("trapped", "en", "Two kids are stuck in the elevator between floors"),
    ("trapped", "es", "Hay una persona atrapada bajo los escombros"),
    ("flooding", "en", "Water is pouring into our house and rising fast"),
    ("flooding", "es", "Se está inundando mi casa y el agua sigue subiendo"),
    ("hot_car", "en", "There is a toddler left alone in a locked car in the lot"),
    ("hot_car", "es", "Hay un niño solo dentro de un carro al sol"),
]

ORDINARY = [
    ("en", "The fire hydrant on the corner is leaking"),
    ("en", "Cars keep parking in the fire lane"),
    ("en", "The fire escape ladder is rusted"),
    ("en", "The gas prices sign at the gas station is broken"),
    ("en", "Abandoned car ran out of gas a week ago"),
    ("en", "Strong gasoline smell from the body shop"),
    ("en", "The 311 website crashed when I tried to pay"),
    ("en", "Graffiti on the wall of the school"),
    ("en", "Live music from the bar every weekend"),
    ("en", "No one was hurt but the fallen branch blocks the path"),
    ("en", "There was a fire in this building last year and the debris is still there"),
    ("en", "Kids could get hurt on this broken swing"),
    ("en", "Cat trapped in the storm drain"),
    ("en", "Deep pothole by the curb."),
    ("en", "Pothole."),
    ("es", "Fuegos artificiales toda la noche"),
    ("es", "La boca de incendios está abierta"),
    ("es", "La gasolinera tira basura en la calle"),
]


@pytest.mark.parametrize(("kind", "language", "text"), EMERGENCIES)
def test_each_kind_is_flagged_in_english_and_spanish(
    kind: str, language: str, text: str
) -> None:
    found = assess(text)

    assert found.emergency
    assert kind in found.kinds


def test_every_kind_has_english_and_spanish_examples() -> None:
    covered = {(kind, language) for kind, language, _ in EMERGENCIES}

    assert covered == {(k, lang) for k in triage.KINDS for lang in ("en", "es")}


@pytest.mark.parametrize(("language", "text"), ORDINARY)
def test_near_misses_are_not_flagged(language: str, text: str) -> None:
    assert assess(text) == triage.Assessment(emergency=False)


def test_a_hard_negative_does_not_hide_a_real_fire_next_to_it() -> None:
    found = assess("The car parked next to the fire hydrant is on fire")

    assert found.kinds == ("fire",)


def test_the_gas_reports_intake_relies_on_are_flagged_as_gas() -> None:
    for text in (
        "Strong smell of gas coming from the manhole!",
        "I smell gas near the school",
    ):
        assert "gas" in assess(text).kinds


def test_accents_capitals_and_curly_apostrophes_are_folded() -> None:
    assert assess("INCENDIO EN EL SÓTANO") == assess("incendio en el sotano")
    assert assess("SE ROMPIÓ LA TUBERÍA DE GAS").kinds == ("gas",)
    assert assess("HOUSE ON FIRE!!!").kinds == ("fire",)
    assert assess("There\u2019s a fire in the basement").kinds == ("fire",)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_not_an_emergency(text: str) -> None:
    assert assess(text) == triage.Assessment(emergency=False, kinds=())


def test_kinds_are_sorted_and_unique() -> None:
    found = assess(
        "Car crash on Main St, the car is on fire, the driver is bleeding and "
        "another car is on fire too"
    )

    assert found.kinds == ("crash", "fire", "injury")


def test_spanish_is_read_whatever_language_the_resident_chose() -> None:
    # Intake passes no language: the interface language says nothing about
    # the language of the description.
    assert assess("huele a gas en el pasillo").kinds == ("gas",)
    assert assess("strong smell of gas in the hallway").kinds == ("gas",)


def test_advice_tells_the_resident_to_call_the_citys_emergency_number() -> None:
    assert "911" in advice()


def test_advice_follows_the_number_in_the_city_profile(settings: Settings) -> None:
    settings.CITY = dataclasses.replace(settings.CITY, emergency_number="112")

    assert "112" in advice()
    assert "911" not in advice()


def test_assess_works_without_django_settings() -> None:
    script = "from civic311.triage import assess; print(assess('house on fire').kinds)"

    done = subprocess.run(  # noqa: S603 - a fixed script run by this interpreter
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "", "PYTHONPATH": str(LABELLED.parents[1])},
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "('fire',)"


def test_every_signal_names_one_of_the_stems_of_its_gate() -> None:
    # A signal whose words are missing from the gate would never be tried.
    for language, table in triage.PATTERNS.items():
        for kind, patterns in table.items():
            for signal in patterns.signals:
                assert any(stem in signal for stem in patterns.stems), (
                    language,
                    kind,
                    signal,
                )


def _labelled() -> list[dict[str, str]]:
    with LABELLED.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_no_labelled_text_matches_a_signal_that_its_gate_would_skip() -> None:
    for row in _labelled():
        folded = triage.fold(row["text"])
        for rule in triage.EVERY_RULE:
            if rule.signals.search(folded):
                assert rule.gate.search(folded), (rule.kind, row["text"])


def _scores(rows: list[dict[str, str]]) -> tuple[float, float]:
    """Recall on the emergencies and false-flag rate on the ordinary rows."""
    urgent = [row for row in rows if row["label"] == "emergency"]
    ordinary = [row for row in rows if row["label"] == "ordinary"]
    caught = sum(assess(row["text"]).emergency for row in urgent)
    false = sum(assess(row["text"]).emergency for row in ordinary)
    return caught / len(urgent), false / len(ordinary)


def test_the_labelled_set_is_caught_with_few_false_flags() -> None:
    recall, false_flags = _scores(_labelled())

    # Measured when written: recall 0.980, false flags 0.007.
    assert recall >= 0.95
    assert false_flags <= 0.03


def test_the_held_out_rows_are_caught_with_few_false_flags() -> None:
    # These rows were written after the patterns and never used to tune
    # them; tuning on them would make this bound say nothing.
    held_out = [row for row in _labelled() if row["note"].startswith("held out:")]

    recall, false_flags = _scores(held_out)

    # Measured when written: recall 0.885 (46/52), false flags 0.047 (2/43).
    assert recall >= 0.85
    assert false_flags <= 0.10
