"""Who calls, for every context: the one identity the domain knows (the shared kernel of claims, subsidy and
settlement). Built by the HTTP adapter from a verified token; the domain only reads it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["business", "official", "national"]  # national: the national feed (e나라도움), org NATIONAL


@dataclass(frozen=True, slots=True)
class Actor:
    """Who calls: a business (org = its BRN), an LG official (org = the LG code) or the national feed (role
    ``national``, org ``NATIONAL``: e나라도움, the one writer of national data). ``subject`` is the token's opaque
    ``sub``, never a name."""

    role: Role
    org: str
    subject: str

    @property
    def label(self) -> str:
        return f"{self.role}:{self.org}:{self.subject}"
