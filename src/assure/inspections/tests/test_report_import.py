"""The import flow's decisions on their own, without a request: start_draft and PreviewPost."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assure.inspections import report_import
from assure.inspections.forms import (
    FindingDraftFormSet,
    PreviewForm,
    RecommendationDraftFormSet,
    RecommendationForm,
)
from assure.inspections.report_import import ImportRefused, PreviewPost, start_draft
from assure.inspections.tests import hostile

SEED = Path(report_import.__file__).parent / "seed" / "hmic-wyp-2014-child-protection.txt"
PUBLISHED = datetime.date(2015, 1, 13)


@pytest.fixture(scope="module")
def draft():
    return start_draft(
        text=SEED.read_text(encoding="utf-8"), upload=None, force_id=1, published_on=PUBLISHED
    )


def test_start_draft_reads_the_seed_with_the_kinds_of_its_findings(draft):
    assert [f["kind"] for f in draft["findings"]] == [
        "concern",
        "strength",
        "concern",
        "concern",
        "concern",
    ]
    assert len(draft["recommendations"]) == 8
    assert draft["published_on"] == "2015-01-13"


def test_a_text_with_neither_findings_nor_recommendations_is_refused_on_its_field():
    with pytest.raises(ImportRefused) as refused:
        start_draft(text="The panel thanked officers.", upload=None, force_id=1, published_on=None)
    assert refused.value.field == "text"
    assert refused.value.message.startswith(
        "No key findings or recommendations were found in the pasted text"
    )


def test_an_unreadable_upload_is_refused_on_the_file_field():
    upload = SimpleUploadedFile("bomb.docx", hostile.zip_bomb_docx(64 * 1024 * 1024))
    with pytest.raises(ImportRefused) as refused:
        start_draft(text="", upload=upload, force_id=1, published_on=None)
    assert refused.value.field == "file"
    assert "unpacks to more than 16 MB" in refused.value.message


def test_more_recommendations_than_a_draft_holds_are_refused():
    text = "Recommendations\n" + "".join(
        f"\u2022 The force should review case {n}.\n" for n in range(report_import.MAX_ITEMS + 1)
    )
    with pytest.raises(ImportRefused, match="301 recommendations were found"):
        start_draft(text=text, upload=None, force_id=1, published_on=None)


def _data(draft, **changes):
    """The preview as the browser posts it back."""
    data = {"title": draft["title"], "published_on": draft["published_on"] or ""}
    for prefix, items in (("finding", draft["findings"]), ("rec", draft["recommendations"])):
        data |= {f"{prefix}-TOTAL_FORMS": str(len(items)), f"{prefix}-INITIAL_FORMS": "0"}
    for n, finding in enumerate(draft["findings"]):
        data |= {f"finding-{n}-text": finding["text"], f"finding-{n}-kind": finding["kind"]}
    for n, rec in enumerate(draft["recommendations"]):
        initial = RecommendationForm.initial_for(report_import.deadline(rec))
        data |= {
            f"rec-{n}-ref": rec["ref"],
            f"rec-{n}-area": rec["area"],
            f"rec-{n}-text": rec["text"],
            f"rec-{n}-sub_points": "\n".join(rec["sub_points"]),
            f"rec-{n}-deadline_rule": initial["deadline_rule"],
            f"rec-{n}-deadline_amount": initial["deadline_amount"] or "",
            f"rec-{n}-deadline_unit": initial["deadline_unit"] or "",
        }
    return {k: v for k, v in (data | changes).items() if v is not None}


def decide(draft, action, data):
    post = PreviewPost(
        draft,
        action,
        PreviewForm(data),
        FindingDraftFormSet(data, prefix="finding"),
        RecommendationDraftFormSet(data, prefix="rec"),
    )
    return post.decide()


def test_an_edit_is_merged_into_the_draft(draft):
    outcome = decide(draft, "refresh", _data(draft, **{"rec-0-area": "First contact"}))
    assert outcome.step == "saved"
    assert outcome.draft["recommendations"][0]["area"] == "First contact"
    assert draft["recommendations"][0]["area"] == "Initial contact"  # the old one is untouched


def test_errors_block_every_button_but_deleting_the_bad_item(draft):
    data = _data(draft, **{"rec-2-text": ""})
    assert decide(draft, "confirm", data).step == "invalid"
    assert decide(draft, "split-0", data).step == "invalid"
    deleted = decide(draft, "delete-2", data)
    assert deleted.step == "saved"
    assert [r["ref"] for r in deleted.draft["recommendations"]][2] == "3.3"


def test_confirm_hands_back_the_edited_draft(draft):
    outcome = decide(draft, "confirm", _data(draft, **{"finding-0-kind": "strength"}))
    assert outcome.step == "confirm"
    assert outcome.draft["findings"][0]["kind"] == "strength"


@pytest.mark.parametrize(
    "total",
    ["4", "6", "0", "-1", "1000000000", "many", "", None],
)
def test_a_page_whose_counts_do_not_match_the_draft_is_stale(draft, total):
    """Another tab changed the draft, or TOTAL_FORMS was forged (huge, negative, not a number,
    missing): never a crash, never a write; the latest draft is shown again."""
    data = _data(draft, **{"finding-TOTAL_FORMS": total})
    outcome = decide(draft, "confirm", data)
    assert outcome.step == "stale"
    assert outcome.draft is draft
    assert outcome.error == report_import.STALE_MESSAGE


def test_a_missing_management_form_is_stale(draft):
    data = {k: v for k, v in _data(draft).items() if not k.startswith("rec-")}
    assert decide(draft, "refresh", data).step == "stale"


def test_a_full_draft_refuses_one_more_item(draft):
    full = {**draft, "findings": [{"text": "x", "kind": "concern"}] * report_import.MAX_ITEMS}
    outcome = decide(full, "add-finding", _data(full))
    assert outcome.step == "invalid"
    assert outcome.error == "A report is imported with up to 300 findings"


def test_an_unknown_button_is_refused(draft):
    with pytest.raises(report_import.UnknownAction):
        decide(draft, "explode-3", _data(draft))


def test_a_far_future_publication_date_is_an_error_not_an_overflow(draft):
    outcome = decide(draft, "refresh", _data(draft, published_on="9999-12-31"))
    assert outcome.step == "invalid"
