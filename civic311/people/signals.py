"""Sign-in events for the security log, ``civic311.security``: who tried,
never the password or the code typed."""

import logging
from typing import Any

security = logging.getLogger("civic311.security")

MAX_USERNAME = 150


def log_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:MAX_USERNAME]
    security.warning("sign-in failed for username %r", username)


def log_signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security.info("account %s signed in", user.pk)


def log_wrong_code(sender: Any, user: Any, **kwargs: Any) -> None:
    security.warning("two-step code refused for account %s", user.pk)
