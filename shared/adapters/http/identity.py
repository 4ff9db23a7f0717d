"""Who is calling, from the claims the Cognito user pool authorizer put on the request."""

from __future__ import annotations

import re

from shared.domain.actor import Actor

_ORG = {"business": re.compile(r"^\d{10}$"), "official": re.compile(r"^\d{5}$")}
NATIONAL = "NATIONAL"  # the org of the national feed (e나라도움): every national actor is this one org


def groups(value: object) -> set[str]:
    """``cognito:groups`` arrives as a list, or (REST API authorizer) a string like ``"[a b]"`` or ``"a,b"``."""
    if isinstance(value, list):
        return {str(v) for v in value}
    if isinstance(value, str):
        return {part for part in re.split(r"[\s,\[\]]+", value) if part}
    return set()


def actor_from_claims(claims: dict[str, object] | None, officials_issuer: str = "") -> Actor | None:
    """The caller, or None when the token names no known role or a malformed org.

    With ``officials_issuer`` (the officials' user pool, ``OFFICIALS_ISSUER``) the roles that decide and pay
    (``official``) and write national data (``national``) are taken only from a token that pool issued: a group
    of that name in the businesses' pool, where MFA is optional, names no role.

    The group ``national`` is the national feed (e나라도움), the one writer of national data by API: its actor's
    org is ``NATIONAL`` whatever ``custom:org`` says (absent, or ``NATIONAL``, in the tokens we mint). A token in
    ``national`` and in another role's group is refused: the feed is nobody's LG and nobody's business."""
    if not claims:
        return None
    org = str(claims.get("custom:org", ""))
    subject = str(claims.get("sub", ""))
    member = groups(claims.get("cognito:groups"))
    if officials_issuer and str(claims.get("iss", "")) != officials_issuer:
        member -= {"official", "national"}
    if "national" in member:
        if member & set(_ORG):
            return None
        return Actor("national", NATIONAL, subject or "unknown")
    for role in ("official", "business"):
        if role in member and _ORG[role].match(org):
            return Actor(role, org, subject or "unknown")
    return None
