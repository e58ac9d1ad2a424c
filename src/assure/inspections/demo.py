"""The demo's inspection: HMIC's 2014 child protection inspection of West Yorkshire Police,
imported from the seed paper exactly as a coordinator would import it.

Loading is idempotent: the inspection is known by the SHA-256 of the seed file, so a second run
finds it and writes nothing.
"""

import datetime
import hashlib
from pathlib import Path

from assure.accounts.demo import EMAIL_DOMAIN, FORCE_SLUG
from assure.accounts.models import Organisation, User
from assure.core.demo import DemoContext

from .extraction import content_fingerprint, extract
from .models import FindingKind, Inspection
from .services import finding_update, inspection_import, inspection_update

SEED = Path(__file__).parent / "seed" / "hmic-wyp-2014-child-protection.txt"
BODY = "HMIC"
PROGRAMME = "National child protection inspection"
TITLE = "West Yorkshire Police: national child protection inspection"
PUBLISHED_ON = datetime.date(2015, 1, 13)
FIELDWORK = (datetime.date(2014, 8, 1), datetime.date(2014, 8, 31))
REPORT_URL = (
    "http://www.justiceinspectorates.gov.uk/hmic/news/news-feed/"
    "west-yorkshire-police-inspected-on-child-protection/"
)

# How the coordinator classed each key finding, by the words it starts with.
FINDING_KINDS = {
    "The force has devolved responsibility": FindingKind.CONCERN,
    "The force has action plans in place": FindingKind.STRENGTH,
    "There was mixed response to child MISPERs": FindingKind.CONCERN,
    "Overall HMIC was concerned": FindingKind.CAUSE_OF_CONCERN,
    "Force has an inconsistent approach to CSE": FindingKind.CONCERN,
}


def seed_bytes() -> bytes:
    return SEED.read_bytes()


def seed_sha256() -> str:
    return hashlib.sha256(seed_bytes()).hexdigest()


def existing(force: Organisation) -> Inspection | None:
    return Inspection.objects.filter(force=force, source_sha256=seed_sha256()).first()


def load() -> tuple[Inspection, list[str]]:
    """Import the seed inspection unless it is there already; say what was made."""
    force = Organisation.objects.get(slug=FORCE_SLUG)
    found = existing(force)
    if found is not None:
        return found, []
    coordinator = User.objects.get(email=f"coordinator@{EMAIL_DOMAIN}")
    content = seed_bytes()
    extraction = extract(content.decode("utf-8"))
    inspection = inspection_import(
        actor=coordinator,
        force=force,
        extraction=extraction,
        content_sha256=content_fingerprint(extraction),
        published_on=PUBLISHED_ON,
        source_name=SEED.name,
        source_sha256=hashlib.sha256(content).hexdigest(),
        title=TITLE,
        body=BODY,
        programme=PROGRAMME,
    )
    inspection_update(
        actor=coordinator,
        inspection=inspection,
        fieldwork_start=FIELDWORK[0],
        fieldwork_end=FIELDWORK[1],
        report_url=REPORT_URL,
    )
    for finding in inspection.findings.all():
        kind = next(
            (k for start, k in FINDING_KINDS.items() if finding.text.startswith(start)), None
        )
        if kind is not None and kind != finding.kind:
            finding_update(actor=coordinator, finding=finding, text=finding.text, kind=kind)
    made = [
        f"inspection {inspection.title}",
        *[f"finding {f.position}" for f in inspection.findings.all()],
        *[f"recommendation {r.ref}" for r in inspection.recommendations.all()],
    ]
    return inspection, made


def load_for_demo(*, context: DemoContext) -> list[str]:
    """The demo loader this app declares (apps.py): later loaders find the inspection in
    ``context.shared``."""
    inspection, made = load()
    context.shared["inspection"] = inspection
    return made
