"""Unique Pupil Numbers (UPN): validation with python-stdnum, plus LA codes created after its list."""

from __future__ import annotations

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.gb import upn as stdnum_upn

# python-stdnum's LA list dates from 2011. Local government reorganisation since then created
# these LA numbers (Northamptonshire split 2021; Cumbria split 2023), which issue real UPNs.
LA_CODES_SINCE_2011 = frozenset({940, 941, 942, 943})


class UPNError(ValueError):
    """A UPN that cannot be accepted, with a message a school administrator can act on."""


def normalise_upn(value: str) -> str:
    """Return the UPN in canonical form (upper case, no spaces) or raise UPNError saying what is wrong."""
    number = stdnum_upn.compact(value or "")
    try:
        return str(stdnum_upn.validate(number))
    except InvalidLength:
        raise UPNError(f"A UPN has 13 characters; this one has {len(number)}.") from None
    except InvalidFormat:
        raise UPNError(
            "A UPN is a check letter, then 11 digits, then a digit (or a letter for a temporary UPN)."
        ) from None
    except InvalidComponent:
        la_code = int(number[1:4])
        if la_code in LA_CODES_SINCE_2011 and stdnum_upn.calc_check_digit(number[1:]) == number[0]:
            return number
        raise UPNError(f"Characters 2 to 4 of a UPN are a local authority number; {number[1:4]} is not one.") from None
    except InvalidChecksum:
        raise UPNError(
            "The check letter (the first character) does not match the rest of the UPN: check for a typing error."
        ) from None
    except ValidationError:
        raise UPNError("This is not a valid UPN.") from None


def is_temporary_upn(upn: str) -> bool:
    """Temporary UPNs end in a letter; they are replaced by a permanent UPN when one is known."""
    return upn[-1:].isalpha()


def make_upn(*, la_code: int, establishment: int, year: int, serial: int) -> str:
    """Build a permanent UPN (used by the demo data generator and by tests)."""
    body = f"{la_code:03d}{establishment:04d}{year % 100:02d}{serial:03d}"
    return f"{stdnum_upn.calc_check_digit(body)}{body}"
