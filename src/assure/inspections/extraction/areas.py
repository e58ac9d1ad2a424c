"""Area names: a heading put into sentence case, keeping policing's abbreviations."""

from __future__ import annotations

from .results import GENERAL_AREA
from .wording import clean_inline

#: Words kept in this exact spelling when an area heading is put into sentence case.
#: Policing abbreviations are written in capitals (and MISPERs with a lower-case
#: plural), so "MISPERS" becomes "MISPERs" but "DECISION MAKING" "Decision making".
AREA_ACRONYMS: dict[str, str] = {
    word.upper(): word
    for word in (
        "ACC",
        "ACPO",
        "CAIT",
        "CCTV",
        "CID",
        "CPS",
        "CSE",
        "CSA",
        "DASH",
        "DCI",
        "FGM",
        "HMIC",
        "HMICFRS",
        "HTCU",
        "ICPC",
        "IOM",
        "IT",
        "MAPPA",
        "MARAC",
        "MASH",
        "MISPER",
        "MISPERs",
        "NPCC",
        "PACE",
        "PCC",
        "PPU",
        "RCPC",
        "SIO",
        "UK",
        "VAWG",
        "WYP",
    )
}


def normalise_area(heading: str) -> str:
    """Sentence case for an area heading, keeping the acronyms in :data:`AREA_ACRONYMS`.

    Other all-capitals words in a mixed-case heading are also kept (they are almost
    always abbreviations the table does not know); in an all-capitals heading they
    cannot be told apart from ordinary words, so only the table applies.
    """
    text = clean_inline(heading).strip(" :.-\u2013\u2014")
    if not text:
        return GENERAL_AREA
    all_caps = text.upper() == text
    words = []
    for index, word in enumerate(text.split(" ")):
        core = word.strip("()[],;:'\"")
        known = AREA_ACRONYMS.get(core.upper())
        if known:
            word = word.replace(core, known)
        elif not all_caps and len(core) > 1 and core.isupper():
            pass
        else:
            word = word.lower()
        if index == 0:
            word = word[:1].upper() + word[1:]
        words.append(word)
    return " ".join(words)
