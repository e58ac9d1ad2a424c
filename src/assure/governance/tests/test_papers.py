"""Papers from the demo: what a reader finds in them, that the PDF is tagged and numbered, and
that a stored paper never changes when the plan does."""

import hashlib
import io
import shutil
import subprocess

import docx
import pypdf
import pytest
from django.core.management import call_command

from assure.core.audit import SystemActor
from assure.core.models import AppendOnlyError
from assure.governance.models import Meeting, Paper
from assure.governance.services import paper_generate
from assure.plans.models import Action
from assure.plans.services import action_update

SYSTEM = SystemActor("test")

FINDINGS = [
    "devolved responsibility for child protection to the five districts",
    "action plans in place to meet the PCCs priorities",
    "mixed response to child MISPERs",
    "concerned about the standard of CSE investigations",
    "inconsistent approach to CSE",
]
RECOMMENDATIONS = [
    "immediately undertakes a review with relevant agencies",
    "Provides information to other agencies before multi-agency risk assessment",
    "improve practice in cases of child MISPERS",
    "improve standards of investigation",
    "reduce delays with regards to the high tech unit",
    "review all child abuse investigation cases",
    "all relevant information is properly recorded",
    "how it manages the detention of children",
]
COMMITMENTS = ["£3.5 million", "£1.5 million", "25 specialist investigators", "£467,000"]


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
        )
        text = done.stdout.decode()
    else:
        text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def titles(outline):
    for item in outline:
        if isinstance(item, list):
            yield from titles(item)
        else:
            yield item["/Title"]


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def assert_results_content(text: str) -> None:
    for phrase in FINDINGS + RECOMMENDATIONS + COMMITMENTS + ["Strategic Safeguarding Board"]:
        assert " ".join(phrase.split()) in text, phrase
    for heading in ["Purpose", "Key findings", "Key recommendations", "Force update", "PCC update"]:
        assert heading in text


@pytest.mark.django_db
def test_the_results_command_writes_a_tagged_pdf_with_the_seed_content(demo, tmp_path):
    out = tmp_path / "results.pdf"
    call_command("paper", force="west-yorkshire", kind="results", format="pdf", output=str(out))
    content = out.read_bytes()
    assert_results_content(pdf_text(content))
    reader = pypdf.PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Results of HMIC")
    bookmarks = list(titles(reader.outline))
    assert bookmarks[:2] == [reader.metadata.title, "1.0 Purpose"]
    assert "5.0 PCC update" in bookmarks


@pytest.mark.django_db
def test_the_results_paper_in_word_says_the_same(demo, tmp_path):
    out = tmp_path / "results.docx"
    call_command("paper", force="west-yorkshire", kind="results", format="docx", output=str(out))
    assert_results_content(docx_text(out.read_bytes()))


@pytest.mark.django_db
def test_the_progress_paper_has_page_numbers_a_reader_can_find(demo):
    meeting = Meeting.objects.filter(board__name="Strategic Safeguarding Board").first()
    paper = paper_generate(
        actor=SYSTEM,
        inspection=meeting.agenda.exclude(plan=None).first().plan.inspection,
        kind="progress",
        format="pdf",
        meeting=meeting,
    )
    reader = pypdf.PdfReader(io.BytesIO(bytes(paper.content)))
    pages = len(reader.pages)
    assert pages >= 2
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {pages}" in page.extract_text()
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    text = pdf_text(bytes(paper.content))
    assert "Recommendations by unit" in text
    assert "Progress over time by unit" in text


@pytest.mark.django_db
def test_a_stored_paper_does_not_change_when_the_plan_does(demo, client, demo_users):
    meeting = Meeting.objects.filter(board__name="Strategic Safeguarding Board").first()
    inspection = meeting.agenda.exclude(plan=None).first().plan.inspection
    paper = paper_generate(
        actor=SYSTEM, inspection=inspection, kind="progress", format="pdf", meeting=meeting
    )
    stored, digest = bytes(paper.content), paper.sha256
    client.force_login(demo_users["coordinator"])
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "The plan has moved on" not in page

    action = Action.objects.filter(plan__inspection=inspection).first()
    action_update(
        actor=demo_users["coordinator"],
        action=action,
        recommendation=action.recommendation,
        title="A title changed later",
        description=action.description,
        success_measure=action.success_measure,
        lead=action.lead,
        partners=list(action.partners.all()),
        due_on=action.due_on_override,
    )

    again = Paper.objects.get(pk=paper.pk)
    assert bytes(again.content) == stored
    assert again.sha256 == digest
    assert hashlib.sha256(bytes(again.content)).hexdigest() == digest
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "The plan has moved on since this paper was generated" in page
    again.title = "changed"
    with pytest.raises(AppendOnlyError):
        again.save()
    with pytest.raises(AppendOnlyError):
        Paper.objects.filter(pk=paper.pk).update(title="changed")


@pytest.mark.django_db
def test_a_meeting_pack_runs_the_agenda_then_the_papers_with_page_numbers_through(demo):
    meeting = Meeting.objects.filter(board__name="Strategic Safeguarding Board").first()
    inspection = meeting.agenda.exclude(plan=None).first().plan.inspection
    paper_generate(
        actor=SYSTEM, inspection=inspection, kind="results", format="pdf", meeting=meeting
    )
    paper_generate(
        actor=SYSTEM, inspection=inspection, kind="progress", format="pdf", meeting=meeting
    )
    pack = paper_generate(
        actor=SYSTEM, inspection=inspection, kind="pack", format="pdf", meeting=meeting
    )
    reader = pypdf.PdfReader(io.BytesIO(bytes(pack.content)))
    total = len(reader.pages)
    texts = [p.extract_text() for p in reader.pages]
    assert "Agenda" in texts[0]
    assert all(f"Page {n} of {total}" in t for n, t in enumerate(texts, start=1))
    whole = " ".join(" ".join(texts).split())
    assert (
        whole.index("Agenda") < whole.index("Key findings") < whole.index("Recommendations by unit")
    )
