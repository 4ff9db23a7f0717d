"""Local identity: tokens shaped like a Cognito user pool's ID tokens, signed with a local RSA key.

The key is made on first use under ``.local/`` (never committed). The local API front verifies tokens with it,
as API Gateway's Cognito authorizer would, and hands the claims to the handler.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import uuid
from functools import lru_cache
from pathlib import Path

import jwt

ROOT = Path(__file__).resolve().parents[2]
KEY_FILE = ROOT / ".local" / "jwt-signing-key.pem"
# one issuer per user pool, as in AWS: officials and the national feed sign in to the officials' pool
OFFICIALS_ISSUER = "local-officials-pool"
BUSINESSES_ISSUER = "local-businesses-pool"
ISSUERS = {"business": BUSINESSES_ISSUER, "official": OFFICIALS_ISSUER, "national": OFFICIALS_ISSUER}
AUDIENCE = "local-claims-client"
TOKEN_LIFETIME_SECONDS = 12 * 60 * 60
_ORG = {"business": re.compile(r"^\d{10}$"), "official": re.compile(r"^\d{5}$"), "national": re.compile(r"^NATIONAL$")}
NATIONAL = "NATIONAL"  # the national feed's org (e나라도움): ROLE=national needs no ORG


@lru_cache(maxsize=1)
def _private_key():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if KEY_FILE.exists():
        return serialization.load_pem_private_key(KEY_FILE.read_bytes(), password=None)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    KEY_FILE.write_bytes(pem)
    KEY_FILE.chmod(0o600)
    return key


def mint(role: str, org: str | None = None, subject: str | None = None, lifetime: int = TOKEN_LIFETIME_SECONDS) -> str:
    if role not in _ORG:
        raise ValueError("role must be 'business', 'official' or 'national'")
    if role == "national" and not org:
        org = NATIONAL
    if not org or not _ORG[role].match(org):
        raise ValueError(
            "org must be a 10-digit BRN for a business, a 5-digit LG code for an official "
            f"(and {NATIONAL} or nothing for the national feed)"
        )
    now = int(time.time())
    claims = {
        "sub": subject or str(uuid.uuid5(uuid.NAMESPACE_URL, f"local:{role}:{org}")),
        "cognito:groups": [role],
        "custom:org": org,
        "iss": ISSUERS[role],
        "aud": AUDIENCE,
        "token_use": "id",
        "iat": now,
        "exp": now + lifetime,
    }
    return jwt.encode(claims, _private_key(), algorithm="RS256")


def verify(token: str) -> dict:
    """The token's claims, or ``jwt.InvalidTokenError`` (bad signature, expired, wrong issuer or audience)."""
    return jwt.decode(
        token,
        _private_key().public_key(),
        algorithms=["RS256"],
        audience=AUDIENCE,
        issuer=(OFFICIALS_ISSUER, BUSINESSES_ISSUER),
        options={"require": ["exp", "iat", "sub", "iss", "aud"]},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make token", description="Print a bearer token for the local stack.")
    parser.add_argument(
        "--role",
        required=True,
        choices=sorted(_ORG),
        help="business, official or national (the national feed, e나라도움)",
    )
    parser.add_argument(
        "--org",
        default=None,
        help=f"the business's 10-digit BRN or the official's 5-digit LG code (national: {NATIONAL}, or leave it out)",
    )
    args = parser.parse_args(argv)
    try:
        token = mint(args.role, args.org)
    except ValueError as error:
        parser.error(str(error))
    print(
        f"# {args.role} {args.org or NATIONAL}, valid {TOKEN_LIFETIME_SECONDS // 3600} h; "
        "use as: Authorization: Bearer <token>"
    )
    print(token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
