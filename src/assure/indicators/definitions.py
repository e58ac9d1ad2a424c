"""The fifteen indicators, one readable definition each (data contract, part 2).

``areas`` are the seed report's recommendation areas the indicator evidences. Missing children,
investigations and custody map directly. The rest map to the closest recommendation:
registered-offender workload, the High Tech Crime Unit's forensic backlog and case audits to
"Investigations" (its recommendations cover supervision, "reduce delays with regards to the high
tech unit" and "regular auditing of investigations"); case audits also to "Decision making"
(information properly recorded); child protection conferences to "Initial contact" ("attending
the initial child protection conference").

``target`` is a default the force can change later: the value it is aiming for (for a count, the
most it would accept).
"""

from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Measure(StrEnum):
    PERCENT = "percent"  # 0-100, one decimal place
    COUNT = "count"
    RATIO = "ratio"  # one decimal place
    DAYS = "days"  # median whole days, one decimal place
    KAPPA = "kappa"  # -1 to 1, two decimal places


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    kind: str  # the KIND of case file it reads
    measure: Measure
    direction: Direction
    target: float
    areas: tuple[str, ...]
    numerator: str  # what the numerator counts
    denominator: str  # what the denominator counts (empty: a count has none)
    definition: str  # the contract's definition, word for word in substance

    @property
    def unit_of_measure(self) -> str:
        return {
            Measure.PERCENT: "%",
            Measure.COUNT: "count",
            Measure.RATIO: "offenders per officer",
            Measure.DAYS: "days",
            Measure.KAPPA: "Cohen's kappa",
        }[self.measure]


MISPERS = "MISPERs"
INVESTIGATIONS = "Investigations"
DETENTION = "Children in detention"
DECISIONS = "Decision making"
INITIAL_CONTACT = "Initial contact"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "missing.high_risk_attended_1h_pct",
        "High-risk missing children attended within an hour",
        "missing_episodes",
        Measure.PERCENT,
        Direction.HIGHER,
        95,
        (MISPERS,),
        "episodes with first_attended_at no more than 60 minutes after reported_at",
        "child episodes in the period with risk high",
        "Child episodes in the period with risk high: % with first_attended_at no more than "
        "60 minutes after reported_at.",
    ),
    Indicator(
        "missing.lower_risk_not_attended_pct",
        "Lower-risk missing children not attended",
        "missing_episodes",
        Measure.PERCENT,
        Direction.LOWER,
        10,
        (MISPERS,),
        "episodes with no first_attended_at",
        "child episodes in the period with risk low or no_apparent_risk",
        "Child episodes in the period with risk low or no_apparent_risk: % with no "
        "first_attended_at.",
    ),
    Indicator(
        "missing.lower_risk_review_over_72h_pct",
        "Lower-risk missing children not reviewed within 72 hours",
        "missing_episodes",
        Measure.PERCENT,
        Direction.LOWER,
        5,
        (MISPERS,),
        "episodes with no first_reviewed_at, or one more than 72 hours after reported_at",
        "child episodes in the period with risk low or no_apparent_risk",
        "The same episodes: % with no first_reviewed_at, or one more than 72 hours after "
        "reported_at.",
    ),
    Indicator(
        "investigations.open_over_3_months",
        "Child abuse investigations open more than three months",
        "investigations",
        Measure.COUNT,
        Direction.LOWER,
        0,
        (INVESTIGATIONS,),
        "investigations opened before AS_OF minus 3 calendar months",
        "",
        "Investigations of category child_abuse, cse or online_cse open at AS_OF (closed_at "
        "null or after it) whose opened_at date is before AS_OF minus 3 calendar months.",
    ),
    Indicator(
        "investigations.unsupervised_28d_pct",
        "Child abuse investigations not supervised in 28 days",
        "investigations",
        Measure.PERCENT,
        Direction.LOWER,
        10,
        (INVESTIGATIONS,),
        "investigations with no last_supervised_at, or one more than 28 days before AS_OF",
        "child_abuse, cse and online_cse investigations open at AS_OF",
        "Those same categories open at AS_OF: % with no last_supervised_at, or one more than "
        "28 days before AS_OF.",
    ),
    Indicator(
        "custody.children_held_after_charge",
        "Children held in custody after charge",
        "custody_detentions",
        Measure.COUNT,
        Direction.LOWER,
        0,
        (DETENTION,),
        "child detentions charged, bail refused and not transferred",
        "",
        "Child detentions in the period with charged_at set, bail_refused true and no "
        "transferred_at.",
    ),
    Indicator(
        "custody.transfer_pct",
        "Children refused bail transferred to local authority accommodation",
        "custody_detentions",
        Measure.PERCENT,
        Direction.HIGHER,
        90,
        (DETENTION,),
        "detentions with transferred_at set",
        "child detentions in the period charged with bail refused",
        "Child detentions in the period with charged_at set and bail_refused true: % with "
        "transferred_at set.",
    ),
    Indicator(
        "custody.children_overnight",
        "Children held in custody overnight",
        "custody_detentions",
        Measure.COUNT,
        Direction.LOWER,
        0,
        (DETENTION,),
        "child detentions released (or still held at AS_OF) on a later local date than arrival",
        "",
        "Child detentions in the period whose released_at (or, if null, AS_OF) falls on a later "
        "local calendar date than arrived_at.",
    ),
    Indicator(
        "offenders.per_officer",
        "Registered sex offenders per offender manager",
        "offenders",
        Measure.RATIO,
        Direction.LOWER,
        50,
        (INVESTIGATIONS,),
        "offenders registered at AS_OF",
        "distinct officer_ref among them",
        "Offenders registered at AS_OF (registered_from on or before it, registered_until null "
        "or after it): their count divided by the number of distinct officer_ref among them.",
    ),
    Indicator(
        "offenders.visits_overdue",
        "Registered sex offenders with a visit overdue",
        "offenders",
        Measure.COUNT,
        Direction.LOWER,
        0,
        (INVESTIGATIONS,),
        "offenders registered at AS_OF whose next_visit_due is before AS_OF",
        "",
        "Offenders registered at AS_OF whose next_visit_due is before AS_OF.",
    ),
    Indicator(
        "forensics.awaiting",
        "Forensic exhibits awaiting examination",
        "forensic_exhibits",
        Measure.COUNT,
        Direction.LOWER,
        0,
        (INVESTIGATIONS,),
        "exhibits submitted on or before AS_OF and not started by it",
        "",
        "Exhibits submitted on or before AS_OF and not started by it.",
    ),
    Indicator(
        "forensics.median_wait_days",
        "Median wait of exhibits awaiting examination",
        "forensic_exhibits",
        Measure.DAYS,
        Direction.LOWER,
        30,
        (INVESTIGATIONS,),
        "",  # a median has no numerator
        "exhibits awaiting examination at AS_OF",
        "For exhibits awaiting examination at AS_OF: the median of whole days from "
        "submitted_at's date to AS_OF.",
    ),
    Indicator(
        "audits.inadequate_pct",
        "Inspectorate case audits graded inadequate",
        "case_audits",
        Measure.PERCENT,
        Direction.LOWER,
        5,
        (INVESTIGATIONS, DECISIONS),
        "audits graded inadequate",
        "audits in the period by the inspectorate",
        "Audits in the period by the inspectorate: % graded inadequate.",
    ),
    Indicator(
        "audits.force_inspectorate_kappa",
        "Agreement of force and inspectorate case audits (Cohen's kappa)",
        "case_audits",
        Measure.KAPPA,
        Direction.HIGHER,
        0.6,
        (INVESTIGATIONS, DECISIONS),
        "cases on which the two grades agree",
        "cases audited in the period by both the force and the inspectorate",
        "Cases audited in the period by both the force and the inspectorate: Cohen's kappa "
        "(unweighted, four grades) between the two grades.",
    ),
    Indicator(
        "conferences.police_attendance_pct",
        "Child protection conferences attended by the police",
        "conferences",
        Measure.PERCENT,
        Direction.HIGHER,
        95,
        (INITIAL_CONTACT,),
        "conferences with police_attended true",
        "conferences in the period with police_invited true",
        "Conferences in the period with police_invited true: % with police_attended true.",
    ),
)

BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}
