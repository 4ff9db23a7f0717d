"""Korean business registration number (BRN, 사업자등록번호): format and check digit.

``stdnum.kr.brn`` checks the shape only (10 digits, tax office >= 101, non-zero business type and serial); the
check digit is the project's own computation:

- weights 1, 3, 7, 1, 3, 7, 1, 3, 5 over the first nine digits, summed;
- plus ``floor(d9 * 5 / 10)`` (the ninth digit times five, tens digit carried);
- check digit = ``(10 - sum mod 10) mod 10``.

Valid: ``2048631263``, ``6028131841``. Invalid: ``1234567890``.
"""

from __future__ import annotations

from stdnum.exceptions import ValidationError
from stdnum.kr import brn as _stdnum_brn

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def compact_brn(value: str) -> str:
    """The BRN without separators (``204-86-31263`` -> ``2048631263``)."""
    return _stdnum_brn.compact(value)


def brn_check_digit(first9: str) -> int:
    """The check digit for the first nine digits of a BRN."""
    if len(first9) != 9 or not first9.isascii() or not first9.isdigit():
        raise ValueError("a BRN check digit needs exactly nine ASCII digits")
    digits = [ord(c) - 48 for c in first9]
    total = sum(w * d for w, d in zip(_WEIGHTS, digits, strict=True)) + (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def is_valid_brn(value: str | None) -> bool:
    """True when ``value`` has the BRN format (per ``stdnum.kr.brn``) and its last digit is the check digit."""
    if not value:
        return False
    try:
        number = _stdnum_brn.validate(value)
    except ValidationError:
        return False
    if not number.isascii():  # str.isdigit() accepts non-ASCII digits such as '١'
        return False
    return brn_check_digit(number[:9]) == ord(number[9]) - 48
