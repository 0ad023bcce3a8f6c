"""Who did something: every action takes an actor, and history keeps it."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from civic311.apiclients.models import ApiClient


@dataclass(frozen=True)
class Actor:
    """A person, an API client, or the system itself.

    ``label`` is what history shows; it never holds a resident's name.
    """

    label: str
    user: Optional["User"] = None
    api_client: Optional["ApiClient"] = None

    @classmethod
    def system(cls, what: str = "system") -> "Actor":
        return cls(label=what)

    @classmethod
    def for_user(cls, user: "User") -> "Actor":
        return cls(label=user.get_username(), user=user)

    @classmethod
    def for_api_client(cls, client: "ApiClient") -> "Actor":
        return cls(label=f"api:{client.name}", api_client=client)
