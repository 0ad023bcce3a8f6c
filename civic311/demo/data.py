"""The demo's data files: where they are and how they are read."""

import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
CATALOG_FILE = HERE / "catalog.toml"
REQUESTS_FILE = HERE / "requests.toml"


class DemoDataError(ValueError):
    """A demo data file is unreadable or contradicts itself or the catalog."""


def translation_files(catalog: Path) -> dict[str, Path]:
    """The catalog's translation files beside it, by language code:
    ``catalog.es.toml`` is the Spanish of ``catalog.toml``."""
    prefix = catalog.stem + "."
    return {
        path.stem.removeprefix(prefix): path
        for path in sorted(catalog.parent.glob(f"{catalog.stem}.*.toml"))
    }


def read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DemoDataError(f"cannot read {path}: {error}") from error
