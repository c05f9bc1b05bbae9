from __future__ import annotations

from lib.plain_english import spell_out, terms_in


def test_an_abbreviation_is_spelled_out_where_it_first_appears():
    assert spell_out("SALT twice a week; SALT targets at home.") == (
        "speech and language therapy (SALT) twice a week; SALT targets at home."
    )


def test_each_abbreviation_in_a_text_is_spelled_out_once():
    assert spell_out("Work with the TA on SEMH goals, then the TA checks in.") == (
        "Work with the teaching assistant (TA) on social, emotional and mental health (SEMH) goals, then the TA checks in."
    )


def test_two_spellings_of_the_same_thing_are_spelled_out_once():
    assert spell_out("SENCo and SENDCo") == "special educational needs co-ordinator (SENCo) and SENDCo"


def test_only_whole_words_written_in_capitals_count():
    text = "Tap the table, then say ta. STAR chart. Hi Mum."
    assert spell_out(text) == text


def test_longer_abbreviations_win_over_shorter_ones_inside_them():
    assert spell_out("EHCP review") == "education, health and care plan (EHCP) review"
    assert spell_out("SEND team") == "special educational needs and disabilities (SEND) team"


def test_plain_text_is_left_alone():
    assert spell_out("Reads ten words on sight.") == "Reads ten words on sight."


def test_terms_in_lists_each_abbreviation_once_in_alphabetical_order():
    assert terms_in("SALT with the TA", "the TA again", "no codes here") == [
        ("SALT", "speech and language therapy"),
        ("TA", "teaching assistant"),
    ]
