"""The word banks: every template fills in, every need type has a bank, and the banks are deep enough."""

from __future__ import annotations

from collections import defaultdict

from demo import banks
from lib.census import need_types
from pupils.models import Adjustment, Barrier, ProfileVersion

CONTEXT = {
    "name": "Amara",
    "he": "she",
    "He": "She",
    "him": "her",
    "his": "her",
    "His": "Her",
    "interest": "dinosaurs",
    "interest2": "baking",
    "adult": "Miss Holland",
    "family": "my mum",
    "special_thing": "our dog, Biscuit",
    "la": "Wyvern County Council",
    "school": "Oakfield Primary School",
    "issued": "12/03/2025",
}


def templates() -> list[str]:
    found: list[str] = []
    for bank in banks.NEED_BANKS.values():
        for variant in bank.variants:
            found.append(variant.description)
        for barrier in bank.barriers:
            found += [barrier.title, barrier.description, *(text for _, text in barrier.adjustments)]
        for phrases in (
            bank.how_to_support,
            bank.communication,
            bank.important,
            bank.dislikes,
            bank.strengths,
            bank.works,
            bank.doesnt,
            bank.reasons,
            bank.medical,
        ):
            found += phrases
    for phrases in (
        banks.ADMIRE,
        banks.ADMIRE_COMPLEX,
        banks.STRENGTHS,
        banks.IMPORTANT,
        banks.DISLIKES,
        banks.MEDICAL,
        banks.REASON_EHCP_AFTER_SUPPORT,
        banks.REASON_EHCP_ON_ARRIVAL,
        banks.REASON_EHCP_EARLY,
        banks.REASON_ASSESSMENT_PLACE,
        banks.REASON_REMOVED,
        tuple(banks.CHANGE_NOTES.values()),
        (banks.BARRIER_ARCHIVED, banks.NEED_ENDED),
    ):
        found += phrases
    return found


def test_every_template_fills_in_with_the_generator_placeholders():
    for template in templates():
        filled = template.format_map(CONTEXT)
        assert "{" not in filled, template
        assert filled.strip(), template


def test_every_census_need_type_has_a_bank_and_every_bank_a_census_code():
    assert set(banks.NEED_BANKS) == set(need_types())


def test_each_broad_area_has_at_least_five_distinct_barriers_with_adjustments():
    titles: dict[str, set[str]] = defaultdict(set)
    for code, bank in banks.NEED_BANKS.items():
        area = need_types()[code].broad_area or code
        for barrier in bank.barriers:
            titles[area].add(barrier.title)
            assert 1 <= len(barrier.adjustments) <= 4
            assert all(kind in Adjustment.Kind.values for kind, _ in barrier.adjustments)
    for area, found in titles.items():
        assert len(found) >= 5, area


def test_variants_point_at_barriers_that_exist():
    for bank in banks.NEED_BANKS.values():
        for variant in bank.variants:
            assert all(0 <= index < len(bank.barriers) for index in variant.barriers)
            assert bool(variant.diagnosis) == bool(variant.diagnosis_source)


def test_secondary_needs_never_suggest_nsa():
    for code, bank in banks.NEED_BANKS.items():
        assert "NSA" not in bank.secondary
        assert code not in bank.secondary


def test_barrier_titles_and_two_change_notes_fit_their_fields():
    title_limit = Barrier._meta.get_field("title").max_length
    note_limit = ProfileVersion._meta.get_field("change_note").max_length
    assert title_limit is not None
    assert note_limit is not None
    for bank in banks.NEED_BANKS.values():
        for barrier in bank.barriers:
            assert len(barrier.title.format_map(CONTEXT)) <= title_limit
    longest = sorted((note.format_map(CONTEXT) for note in banks.CHANGE_NOTES.values()), key=len)[-2:]
    assert len(" ".join(longest)) <= note_limit
