"""The demo's data files: where they are and how they are read."""

import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
CATALOG_FILE = HERE / "catalog.toml"
REQUESTS_FILE = HERE / "requests.toml"


class DemoDataError(ValueError):
    """A demo data file is unreadable or contradicts itself or the catalog."""


def read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DemoDataError(f"cannot read {path}: {error}") from error
