"""How long what people type may be: one place for every free-text limit (issue 8.4).

Forms give their ``CharField``s these as ``max_length`` (``tests`` walk every form class and fail
on a CharField without one), ``components/field.html`` shows a GOV.UK character count on every
textarea that has one, and services check the same limits with ``check_lengths`` so a caller
that skips the form (the API, a command, a script) is refused with the same clear message.

The figures leave room for the longest real entries (an update or a closure summary runs to a
few hundred words; minutes to a few thousand) and keep every page and paper bounded.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError

#: A name, a reference or a one-line search: a unit, a board's chair, "accounts.membership".
NAME = 200
#: A title: an action, an agenda item, a piece of evidence, an inspection.
TITLE = 300
#: A purpose or outputs line of a commitment.
LINE = 500
#: A note, a comment or a reason: a register note, a return comment, why a plan is reopened.
NOTE = 2_000
#: Why someone needs to see case-level rows (recorded with their name: DPA 2018 s62).
JUSTIFICATION = 1_000
#: A finding, a recommendation, a decision, a statement: a paragraph or two of a report.
PARAGRAPH = 4_000
#: A narrative: an update, a closure summary, an action's description or success measure.
NARRATIVE = 10_000
#: Draft minutes of a meeting.
MINUTES = 20_000
#: A web address (evidence links, report links).
URL = 1_000
#: A password as typed: long passphrases fit; megabytes are not hashed.
PASSWORD = 1_000

#: The largest request body a form post may send, files apart (DATA_UPLOAD_MAX_MEMORY_SIZE): the
#: longest text above, even url-encoded, is far below it; a 24 MB "narrative" is refused.
REQUEST_BYTES = 8 * 1024 * 1024


def too_long_message(label: str, limit: int) -> str:
    """The GOV.UK message for text over its limit: "Narrative must be 10,000 characters or
    fewer"."""
    return f"{label} must be {limit:,} characters or fewer"


def field_label(field: str) -> str:
    return field.replace("_", " ").capitalize()


def check_lengths(
    values: Mapping[str, tuple[str | None, int]], *, labels: Mapping[str, str] | None = None
) -> None:
    """Refuse text over its limit, naming each field: ``{"narrative": (text, NARRATIVE)}``.

    Raises one ValidationError keyed by field, so ``core.forms.form_post`` puts each message on
    its field and a caller outside the web sees which input was too long and by how much.
    """
    labels = labels or {}
    errors = {}
    for field, (value, limit) in values.items():
        if value is not None and len(value) > limit:
            errors[field] = (
                f"{too_long_message(labels.get(field, field_label(field)), limit)} "
                f"(it has {len(value):,})"
            )
    if errors:
        raise ValidationError(errors)
