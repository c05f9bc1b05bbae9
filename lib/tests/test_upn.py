from __future__ import annotations

import pytest

from lib.upn import UPNError, is_temporary_upn, make_upn, normalise_upn


def test_the_reference_example_is_valid():
    assert normalise_upn("B801200005001") == "B801200005001"


def test_spaces_and_lower_case_are_tidied():
    assert normalise_upn(" b801 2000 05001 ") == "B801200005001"


def test_a_wrong_check_letter_says_to_look_for_a_typing_error():
    with pytest.raises(UPNError, match="check letter"):
        normalise_upn("A801200005001")


def test_a_short_upn_says_how_many_characters_it_has():
    with pytest.raises(UPNError, match="13 characters; this one has 12"):
        normalise_upn("B80120000500")


def test_an_unknown_local_authority_number_is_named():
    with pytest.raises(UPNError, match="000 is not one"):
        normalise_upn(make_upn(la_code=0, establishment=2000, year=5, serial=1))


def test_letters_in_the_middle_are_refused():
    with pytest.raises(UPNError, match="11 digits"):
        normalise_upn("X80120000A001")


def test_temporary_upns_ending_in_a_letter_are_accepted():
    body = "80120000501"
    from stdnum.gb import upn

    temporary = upn.calc_check_digit(body + "A") + body + "A"
    assert normalise_upn(temporary) == temporary
    assert is_temporary_upn(temporary)
    assert not is_temporary_upn("B801200005001")


@pytest.mark.parametrize("la_code", [940, 941, 942, 943])
def test_local_authorities_created_since_2011_are_accepted(la_code):
    upn = make_upn(la_code=la_code, establishment=2000, year=24, serial=7)
    assert normalise_upn(upn) == upn


def test_generated_upns_validate():
    upn = make_upn(la_code=919, establishment=2001, year=20, serial=123)
    assert normalise_upn(upn) == upn
