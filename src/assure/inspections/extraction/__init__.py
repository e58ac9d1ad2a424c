"""Turn the plain text of an inspection report into findings and recommendations.

Inspectorate and PCC documents follow a loose genre rather than a format: numbered
sections ("3.0 KEY RECOMMENDATIONS", "3.2 MISPERS") or unnumbered HMICFRS headings
("Cause of concern", "Area for improvement", "Recommendations"), bullets in any of a
dozen glyphs, section numbers that repeat, and deadlines written anywhere in a
sentence. The extractor therefore works in small stages, one module each, separately testable:

1. :mod:`.classify` labels every line (blank, heading, list item, plain text);
2. :mod:`.blocks` joins wrapped lines into blocks (one bullet or paragraph each);
3. :mod:`.walk` walks the blocks with a little state (which section we are in, the
   current area, the current recommendation) and decides what each block is;
4. :mod:`.findings` gives each finding its kind (strength, concern, cause of concern),
   splitting a paragraph that holds more than one;
5. :mod:`.pipeline` runs them and settles refs and inherited deadlines.

:mod:`.wording` holds the genre's vocabulary, :mod:`.areas` the area names,
:mod:`.results` the records returned and :mod:`.output` the JSON and text shown.

It is pure and total: any ``str`` gives an :class:`Extraction`, never an exception, so
the web upload and the CLI can show "nothing found" instead of a traceback.
"""

from __future__ import annotations

from .areas import AREA_ACRONYMS, normalise_area
from .output import content_fingerprint, extraction_to_contract, render_text
from .pipeline import extract
from .results import GENERAL_AREA, ExtractedFinding, ExtractedRecommendation, Extraction

__all__ = [
    "AREA_ACRONYMS",
    "GENERAL_AREA",
    "ExtractedFinding",
    "ExtractedRecommendation",
    "Extraction",
    "content_fingerprint",
    "extract",
    "extraction_to_contract",
    "normalise_area",
    "render_text",
]
