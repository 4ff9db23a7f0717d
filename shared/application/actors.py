"""Who may call a use case: the checks on the caller (an ``Actor``) that several services share."""

from __future__ import annotations

from shared.domain.actor import Actor
from shared.domain.errors import Forbidden


def require_official(actor: Actor, message: str = "Only an LG official may do this") -> None:
    """Refuse (403) anyone but an LG official; ``message`` says what only an official may do."""
    if actor.role != "official":
        raise Forbidden(message)
