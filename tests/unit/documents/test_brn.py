"""BRN (business registration number) format and check digit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.domain.documents.brn import brn_check_digit, compact_brn, is_valid_brn


@pytest.mark.parametrize(
    "value",
    ["2048631263", "6028131841", "204-86-31263", " 602 81 31841 ", "２０４８６３１２６３"],  # stdnum folds full-width
)
def test_known_valid(value: str) -> None:
    assert is_valid_brn(value)


@pytest.mark.parametrize(
    "value",
    [
        "1234567890",  # wrong check digit
        "2048631264",  # one off
        "204863126",  # too short
        "20486312630",  # too long
        "20486312a3",  # not digits
        "",
        None,
        "0000000000",  # tax office below 101 (stdnum's format check)
    ],
)
def test_known_invalid(value: str | None) -> None:
    assert not is_valid_brn(value)


def test_check_digit_of_known_numbers() -> None:
    assert brn_check_digit("204863126") == 3
    assert brn_check_digit("602813184") == 1


def test_compact() -> None:
    assert compact_brn("204-86-31263") == "2048631263"


@pytest.mark.parametrize("first9", ["12345678", "1234567890", "12345678x"])
def test_check_digit_needs_nine_digits(first9: str) -> None:
    with pytest.raises(ValueError):
        brn_check_digit(first9)


# Nine digits that pass stdnum's format check: tax office >= 101, business type != 00, serial != 0000.
first_nine = st.builds(
    lambda office, kind, serial: f"{office:03d}{kind:02d}{serial:04d}",
    st.integers(101, 999),
    st.integers(1, 99),
    st.integers(1, 9999),
)


@given(first_nine)
def test_appending_the_check_digit_gives_a_valid_brn(first9: str) -> None:
    assert is_valid_brn(first9 + str(brn_check_digit(first9)))


@given(first_nine, st.integers(1, 9))
def test_any_other_last_digit_is_invalid(first9: str, offset: int) -> None:
    wrong = (brn_check_digit(first9) + offset) % 10
    assert not is_valid_brn(first9 + str(wrong))
