"""Issue 8.19: each finding has one kind, and a paragraph holding several becomes several."""

from pathlib import Path

import pytest

from assure.inspections.extraction import extract
from assure.inspections.extraction.findings import sentence_kind, split_finding

SEED = Path(__file__).resolve().parents[1] / "seed" / "hmic-wyp-2014-child-protection.txt"


def kinds(text):
    return [(f.kind, f.text) for f in split_finding(text)]


def test_the_seed_still_gives_five_findings_and_says_which_is_a_strength():
    extraction = extract(SEED.read_text(encoding="utf-8"))
    assert [f.kind for f in extraction.findings] == [
        "concern",
        "strength",  # "action plans in place ... committed to improving services"
        "concern",
        "concern",
        "concern",
    ]
    assert len(extraction.recommendations) == 8


def test_a_labelled_cause_of_concern_inside_a_strength_paragraph_is_its_own_finding():
    text = (
        "The force has a good understanding of the risks facing children. Cause of concern: "
        "the force does not consistently respond to missing children. Strength: referrals "
        "into the MASH are handled promptly."
    )
    assert kinds(text) == [
        ("strength", "The force has a good understanding of the risks facing children."),
        ("cause_of_concern", "The force does not consistently respond to missing children."),
        ("strength", "Referrals into the MASH are handled promptly."),
    ]


def test_unlabelled_sentences_of_different_kinds_are_split_and_neutral_ones_stay():
    text = (
        "Supervision of investigations is effective and thorough. Officers in Kirklees manage "
        "100 offenders each. However, there are long delays in the high tech unit."
    )
    assert kinds(text) == [
        (
            "strength",
            "Supervision of investigations is effective and thorough. Officers in Kirklees "
            "manage 100 offenders each.",
        ),
        ("concern", "However, there are long delays in the high tech unit."),
    ]


def test_a_sentence_naming_a_cause_of_concern_takes_the_concern_before_it_along():
    text = "The force does not identify missing children. This is a cause of concern."
    assert kinds(text) == [("cause_of_concern", text)]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The force is committed to improving services for children.", "strength"),
        ("Practice is inconsistent across the districts.", "concern"),
        ("The response was good where risk was high but officers did not attend.", "concern"),
        ("The force is not effective at this.", "concern"),
        ("Officers in Kirklees manage 100 offenders each.", None),
    ],
)
def test_sentence_kinds(sentence, kind):
    assert sentence_kind(sentence) == kind


def test_findings_sections_of_a_document_get_kinds():
    text = (
        "KEY FINDINGS\n"
        "\u2022 Referrals into the MASH are handled promptly. Cause of concern: risk "
        "assessments of missing children are not supervised.\n"
        "\u2022 Supervision of investigations is weak.\n"
    )
    got = [(f.kind, f.text) for f in extract(text).findings]
    assert got == [
        ("strength", "Referrals into the MASH are handled promptly."),
        ("cause_of_concern", "Risk assessments of missing children are not supervised."),
        ("concern", "Supervision of investigations is weak."),
    ]
