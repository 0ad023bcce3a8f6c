"""Which front-end packages from npm are served (see STATICFILES_DIRS)."""

from django.conf import settings


def vendored(package: str) -> bool:
    """True when ``vendor/<package>`` is among the static folders: the
    package was installed, so pages may link its files."""
    prefix = f"vendor/{package}"
    return any(
        isinstance(entry, tuple) and entry[0] == prefix
        for entry in settings.STATICFILES_DIRS
    )
