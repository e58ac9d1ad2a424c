"""The extractor against the seed report and against each pattern of the genre."""

import json
from datetime import date
from pathlib import Path

import pytest

from assure.inspections.deadlines import DeadlineRule
from assure.inspections.extraction import (
    extract,
    extraction_to_contract,
    normalise_area,
    render_text,
)

SEED = Path(__file__).resolve().parents[1] / "seed" / "hmic-wyp-2014-child-protection.txt"
PUBLISHED = date(2015, 1, 13)


@pytest.fixture(scope="module")
def seed():
    return extract(SEED.read_text(encoding="utf-8"))


# --- The seed report ----------------------------------------------------------------


def test_seed_title(seed):
    assert seed.title == "RESULTS OF HMIC CHILD PROTECTION INSPECTION"


def test_seed_findings(seed):
    starts = [
        "The force has devolved responsibility for child protection",
        "The force has action plans in place",
        "There was mixed response to child MISPERs",
        "Overall HMIC was concerned about the standard of CSE investigations.",
        "Force has an inconsistent approach to CSE",
    ]
    assert len(seed.findings) == 5
    for finding, start in zip(seed.findings, starts, strict=True):
        assert finding.text.startswith(start)
    assert seed.findings[4].text.endswith(
        "(one officer responsible for 100 sex offenders in Kirklees compared to 58 in Calderdale)."
    )


def test_seed_recommendations(seed):
    got = [(r.ref, r.area, r.deadline.rule, r.deadline.inherited) for r in seed.recommendations]
    assert got == [
        ("3.1", "Initial contact", "immediately", False),
        ("3.1 (2)", "Initial contact", "immediately", True),
        ("3.2", "MISPERs", "within", False),
        ("3.3", "Investigations", "within", False),
        ("3.3 (2)", "Investigations", "within", True),
        ("3.3 (3)", "Investigations", "within", True),
        ("3.4", "Decision making", "within", False),
        ("3.5", "Children in detention", "within", False),
    ]
    for rec in seed.recommendations[2:]:
        assert (rec.deadline.amount, rec.deadline.unit) == (3, "months")


def test_seed_texts_and_sub_points(seed):
    recs = seed.recommendations
    assert recs[0].text.startswith("WYP immediately undertakes a review with relevant agencies")
    assert recs[0].sub_points == (
        "This should at least cover attending the initial child protection conference and "
        "recording and communicating decisions reached.",
    )
    assert recs[1].text.startswith("Provides information to other agencies")
    assert recs[2].text.startswith("Within three months WYP should take steps to improve")
    assert recs[4].text == "Take steps to reduce delays with regards to the high tech unit."
    assert recs[5].text.startswith("Identify and review all child abuse investigation cases")
    assert all(not r.sub_points for r in recs[1:])


def test_seed_nothing_from_force_or_pcc_update(seed):
    texts = " ".join(r.text for r in seed.recommendations)
    assert "action plan" not in texts
    assert "£3.5million" not in texts
    assert "required time frame" not in texts


def test_seed_contract(seed):
    contract = extraction_to_contract(seed, PUBLISHED)
    assert list(contract) == ["title", "findings", "recommendations"]
    assert contract["findings"][0] == {"text": seed.findings[0].text}
    first = contract["recommendations"][0]
    assert list(first) == ["ref", "area", "text", "sub_points", "deadline", "due_on"]
    assert first["deadline"] == {
        "rule": "immediately",
        "amount": None,
        "unit": None,
        "date": None,
        "inherited": False,
    }
    due = [r["due_on"] for r in contract["recommendations"]]
    assert due == ["2015-01-13"] * 2 + ["2015-04-13"] * 6
    assert contract["recommendations"][2]["deadline"]["amount"] == 3
    json.dumps(contract)


def test_seed_contract_without_publication_date(seed):
    contract = extraction_to_contract(seed, None)
    assert {r["due_on"] for r in contract["recommendations"]} == {None}


def test_render_text(seed):
    text = render_text(seed, PUBLISHED)
    assert text.startswith("RESULTS OF HMIC CHILD PROTECTION INSPECTION\n")
    assert "Findings (5)" in text
    assert "Recommendations (8 in 5 areas)" in text
    assert "Deadline: within 3 months (inherited); due 2015-04-13" in text
    assert "- This should at least cover" in text
    assert "needs the publication date" in render_text(seed, None)


# --- Areas --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "area"),
    [
        ("MISPERS", "MISPERs"),
        ("Decision Making", "Decision making"),
        ("Children in Detention", "Children in detention"),
        ("Initial contact", "Initial contact"),
        ("CSE AND HTCU", "CSE and HTCU"),
        ("MASH referrals", "MASH referrals"),
        ("marac", "MARAC"),
        ("Attendance at ICPC:", "Attendance at ICPC"),
        ("Custody (PACE)", "Custody (PACE)"),
        ("", "General"),
    ],
)
def test_normalise_area(heading, area):
    assert normalise_area(heading) == area


# --- Genre patterns -----------------------------------------------------------------


def recs(text):
    return extract(text).recommendations


def rules(text):
    return [(r.deadline.rule, r.deadline.amount, r.deadline.unit) for r in recs(text)]


def test_single_recommendation_on_its_own():
    text = (
        "Within three months, the force should review its approach to missing children so "
        "that it can be sure it is effective in keeping them safe.\n"
    )
    (rec,) = recs(text)
    assert rec.text.startswith("Within three months, the force should review")
    assert rec.deadline == DeadlineRule("within", 3, "months")
    assert rec.area == "General"
    assert rec.ref
    assert extract(text).title == ""


def test_single_recommendation_with_minimum_list():
    text = (
        "Within six months, the force should review how it safeguards children held in "
        "custody. As a minimum it should:\n"
        "\u2022 make sure that the local authority is told when a child is detained;\n"
        "\u2022 collect data on children detained overnight; and\n"
        "\u2022 ensure custody staff understand their duties under PACE.\n"
    )
    (rec,) = recs(text)
    assert rec.sub_points == (
        "make sure that the local authority is told when a child is detained",
        "collect data on children detained overnight",
        "ensure custody staff understand their duties under PACE.",
    )
    assert rec.deadline == DeadlineRule("within", 6, "months")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Within six months the force should audit referrals.", ("within", 6, "months")),
        ("Immediately the force should stop the practice.", ("immediately", None, None)),
        ("Not later than 31 March 2015 the force should publish a plan.", ("by_date", None, None)),
        ("By 31 March 2015 the force should train all staff.", ("by_date", None, None)),
        ("With immediate effect the force should suspend the policy.", ("immediately", None, None)),
        ("The force should immediately review its policy.", ("immediately", None, None)),
        (
            "To address this cause of concern the force should, within 12 weeks, review it.",
            ("within", 12, "weeks"),
        ),
        ("The force should review its use of the absent category.", ("none", None, None)),
    ],
)
def test_deadline_positions(text, expected):
    assert rules(text) == [expected]


def test_sub_clauses_after_take_steps_to_ensure_that():
    text = (
        "Recommendations\n\n"
        "Within 12 weeks the force should take steps to ensure that:\n"
        "- the HTCU backlog is reduced;\n"
        "- devices are prioritised by risk.\n"
    )
    (rec,) = recs(text)
    assert rec.sub_points == ("the HTCU backlog is reduced", "devices are prioritised by risk.")
    assert rec.deadline == DeadlineRule("within", 12, "weeks")


def test_non_recommendation_sections_give_nothing():
    text = (
        "PURPOSE\n"
        "This paper tells the panel what the force will do immediately.\n\n"
        "FORCE UPDATE\n"
        "The action plan was submitted within the required time frame.\n"
        "The force should be able to finish it within three months.\n\n"
        "PCC UPDATE\n"
        "\u00b7 I immediately called a meeting.\n"
        "\u00b7 The force should act within six months.\n\n"
        "LINKS\n"
        "The report can be found at http://example.org\n"
    )
    assert recs(text) == ()


def test_text_without_recommendations_is_empty():
    assert recs("The panel noted the report and thanked officers.") == ()
    assert recs("") == ()


HMICFRS = """\
PEEL: Police effectiveness 2016 \u2013 an inspection of Anyshire Constabulary

Summary of findings
\u2022 The force has a good understanding of the risks facing children.
\u2022 Call handlers do not always identify vulnerability at first contact.

Protecting vulnerable people

The force's response to missing children is inconsistent. Officers immediately attend
high-risk cases, but medium-risk cases wait.

Cause of concern
Anyshire Constabulary does not consistently identify and respond to missing children.

Recommendations
To address this cause of concern, we recommend that within three months the force should:
\u2022 ensure that all missing children are risk assessed by a supervisor;
\u2022 review its use of the "absent" category; and
\u2022 improve the quality of return home interviews.

Area for improvement
The force should improve how it records the voice of the child in domestic abuse cases.

Investigating crime

Areas for improvement
\u2022 The force should ensure that investigations are allocated to skilled officers.
\u2022 By 31 March 2017 the force should train all detectives in the new system.
"""


def test_hmicfrs_cause_of_concern_and_areas_for_improvement():
    extraction = extract(HMICFRS)
    assert extraction.title.startswith("PEEL: Police effectiveness 2016")
    assert [f.text for f in extraction.findings] == [
        "The force has a good understanding of the risks facing children.",
        "Call handlers do not always identify vulnerability at first contact.",
    ]
    got = [(r.area, r.deadline.rule) for r in extraction.recommendations]
    assert got == [
        ("Protecting vulnerable people", "within"),
        ("Protecting vulnerable people", "within"),
        ("Protecting vulnerable people", "within"),
        ("Protecting vulnerable people", "none"),
        ("Investigating crime", "none"),
        ("Investigating crime", "by_date"),
    ]
    first = extraction.recommendations[0]
    assert first.text == (
        "To address this cause of concern, we recommend that within three months the force "
        "should ensure that all missing children are risk assessed by a supervisor"
    )
    assert "Officers immediately attend" not in " ".join(r.text for r in extraction.recommendations)
    assert len({r.ref for r in extraction.recommendations}) == 6


def test_inline_area_for_improvement_label():
    text = "Area for improvement: The force should improve its supervision of CSE cases.\n"
    (rec,) = recs(text)
    assert rec.text == "The force should improve its supervision of CSE cases."


def test_lead_in_bullets_with_their_own_subject_inherit_the_lead_in_deadline():
    text = (
        "Cause of concern\n"
        "Recommendations\n"
        "Within six months:\n"
        "1. The force should review its MASH arrangements.\n"
        "2. The force should audit MARAC referrals.\n"
    )
    got = recs(text)
    assert [r.text for r in got] == [
        "The force should review its MASH arrangements.",
        "The force should audit MARAC referrals.",
    ]
    assert all(r.deadline == DeadlineRule("within", 6, "months", inherited=True) for r in got)


MARKDOWN = """\
# Inspection of child protection in Westshire

## Key findings

- Referrals into the MASH are handled promptly.
- Supervision of investigations is weak.

## Recommendations

### ICPC ATTENDANCE
1. With immediate effect, the force should ensure an officer attends every conference.
2. Not later than 31 March 2015 the force should audit attendance.

### CSE and HTCU
* The force should immediately review all open CSE investigations.
* Within 12 weeks the force should take steps to ensure that:
  - the HTCU backlog is reduced;
  - devices are prioritised by risk.
* The force should, as a matter of urgency, appoint a CSE co-ordinator.

## PCC response
I will immediately hold the Chief Constable to account within the required time frame.

## Links
https://example.org
"""


def test_markdown_report():
    extraction = extract(MARKDOWN)
    assert extraction.title == "Inspection of child protection in Westshire"
    assert len(extraction.findings) == 2
    got = [(r.area, r.deadline.rule, len(r.sub_points)) for r in extraction.recommendations]
    assert got == [
        ("ICPC attendance", "immediately", 0),
        ("ICPC attendance", "by_date", 0),
        ("CSE and HTCU", "immediately", 0),
        ("CSE and HTCU", "within", 2),
        ("CSE and HTCU", "immediately", 0),
    ]


LETTERED = """\
4.0\tRECOMMENDATIONS

4.1\tMARAC
a) Within twenty-four weeks the force should review its MARAC referral process.
b) Ensure all referrals are quality assured.
   (i) This should include a review of repeat victims.
   (ii) Supervisors should sign off each referral.

4.2\tCustody and PACE
4.2.1 The force should, by 31st March 2015, ensure that children are not detained overnight.
4.2.2 The force should publish data on children in custody.

5.0\tNEXT STEPS
5.1 The force should immediately produce an action plan within six months.
"""


def test_lettered_and_roman_bullets_and_numbered_paragraphs():
    got = recs(LETTERED)
    assert [(r.ref, r.area) for r in got] == [
        ("4.1", "MARAC"),
        ("4.1 (2)", "MARAC"),
        ("4.2.1", "Custody and PACE"),
        ("4.2.2", "Custody and PACE"),
    ]
    assert got[0].deadline == DeadlineRule("within", 24, "weeks")
    assert got[1].sub_points == (
        "This should include a review of repeat victims.",
        "Supervisors should sign off each referral.",
    )
    assert got[2].deadline.date == date(2015, 3, 31)
    assert got[3].deadline.inherited


def test_recommendation_n_headings():
    text = (
        "Missing children: who cares?\n\n"
        "Recommendation 1\n"
        "By 30 September 2016, all forces should review their policies on missing children.\n\n"
        "Recommendation 2\n"
        "Within six months, the College of Policing should update its guidance.\n"
    )
    got = recs(text)
    assert [(r.ref, r.deadline.rule) for r in got] == [("1", "by_date"), ("2", "within")]


@pytest.mark.parametrize("glyph", ["\u2022", "\u00b7", "-", "\u2013", "*", "a)", "(i)", "1."])
def test_bullet_styles(glyph):
    text = (
        "3.0 KEY RECOMMENDATIONS\n\n"
        "3.1 Investigations\n"
        f"{glyph} Within three months the force should improve standards of investigation.\n"
    )
    (rec,) = recs(text)
    assert rec.text == "Within three months the force should improve standards of investigation."
    assert rec.area == "Investigations"


@pytest.mark.parametrize(
    "heading", ["KEY FINDINGS", "Summary of findings", "Findings", "2.0 Findings"]
)
def test_findings_headings(heading):
    text = f"{heading}\n\u2022 First finding.\n\u2022 Second finding.\n\nPURPOSE\nNot a finding.\n"
    assert [f.text for f in extract(text).findings] == ["First finding.", "Second finding."]


def test_tabs_crlf_and_bom_are_tolerated():
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    got = extract("\ufeff" + text.replace("    ", "\t"))
    assert len(got.recommendations) == 8
    assert len(got.findings) == 5


def test_wrapped_hyphenated_lines_are_joined():
    text = (
        "3.0 RECOMMENDATIONS\n3.1 Partnerships\n"
        "\u2022 The force should improve multi-\nagency work.\n"
    )
    (rec,) = recs(text)
    assert rec.text == "The force should improve multi-agency work."
