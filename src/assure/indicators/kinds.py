"""The seven KINDs of case file and their columns, exactly as the data contract lists them
(docs/case-data.md). Pure data: the importer turns it into SQL, the engine reads the stored
columns it names.
"""

from dataclasses import dataclass
from enum import StrEnum


class Type(StrEnum):
    REF = "ref"  # a pseudonym: 1-64 letters, digits, -, _ or /
    UNIT = "unit"  # a unit of the force, by code or name in any letter case
    CHOICE = "choice"
    TIMESTAMP = "timestamp"  # ISO 8601; without an offset, Europe/London local time
    DATE = "date"  # YYYY-MM-DD
    AGE = "age"  # a whole number of years
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class Column:
    name: str
    type: Type
    required: bool = True
    choices: tuple[str, ...] = ()
    default: bool | None = None  # booleans only: the value of an empty cell


@dataclass(frozen=True)
class Kind:
    name: str
    columns: tuple[Column, ...]

    @property
    def ref(self) -> str:
        """The column that identifies a record: importing the same reference again replaces it."""
        return self.columns[0].name

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def stored_columns(self) -> list[str]:
        """The columns of the stored Parquet file: each timestamp also gets its local date."""
        names = []
        for column in self.columns:
            names.append(column.name)
            if column.type is Type.TIMESTAMP:
                names.append(local_date_column(column.name))
        return names


def local_date_column(name: str) -> str:
    """``reported_at`` → ``reported_at_date``: the Europe/London calendar date of the instant."""
    return f"{name}_date"


def _c(name, type_, required=True, choices=(), default=None) -> Column:
    return Column(name, type_, required, tuple(choices), default)


T = Type
MISSING_RISKS = ("high", "medium", "low", "no_apparent_risk")
CATEGORIES = ("child_abuse", "cse", "online_cse", "other")
OFFENDER_RISKS = ("very_high", "high", "medium", "low")
AUDITORS = ("force", "inspectorate")
GRADES = ("good", "adequate", "requires_improvement", "inadequate")

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "missing_episodes",
            (
                _c("episode_ref", T.REF),
                _c("person_ref", T.REF),
                _c("unit", T.UNIT),
                _c("reported_at", T.TIMESTAMP),
                _c("age", T.AGE),
                _c("risk", T.CHOICE, choices=MISSING_RISKS),
                _c("in_care", T.BOOLEAN, required=False),
                _c("cse_risk", T.BOOLEAN, required=False),
                _c("first_attended_at", T.TIMESTAMP, required=False),
                _c("first_reviewed_at", T.TIMESTAMP, required=False),
                _c("found_at", T.TIMESTAMP, required=False),
            ),
        ),
        Kind(
            "investigations",
            (
                _c("investigation_ref", T.REF),
                _c("unit", T.UNIT),
                _c("category", T.CHOICE, choices=CATEGORIES),
                _c("opened_at", T.TIMESTAMP),
                _c("closed_at", T.TIMESTAMP, required=False),
                _c("last_supervised_at", T.TIMESTAMP, required=False),
            ),
        ),
        Kind(
            "custody_detentions",
            (
                _c("detention_ref", T.REF),
                _c("unit", T.UNIT),
                _c("age", T.AGE),
                _c("arrived_at", T.TIMESTAMP),
                _c("released_at", T.TIMESTAMP, required=False),
                _c("charged_at", T.TIMESTAMP, required=False),
                _c("bail_refused", T.BOOLEAN, required=False, default=False),
                _c("la_requested_at", T.TIMESTAMP, required=False),
                _c("transferred_at", T.TIMESTAMP, required=False),
                _c("certificate_issued", T.BOOLEAN, required=False, default=False),
            ),
        ),
        Kind(
            "offenders",
            (
                _c("offender_ref", T.REF),
                _c("unit", T.UNIT),
                _c("officer_ref", T.REF),
                _c("risk", T.CHOICE, choices=OFFENDER_RISKS),
                _c("registered_from", T.DATE),
                _c("registered_until", T.DATE, required=False),
                _c("next_visit_due", T.DATE, required=False),
            ),
        ),
        Kind(
            "forensic_exhibits",
            (
                _c("exhibit_ref", T.REF),
                _c("unit", T.UNIT),
                _c("case_ref", T.REF),
                _c("child_abuse", T.BOOLEAN, required=False),
                _c("submitted_at", T.TIMESTAMP),
                _c("started_at", T.TIMESTAMP, required=False),
                _c("completed_at", T.TIMESTAMP, required=False),
            ),
        ),
        Kind(
            "case_audits",
            (
                _c("audit_ref", T.REF),
                _c("case_ref", T.REF),
                _c("unit", T.UNIT),
                _c("audited_on", T.DATE),
                _c("auditor", T.CHOICE, choices=AUDITORS),
                _c("grade", T.CHOICE, choices=GRADES),
            ),
        ),
        Kind(
            "conferences",
            (
                _c("conference_ref", T.REF),
                _c("unit", T.UNIT),
                _c("held_on", T.DATE),
                _c("police_invited", T.BOOLEAN),
                _c("police_attended", T.BOOLEAN, required=False),
                _c("police_report_submitted", T.BOOLEAN, required=False),
            ),
        ),
    )
}

REF_PATTERN = r"^[A-Za-z0-9_/-]{1,64}$"
BOOLEAN_TRUE = ("true", "1", "yes")
BOOLEAN_FALSE = ("false", "0", "no")
MAX_AGE = 130
