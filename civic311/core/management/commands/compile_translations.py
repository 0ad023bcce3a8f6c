"""``civic311 compile_translations``: build the ``.mo`` catalogues.

Django reads only compiled catalogues. They are built from the ``.po``
files with polib rather than GNU gettext's ``msgfmt``, so a fresh clone
needs nothing outside its Python dependencies. The ``.mo`` files are build
output and are not committed.
"""

import os
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogues() -> list[Path]:
    """Every ``django.po`` under the project's ``LOCALE_PATHS``."""
    found: list[Path] = []
    for folder in settings.LOCALE_PATHS:
        found.extend(sorted(Path(folder).glob("*/LC_MESSAGES/django.po")))
    return found


def is_stale(po_path: Path, mo_path: Path) -> bool:
    if not mo_path.exists():
        return True
    return po_path.stat().st_mtime > mo_path.stat().st_mtime


def compile_catalogue(po_path: Path, mo_path: Path) -> None:
    # Written aside and moved into place, so that a running server never
    # reads a half-written catalogue.
    partial = mo_path.with_name(mo_path.name + ".partial")
    polib.pofile(str(po_path)).save_as_mofile(str(partial))
    os.replace(partial, mo_path)


class Command(BaseCommand):
    help = "Compile each translation catalogue (.po) whose .mo is missing or older."

    # Runs before migrate in a fresh checkout; it reads no models.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        found = catalogues()
        compiled = 0
        for po_path in found:
            mo_path = po_path.with_suffix(".mo")
            if is_stale(po_path, mo_path):
                compile_catalogue(po_path, mo_path)
                compiled += 1

        if options["verbosity"] > 0:
            self.stdout.write(
                f"Compiled {compiled} of {len(found)} translation catalogues."
            )
