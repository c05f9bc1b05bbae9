"""Plain English for parents: the abbreviations schools use, spelled out.

Plans are written by staff, who use the sector's shorthand ("SALT twice a week with the TA"). The parents' version
spells each abbreviation out where it first appears in a piece of text, so a parent never meets a code unexplained.
"""

from __future__ import annotations

import re

# Written for a reading age of about 9 to 11: short words, no further abbreviations inside the meanings.
MEANINGS: dict[str, str] = {
    "ADHD": "attention deficit hyperactivity disorder",
    "APDR": "assess, plan, do, review",
    "ASC": "autism",
    "ASD": "autism",
    "CAMHS": "the children's mental health service",
    "EAL": "English as an additional language",
    "EHC": "education, health and care",
    "EHCP": "education, health and care plan",
    "EHCNA": "a request for an education, health and care needs assessment",
    "ELSA": "emotional literacy support assistant",
    "EP": "educational psychologist",
    "HI": "hearing impairment",
    "IEP": "individual education plan",
    "LSA": "learning support assistant",
    "MLD": "moderate learning difficulty",
    "MSI": "multi-sensory impairment",
    "OT": "occupational therapist",
    "PD": "physical disability",
    "PMLD": "profound and multiple learning difficulty",
    "QFT": "good everyday teaching in class",
    "SALT": "speech and language therapy",
    "SaLT": "speech and language therapy",
    "SEMH": "social, emotional and mental health",
    "SEN": "special educational needs",
    "SENCo": "special educational needs co-ordinator",
    "SENCO": "special educational needs co-ordinator",
    "SENDCo": "special educational needs co-ordinator",
    "SENDCO": "special educational needs co-ordinator",
    "SEND": "special educational needs and disabilities",
    "SLCN": "speech, language and communication needs",
    "SLD": "severe learning difficulty",
    "SpLD": "specific learning difficulty, such as dyslexia",
    "TA": "teaching assistant",
    "VI": "visual impairment",
}
# Whole words only, matched exactly as written: "TA" is an abbreviation, "ta" (thank you) is not.
_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, MEANINGS), key=len, reverse=True)) + r")\b")


def spell_out(text: str) -> str:
    """`text` with each abbreviation spelled out the first time it appears: "SALT" becomes
    "speech and language therapy (SALT)"; later mentions are left as they are."""
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        term = match.group(1)
        meaning = MEANINGS[term]
        if meaning in seen:
            return term
        seen.add(meaning)
        return f"{meaning} ({term})"

    return _PATTERN.sub(replace, text)


def terms_in(*texts: str) -> list[tuple[str, str]]:
    """The abbreviations used in any of `texts`, with their meanings, in alphabetical order: a "words we use" list."""
    found = {match for text in texts for match in _PATTERN.findall(text)}
    return sorted(((term, MEANINGS[term]) for term in found), key=lambda pair: pair[0].lower())
