from __future__ import annotations

from lib.census import BROAD_AREAS, broad_area_of, need_codes_in_area, need_types, need_valid_with


def test_every_census_need_type_is_loaded_from_the_reference_file():
    assert set(need_types()) == {
        "SPLD",
        "MLD",
        "SLD",
        "PMLD",
        "SEMH",
        "SLCN",
        "ASD",
        "HI",
        "VI",
        "MSI",
        "PD",
        "DS",
        "OTH",
        "NSA",
    }


def test_the_broad_area_follows_from_the_code():
    assert broad_area_of("SLCN") == "Communication and interaction"
    assert broad_area_of("SEMH") == "Social, emotional and mental health"
    assert broad_area_of("VI") == "Sensory and/or physical"
    assert broad_area_of("DS") == ""


def test_nsa_is_only_valid_with_sen_support():
    assert need_valid_with("NSA", "K")
    assert not need_valid_with("NSA", "E")
    assert need_valid_with("DS", "E")


def test_every_area_has_codes():
    for area in BROAD_AREAS:
        assert need_codes_in_area(area)
