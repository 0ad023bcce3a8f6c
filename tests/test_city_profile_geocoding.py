"""Reading a city's geocoders from its profile: what a city's IT writes, and
the mistakes that must stop the start rather than a resident's search."""

from pathlib import Path

import pytest

from civic311.city import DEMO_PROFILE, Geocoder, ProfileError, load_profile


def write_city(folder: Path, geocoding: str) -> Path:
    """The demo profile up to its [geocoding] section, then ``geocoding``."""
    base = DEMO_PROFILE.read_text().split("[geocoding]")[0]
    profile = folder / "city.toml"
    profile.write_text(base + geocoding)
    return profile


def test_the_demo_city_asks_nominatim_then_the_census_bureau() -> None:
    assert load_profile(DEMO_PROFILE).geocoders == (
        Geocoder("nominatim", "https://nominatim.openstreetmap.org", 3.0),
        Geocoder("census", "https://geocoding.geo.census.gov/geocoder", 3.0),
    )


def test_a_profile_without_geocoding_has_no_geocoders(tmp_path: Path) -> None:
    assert load_profile(write_city(tmp_path, "")).geocoders == ()


def test_a_geocoder_may_set_its_timeout_and_loses_a_final_slash(
    tmp_path: Path,
) -> None:
    profile = write_city(
        tmp_path,
        "[[geocoding.providers]]\n"
        'kind = "nominatim"\n'
        'url = "https://geocoder.example.gov/nominatim/"\n'
        "timeout = 1.5\n",
    )

    assert load_profile(profile).geocoders == (
        Geocoder("nominatim", "https://geocoder.example.gov/nominatim", 1.5),
    )


def test_an_unknown_kind_stops_the_start_naming_the_known_ones(
    tmp_path: Path,
) -> None:
    profile = write_city(
        tmp_path,
        '[[geocoding.providers]]\nkind = "nominatim"\nurl = "https://a.example"\n'
        '[[geocoding.providers]]\nkind = "google"\nurl = "https://b.example"\n',
    )

    with pytest.raises(ProfileError) as raised:
        load_profile(profile)

    message = str(raised.value)
    assert "geocoding provider 2 has kind 'google'" in message
    assert "nominatim, census" in message


@pytest.mark.parametrize(
    ("provider", "complaint"),
    [
        ('url = "https://a.example"', "has kind None"),
        ('kind = "census"', "needs a url"),
        ('kind = "census"\nurl = "file:///etc/passwd"', "needs a url"),
        ('kind = "census"\nurl = "https://a.example"\ntimeout = 0', "timeout 0"),
        ('kind = "census"\nurl = "https://a.example"\ntimeout = 60', "timeout 60"),
        ('kind = "census"\nurl = "https://a.example"\ntimeout = "3"', "timeout '3'"),
        ('kind = "census"\nurl = "https://a.example"\ntimeout = true', "timeout True"),
    ],
    ids=["no-kind", "no-url", "file-url", "zero", "minute", "text", "boolean"],
)
def test_a_wrong_geocoder_stops_the_start(
    tmp_path: Path, provider: str, complaint: str
) -> None:
    profile = write_city(tmp_path, f"[[geocoding.providers]]\n{provider}\n")

    with pytest.raises(ProfileError, match=complaint):
        load_profile(profile)
