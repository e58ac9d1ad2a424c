"""The demo's action plan for HMIC's 2014 child protection inspection of West Yorkshire Police, and
a year of delivery (2015) in which the districts visibly differ, as the 2015 follow-up found:
Bradford on track and complete early (established partnerships), Calderdale steady, Kirklees
struggling with caseloads and offender management, Leeds largely reactive on CSE and overdue,
Wakefield mixed; the High Tech Crime Unit's backlog falling slowly.

Everything is written through the services. People do what people did (the coordinator builds and
submits the plan, the regional inspector quality-assures it); the dated history of updates,
evidence and closures is written by a system actor, the only actor allowed to backdate.
The force, units and people, and the organisations and numbers in the narratives, are fictional.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from assure.accounts.demo import DISTRICTS, EMAIL_DOMAIN, partner_slug
from assure.accounts.models import Organisation, Unit, User
from assure.core.audit import SystemActor
from assure.core.demo import DemoContext
from assure.inspections.models import Inspection

from .models import ActionPlan, Assignment, EvidenceKind, PlanStatus, Rag
from .services import (
    action_create,
    action_plan_create,
    action_plan_transition,
    assignment_create,
    assignments_create_for_districts,
    closure_approve,
    closure_propose,
    closure_return,
    evidence_add,
    update_add,
)

HISTORY_ACTOR = SystemActor("demo history")
ALL_PARTNERS = tuple(DISTRICTS)
DISTRICT_UNITS = "districts"
LEEDS_CS = "CS:Leeds"


# What the plan holds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAction:
    key: str
    ref: str  # the recommendation it answers
    title: str
    description: str
    success_measure: str
    lead: str  # a demo person's key, e.g. "coordinator" or "lead.htcu"
    units: tuple[str, ...]  # DISTRICT_UNITS, force unit codes, or "CS:<district>"
    partners: tuple[str, ...] = ()  # districts whose children's services are named
    due_on: datetime.date | None = None  # None: the recommendation's


ACTIONS = [
    DemoAction(
        "working-together",
        "3.1",
        "Review statutory safeguarding duties with each Local Safeguarding Children Board",
        "Joint review, district by district, of how the police meet Working Together to "
        "Safeguard Children (2013): attendance at initial child protection conferences, and "
        "recording and communicating the decisions reached.",
        "Review agreed with each LSCB by 31 March 2015; police attend 95% of initial child "
        "protection conferences and record every decision on Niche within 24 hours (monthly "
        "audit of 20 conferences).",
        "coordinator",
        (DISTRICT_UNITS,),
        ALL_PARTNERS,
        datetime.date(2015, 3, 31),
    ),
    DemoAction(
        "marac-research",
        "3.1 (2)",
        "Share police information with every MARAC before it meets",
        "Police research on every case listed for a multi-agency risk assessment conference, "
        "sent to the MARAC coordinator at least three working days before the meeting.",
        "Police research received for 95% of MARAC cases at least 3 working days before the "
        "conference, three months running (MARAC coordinators' monthly returns).",
        "coordinator",
        (DISTRICT_UNITS,),
        ALL_PARTNERS,
    ),
    DemoAction(
        "leeds-front-door",
        "3.1 (2)",
        "Co-locate police staff in the Leeds children's social care front door",
        "Police officers and researchers working alongside Leeds children's social care at "
        "the front door, so that police information reaches every referral decision.",
        "Police staff co-located five days a week; police checks returned within 4 hours for "
        "90% of referrals.",
        "lead.leeds",
        ("LEE", LEEDS_CS),
        ("Leeds",),
        datetime.date(2015, 6, 30),
    ),
    DemoAction(
        "misper-response",
        "3.2",
        "Attend and review every child missing report according to risk",
        "Medium and high risk child missing reports attended by an officer; low risk "
        "('absent') child reports reviewed by a sergeant within 24 hours instead of 72; "
        "children missing three times in 90 days referred to the district CSE team.",
        "95% of high-risk missing child reports attended within 1 hour; 95% of low-risk child "
        "reports reviewed by a supervisor within 24 hours (monthly Niche audit).",
        "coordinator",
        (DISTRICT_UNITS,),
    ),
    DemoAction(
        "misper-training",
        "3.2",
        "Missing children and CSE awareness training for frontline staff",
        "E-learning for every frontline officer and call handler on the risks to missing "
        "children and the signs of exploitation; classroom input for public protection staff.",
        "90% of frontline officers and call handlers complete the e-learning; every public "
        "protection unit officer attends the classroom input.",
        "lead.scgu",
        ("SCGU",),
    ),
    DemoAction(
        "supervision-audit",
        "3.3",
        "Supervise every child abuse investigation every 28 days and audit monthly",
        "A recorded supervisory review of every open child abuse and CSE investigation at "
        "least every 28 days, and a monthly audit of 10 investigations per district against "
        "the force investigation standard.",
        "No child abuse investigation open over 28 days without a recorded supervisory review; "
        "monthly audit of 10 investigations per district scoring at least 80%.",
        "coordinator",
        (DISTRICT_UNITS,),
    ),
    DemoAction(
        "specialist-investigators",
        "3.3",
        "Recruit and train 25 specialist child abuse investigators",
        "Twenty-five investigators funded by the PCC (£1.5m), posted to districts by demand "
        "and accredited on the specialist child abuse investigators' development programme.",
        "25 specialist investigators in post and accredited by 30 September 2015.",
        "lead.scgu",
        ("SCGU",),
        due_on=datetime.date(2015, 9, 30),
    ),
    DemoAction(
        "kirklees-caseloads",
        "3.3",
        "Bring Kirklees sex offender caseloads into line with the force",
        "More offender managers for Kirklees, whose officers manage nearly twice as many "
        "registered sex offenders each as those in Calderdale.",
        "No Kirklees offender manager responsible for more than 60 registered sex offenders; "
        "ARMS risk assessments up to date for every high-risk offender.",
        "lead.kirklees",
        ("KIR",),
        due_on=datetime.date(2015, 9, 30),
    ),
    DemoAction(
        "htcu-backlog",
        "3.3 (2)",
        "Reduce delays in the High Tech Crime Unit for child abuse cases",
        "Priority triage of devices in child abuse cases, two more examiners and weekend "
        "examinations until the backlog is cleared.",
        "No device in a child abuse case waiting more than 8 weeks for examination; backlog "
        "under 100 devices.",
        "lead.htcu",
        ("HTCU",),
    ),
    DemoAction(
        "triage-kiosks",
        "3.3 (2)",
        "Digital media triage kiosks in each district",
        "A kiosk and trained operators in each district so that phones in child abuse cases "
        "can be triaged locally and only the devices that need it go to the High Tech Crime "
        "Unit.",
        "A kiosk with 6 trained operators serving each district; 30% of devices in child abuse "
        "cases triaged locally.",
        "lead.htcu",
        (DISTRICT_UNITS,),
        due_on=datetime.date(2015, 6, 30),
    ),
    DemoAction(
        "long-running-review",
        "3.3 (3)",
        "Review every child abuse investigation open more than three months",
        "A Niche report of every child abuse investigation open over three months, each "
        "reviewed by a detective inspector with a documented plan and a monthly review after.",
        "Every child abuse investigation open over 3 months reviewed by a DI with a documented "
        "plan; none open over 3 months without a supervisory review in the last 28 days.",
        "coordinator",
        (DISTRICT_UNITS,),
    ),
    DemoAction(
        "strategy-recording",
        "3.4",
        "Record every strategy discussion on Niche with one template",
        "A mandatory Niche template for strategy discussions and their decisions, agreed with "
        "the five local authorities' front door managers.",
        "90% of strategy discussions in a monthly audit of 50 have the decision, rationale and "
        "actions recorded and findable on Niche.",
        "lead.scgu",
        ("SCGU",),
    ),
    DemoAction(
        "leeds-joint-recording",
        "3.4",
        "Record joint strategy decisions in Leeds children's social care records",
        "Decisions of joint strategy discussions recorded in the council's case record as well "
        "as on Niche, so either agency can find them.",
        "Every joint strategy discussion recorded in both systems within 1 working day "
        "(monthly audit of 20).",
        "lead.leeds",
        (LEEDS_CS,),
        ("Leeds",),
        datetime.date(2015, 6, 30),
    ),
    DemoAction(
        "children-in-custody",
        "3.5",
        "Joint review of children detained in police custody",
        "With the five local authorities: a protocol for transfers to local authority "
        "accommodation under PACE, and an inspector's review of every child held overnight.",
        "Every child held overnight after charge reviewed by an inspector; a PACE transfer "
        "requested and recorded in 100% of cases; 25% fewer children held overnight than in "
        "2014.",
        "lead.scgu",
        ("SCGU",),
        ALL_PARTNERS,
    ),
]


# What happened in 2015 -------------------------------------------------------------------------


@dataclass(frozen=True)
class U:
    """An update."""

    on: str
    rag: str
    percent: int
    text: str
    reason: str = ""


@dataclass(frozen=True)
class Ev:
    """Evidence: a note, a link, or a small file (name, text)."""

    on: str
    title: str
    note: str = ""
    url: str = ""
    file: tuple[str, str] | None = None


@dataclass(frozen=True)
class Propose:
    on: str
    summary: str


@dataclass(frozen=True)
class Approve:
    on: str
    comment: str = ""
    months: int | None = None


@dataclass(frozen=True)
class Return:
    on: str
    comment: str


G, A, R, GREY = Rag.GREEN, Rag.AMBER, Rag.RED, Rag.GREY

ICPC_CSV = """month,conferences,police_attended,attendance_pct,decisions_on_niche_24h
2015-01,47,43,91.5,40
2015-02,39,38,97.4,38
2015-03,44,43,97.7,43
"""
TRAINING_CSV = """district,staff_in_scope,completed,completion_pct
Bradford,820,781,95.2
Calderdale,410,386,94.1
Kirklees,640,589,92.0
Leeds,1380,1270,92.0
Wakefield,650,614,94.5
Total,3900,3640,93.3
"""
HTCU_CSV = """month,devices_waiting,child_abuse_devices_waiting,average_wait_weeks_child_abuse
2015-01,412,138,26
2015-03,366,121,21
2015-06,281,97,14
2015-09,214,72,11
2015-11,168,55,9
"""
WAKEFIELD_MISPER_CSV = """month,low_risk_reports,reviewed_within_24h,pct,repeat_missing_to_cse
2015-06,43,39,90.7,9
2015-07,38,36,94.7,12
2015-08,40,38,95.0,11
2015-09,41,40,97.6,10
2015-10,44,42,95.5,12
"""
STRATEGY_AUDIT_TXT = """Strategy discussion recording audit - August 2015
Safeguarding Central Governance Unit

Sample: 50 strategy discussions held 1-31 August 2015, 10 per district.
Standard: decision, rationale and actions recorded on the Niche template and findable
from the child's record.

Result: 47 of 50 met the standard (94%).
  Bradford 10/10, Calderdale 10/10, Kirklees 9/10, Leeds 8/10, Wakefield 10/10.
Failures: two Leeds discussions recorded as free text on the occurrence; one Kirklees
discussion recorded against the parent's record only.
Previous audits: March 28/50 (before go-live), June 44/50.
"""

HISTORY: dict[tuple[str, str], list] = {
    # Initial contact: the Working Together review --------------------------------------------
    ("working-together", "BRA"): [
        U(
            "2015-02-06",
            G,
            40,
            "Review meeting held with the Bradford Safeguarding Children "
            "Board on 4 February; Working Together 2013 duties mapped against current practice. "
            "Police attended 43 of 47 initial child protection conferences in January (91%).",
        ),
        U(
            "2015-03-06",
            G,
            80,
            "Joint action log agreed with Bradford children's social care. "
            "February attendance 97% (38 of 39); decisions now recorded on Niche with the "
            "conference outcome template.",
        ),
        Ev(
            "2015-03-18",
            "ICPC attendance and recording, January to March 2015",
            file=("icpc-attendance-bradford-2015q1.csv", ICPC_CSV),
        ),
        U(
            "2015-03-18",
            G,
            100,
            "Review signed off by the LSCB business group on 17 March. "
            "Attendance above 95% for two months running and every decision recorded within 24 "
            "hours in March.",
        ),
        Propose(
            "2015-03-19",
            "Review complete and signed off by the LSCB; attendance and "
            "recording data for the quarter attached.",
        ),
        Approve("2015-03-26", "Clear evidence of sustained attendance. Approved."),
    ],
    ("working-together", "CAL"): [
        U(
            "2015-02-13",
            A,
            30,
            "First review meeting with the Calderdale LSCB postponed twice "
            "because of diary clashes; held on 11 February. Police attended 84% of initial "
            "conferences in January.",
        ),
        U(
            "2015-04-10",
            G,
            70,
            "Attendance rose to 94% in March after the PPU set up a shared "
            "diary with the conference chairs. Audit of 20 conferences: 18 decisions recorded on "
            "Niche within 24 hours.",
        ),
        U(
            "2015-06-12",
            G,
            90,
            "Review report taken to the LSCB on 9 June. The two remaining "
            "actions, on circulating conference minutes, sit with the council.",
        ),
    ],
    ("working-together", "KIR"): [
        U(
            "2015-02-20",
            A,
            25,
            "Review started with the Kirklees LSCB. The PPU is at 80% of its "
            "establishment, so conferences are covered for high-risk cases only; January "
            "attendance 76%.",
        ),
        U(
            "2015-05-15",
            R,
            50,
            "Attendance fell to 71% in April with two detective constables "
            "on long-term sick leave. Recovery plan agreed with the district commander: "
            "conference cover from the CID pool from June.",
        ),
        U(
            "2015-09-18",
            A,
            75,
            "CID cover in place since June; attendance 88% in August. "
            "Recording of decisions on Niche is still inconsistent: 12 of 20 audited conferences "
            "recorded within 24 hours.",
        ),
    ],
    ("working-together", "LEE"): [
        U(
            "2015-02-27",
            A,
            20,
            "The Leeds Safeguarding Children Board asked for the review to "
            "be folded into its own Working Together audit, due in April. Police attendance at "
            "initial conferences is not yet measured across the district.",
        ),
        U(
            "2015-05-29",
            R,
            35,
            "LSCB audit delayed to July. A manual count for April shows "
            "police attended 69 of 112 initial conferences (62%). A conference liaison officer "
            "post has been requested.",
        ),
        U(
            "2015-10-02",
            A,
            60,
            "Conference liaison officer in post from 7 September; September "
            "attendance 84%. The LSCB takes the review's findings in November.",
        ),
    ],
    ("working-together", "WAK"): [
        U(
            "2015-02-20",
            G,
            40,
            "Review held with the Wakefield LSCB and the front door team on "
            "18 February. January attendance at initial conferences 90%.",
        ),
        U(
            "2015-04-24",
            A,
            70,
            "Attendance holding at 90 to 93%, but an audit of 25 "
            "conferences found 7 decisions recorded late on Niche. Supervisors briefed; "
            "re-audit in June.",
        ),
        Ev(
            "2015-07-10",
            "Wakefield LSCB minute closing the review",
            url="https://lscb.wakefield.example/minutes/2015-07-07",
        ),
        U(
            "2015-07-10",
            G,
            100,
            "June re-audit: 24 of 25 decisions recorded within 24 hours. "
            "The LSCB closed the review on 7 July.",
        ),
        Propose(
            "2015-07-13",
            "Review closed by the LSCB; re-audit shows recording within 24 "
            "hours in 24 of 25 cases.",
        ),
        Approve("2015-07-24"),
    ],
    # Initial contact: information for MARACs -------------------------------------------------
    ("marac-research", "BRA"): [
        U(
            "2015-01-30",
            G,
            60,
            "Research template in use since 19 January. The MARAC "
            "coordinator confirms police research arrived at least three working days ahead for "
            "38 of 40 cases.",
        ),
        Ev(
            "2015-02-27",
            "Domestic abuse team procedure: MARAC research",
            url="https://intranet.wyp.example/bradford/safeguarding/marac-research-procedure",
        ),
        U(
            "2015-02-27",
            G,
            100,
            "February: 44 of 44 cases researched in time. The process is "
            "written into the district domestic abuse team's procedure.",
        ),
        Propose(
            "2015-03-02", "Research sent in time for every case in February; procedure attached."
        ),
        Approve(
            "2015-03-13",
            "Approved. Keep sending the coordinator's monthly return to the action-plan meeting.",
        ),
    ],
    ("marac-research", "CAL"): [
        U(
            "2015-02-06",
            G,
            50,
            "The domestic abuse team now researches each MARAC case as soon "
            "as the list arrives; 21 of 24 cases shared in time in January.",
        ),
        U("2015-04-03", G, 90, "March: 26 of 27 cases shared in time."),
        Ev(
            "2015-05-08",
            "MARAC coordinator's returns, February to April",
            note="Calderdale MARAC coordinator's returns: February 23/24, March 26/27, April "
            "25/26 cases with police research at least three working days ahead.",
        ),
        U("2015-05-08", G, 100, "Three consecutive months above 95%."),
        Propose("2015-05-11", "Three months above target; coordinator's returns attached."),
        Approve("2015-05-22"),
    ],
    ("marac-research", "KIR"): [
        U(
            "2015-02-13",
            A,
            40,
            "Research completed in time for 29 of 41 cases. The delay is the "
            "district's single researcher post, vacant since December.",
        ),
        U("2015-06-05", A, 70, "Researcher post filled on 18 May. May: 35 of 40 cases in time."),
        U("2015-09-04", G, 90, "August: 39 of 40 cases in time."),
    ],
    ("marac-research", "LEE"): [
        U(
            "2015-02-20",
            R,
            30,
            "Leeds holds four MARACs a week. Police research reached the "
            "coordinator late, or on the day, for 61 of 148 cases in January.",
        ),
        U(
            "2015-04-17",
            A,
            55,
            "Two researchers moved into the Leeds domestic violence team; "
            "March: 118 of 160 cases in time (74%).",
        ),
        U(
            "2015-08-21",
            A,
            75,
            "July: 84% in time. Daily MARAC meetings under the new Leeds "
            "front door model from September will change the process again.",
        ),
    ],
    ("marac-research", "WAK"): [
        U(
            "2015-02-13",
            G,
            60,
            "Research now done by the district intelligence unit; January: 31 of 35 cases in time.",
        ),
        U(
            "2015-05-15",
            A,
            70,
            "April fell to 80% in time while the intelligence unit covered a "
            "murder inquiry. Back-up researcher identified.",
        ),
        U("2015-08-14", G, 85, "July: 34 of 36 cases in time."),
    ],
    # Initial contact: the Leeds front door ---------------------------------------------------
    ("leeds-front-door", "LEE"): [
        U(
            "2015-03-13",
            A,
            20,
            "Space at the council's front door identified; vetting for four "
            "officers and two researchers submitted.",
        ),
        U(
            "2015-07-03",
            A,
            60,
            "Two officers co-located since 15 June, four days a week. Police "
            "checks returned within 4 hours for 71% of referrals in the first fortnight.",
        ),
        U(
            "2015-11-06",
            A,
            80,
            "Full team in place from 12 October, five days a week; October: "
            "checks within 4 hours for 86% of referrals.",
        ),
    ],
    ("leeds-front-door", LEEDS_CS): [
        U(
            "2015-03-13",
            G,
            25,
            "Desks and network access agreed for police staff at the front "
            "door; the council's ICT team is setting up access.",
        ),
        U(
            "2015-07-03",
            G,
            65,
            "Joint screening of police referrals started on 15 June, with a "
            "daily 9:30 meeting between social work managers and police researchers.",
        ),
        U(
            "2015-11-06",
            G,
            85,
            "Daily meeting now includes health. Referrals needing no "
            "further action are closed the same day in 68% of cases, up from 40%.",
        ),
    ],
    # MISPERs ---------------------------------------------------------------------------------
    ("misper-response", "BRA"): [
        U(
            "2015-02-13",
            G,
            50,
            "The missing from home coordinator reviews every child missing "
            "report each morning with the Bradford CSE hub. January: 96% of high-risk reports "
            "attended within an hour.",
        ),
        Ev(
            "2015-03-27",
            "March missing children audit",
            note="March: 23 of 24 high-risk child reports attended within an hour; 58 of 60 "
            "low-risk reports reviewed within 24 hours; 14 repeat missing children discussed at "
            "the weekly hub meeting.",
        ),
        U(
            "2015-03-27",
            G,
            100,
            "Low-risk reviews within 24 hours for 58 of 60 children in "
            "March. Repeat missing children discussed at the weekly hub meeting.",
        ),
        Propose("2015-03-30", "Targets met for two months; March audit attached."),
        Approve("2015-04-10"),
    ],
    ("misper-response", "CAL"): [
        U(
            "2015-02-27",
            G,
            40,
            "Sergeants' 24-hour review of low-risk child reports added to "
            "the daily management meeting.",
        ),
        U(
            "2015-04-10",
            G,
            80,
            "March: high-risk reports attended within an hour in 16 of 17 "
            "cases (94%); 41 of 44 low-risk reports reviewed within 24 hours.",
        ),
        Ev(
            "2015-06-05",
            "Missing children audits, March to May",
            note="High-risk attendance within an hour: March 94%, April 100%, May 96%. Low-risk "
            "reviews within 24 hours: 93%, 96%, 97%.",
        ),
        U("2015-06-05", G, 100, "April and May both at or above target."),
        Propose("2015-06-08", "Both measures at target for two months; audits attached."),
        Approve(
            "2015-06-19",
            "Approved, subject to three months of sustained performance in the monthly audit.",
            months=3,
        ),
        U(
            "2015-09-11",
            G,
            100,
            "Demonstration period: June, July and August all above 95% on both measures.",
        ),
    ],
    ("misper-response", "KIR"): [
        U(
            "2015-03-06",
            A,
            40,
            "High-risk attendance on target (92%), but reviews of low-risk "
            "reports slip to 72 hours at weekends.",
        ),
        U(
            "2015-05-01",
            A,
            65,
            "The weekend duty inspector now reviews low-risk child reports; "
            "April: 83% reviewed within 24 hours.",
        ),
        U(
            "2015-08-07",
            G,
            85,
            "July: 94% of low-risk reports reviewed within 24 hours; high-risk attendance 96%.",
        ),
    ],
    ("misper-response", "LEE"): [
        U(
            "2015-03-06",
            R,
            25,
            "Leeds receives about 180 child missing reports a month; only "
            "52% of low-risk reports were reviewed within 24 hours in February. The missing "
            "person coordinator post is vacant.",
        ),
        U(
            "2015-06-19",
            A,
            50,
            "Coordinator appointed. Return home interview information from "
            "children's social care now arrives but is not consistently linked to the Niche "
            "record.",
        ),
        U(
            "2015-10-16",
            A,
            70,
            "September: 86% of low-risk reports reviewed within 24 hours; "
            "high-risk attendance 93% against a target of 95%.",
        ),
    ],
    ("misper-response", "WAK"): [
        U(
            "2015-02-27",
            G,
            50,
            "Response policy briefed to all response sergeants; February: "
            "high-risk attendance within an hour 95%.",
        ),
        Ev(
            "2015-04-10",
            "March high-risk attendance audit",
            note="March: 20 of 21 high-risk child missing reports attended within an hour (95%).",
        ),
        U("2015-04-10", G, 100, "March audit: 95% of high-risk reports attended within an hour."),
        Propose("2015-04-13", "High-risk attendance on target; March audit attached."),
        Return(
            "2015-04-24",
            "The audit covers high-risk reports only. Show that low-risk "
            "reports are reviewed within 24 hours, and how children missing repeatedly are "
            "referred to the CSE team, before this closes.",
        ),
        U(
            "2015-05-22",
            A,
            85,
            "Audit of 40 low-risk reports from April: 31 reviewed within 24 "
            "hours. Referral of repeat missing children to the CSE team agreed on 19 May.",
        ),
        U(
            "2015-09-25",
            G,
            95,
            "August: 38 of 40 low-risk reports reviewed within 24 hours; 11 "
            "repeat missing children referred, all discussed at the CSE panel.",
        ),
        Ev(
            "2015-11-06",
            "Low-risk reviews and repeat-missing referrals, June to October",
            file=("wakefield-missing-children-audit-2015.csv", WAKEFIELD_MISPER_CSV),
        ),
        U(
            "2015-11-06",
            G,
            100,
            "Five months above 90% for low-risk reviews, three of them "
            "above 95%; every repeat missing child referred to the CSE panel.",
        ),
        Propose(
            "2015-11-09",
            "Resubmitted with the low-risk review and repeat-missing referral "
            "audit the meeting asked for (June to October).",
        ),
    ],
    ("misper-training", "SCGU"): [
        U(
            "2015-02-06",
            G,
            20,
            "E-learning built from College of Policing material and launched on 2 February.",
        ),
        U(
            "2015-03-20",
            A,
            55,
            "1,840 of 3,900 officers and call handlers completed (47%). "
            "Completion lowest in Leeds (38%) and Kirklees (41%).",
        ),
        U(
            "2015-05-15",
            A,
            80,
            "3,280 completed (84%). Completion is now a standing item at "
            "each district's performance meeting.",
        ),
        Ev(
            "2015-07-17",
            "E-learning completion by district, July 2015",
            file=("missing-children-training-completion-2015-07.csv", TRAINING_CSV),
        ),
        U(
            "2015-07-17",
            G,
            100,
            "3,640 completed (93%); classroom input delivered to 212 public protection staff.",
        ),
        Propose("2015-07-20", "93% completion against a 90% target; figures by district attached."),
        Approve("2015-07-31"),
    ],
    # Investigations --------------------------------------------------------------------------
    ("supervision-audit", "BRA"): [
        U(
            "2015-02-20",
            G,
            50,
            "First monthly audit of 10 investigations scored 78%. Two cases "
            "without a 28-day review were escalated to the detective inspector.",
        ),
        Ev(
            "2015-04-02",
            "Niche report: open child abuse investigations by last review",
            note="2 April 2015: 87 open child abuse investigations; all reviewed in the last 28 "
            "days. March audit of 10 investigations: 88%.",
        ),
        U(
            "2015-04-02",
            G,
            100,
            "March audit scored 88%; every open investigation has a "
            "recorded supervisory review in the last 28 days.",
        ),
        Propose("2015-04-06", "Audit above 80% and no investigation without a 28-day review."),
        Approve("2015-04-17"),
    ],
    ("supervision-audit", "CAL"): [
        U("2015-03-13", G, 45, "Audit process running since February; February scored 76%."),
        U(
            "2015-06-19",
            G,
            80,
            "April 81%, May 84%. Three investigations found without a 28-day "
            "review in May, all since reviewed.",
        ),
        U(
            "2015-10-09",
            G,
            95,
            "Audit consistently above 80% since April; the detective "
            "inspector checks the 28-day report weekly.",
        ),
    ],
    ("supervision-audit", "KIR"): [
        U(
            "2015-03-13",
            R,
            30,
            "Detective caseloads average 19 investigations against a force "
            "average of 12; 28-day reviews recorded in 55% of cases.",
        ),
        U(
            "2015-06-26",
            R,
            45,
            "May audit scored 64%. Supervisors are carrying caseloads "
            "themselves; 28-day reviews at 61%.",
        ),
        U(
            "2015-10-23",
            A,
            60,
            "Six of the PCC-funded investigators posted to Kirklees in "
            "September; average caseload now 14 and 28-day reviews at 74%.",
        ),
    ],
    ("supervision-audit", "LEE"): [
        U(
            "2015-03-20",
            A,
            30,
            "Audit started in the Leeds safeguarding unit. CSE "
            "investigations run by district CID are not yet in scope.",
        ),
        U(
            "2015-07-10",
            R,
            40,
            "June audit scored 61%; 47 CSE investigations had no recorded "
            "supervisory review in the last 28 days. Most CSE work is still reactive, started by "
            "a report rather than by intelligence.",
        ),
        U(
            "2015-11-20",
            A,
            60,
            "CSE investigations moved into the safeguarding unit on 2 "
            "November; 28-day reviews now at 79%.",
        ),
    ],
    ("supervision-audit", "WAK"): [
        U("2015-03-13", G, 50, "February audit scored 82%."),
        U(
            "2015-06-12",
            A,
            70,
            "May audit dropped to 72% after two experienced detective "
            "sergeants moved on promotion.",
        ),
        U(
            "2015-09-11",
            G,
            90,
            "August audit 86%; new sergeants have had the investigation standard input.",
        ),
    ],
    ("specialist-investigators", "SCGU"): [
        U(
            "2015-02-27",
            G,
            20,
            "£1.5m confirmed by the PCC for 25 investigators. Posts "
            "advertised internally; 61 applications.",
        ),
        U(
            "2015-05-29",
            G,
            60,
            "25 investigators selected and 15 in post. Development "
            "programme booked for June and September cohorts.",
        ),
        Ev(
            "2015-10-02",
            "Postings of the 25 specialist investigators",
            note="Leeds 8, Kirklees 6, Bradford 5, Wakefield 3, Calderdale 3. 23 accredited; 2 "
            "complete the programme in November.",
        ),
        U(
            "2015-10-02",
            G,
            100,
            "All 25 in post, posted by demand; 23 accredited and 2 on the November course.",
        ),
        Propose("2015-10-05", "All 25 in post; postings and accreditation attached."),
        Approve("2015-10-16", "Approved. Report the last two accreditations to the meeting."),
    ],
    ("kirklees-caseloads", "KIR"): [
        U(
            "2015-03-27",
            R,
            15,
            "Kirklees offender managers hold 97 registered sex offenders "
            "each on average, against 58 in Calderdale. Business case for two more offender "
            "managers submitted.",
        ),
        U(
            "2015-07-03",
            R,
            30,
            "Business case approved but the posts are not yet filled; 11 "
            "ARMS risk assessments are overdue.",
        ),
        U(
            "2015-10-16",
            A,
            55,
            "Two offender managers started on 28 September; average "
            "caseload now 74. ARMS backlog down to 4.",
        ),
        U(
            "2015-12-18",
            A,
            65,
            "Average caseload 68; the target of 60 is now forecast for March 2016.",
        ),
    ],
    ("htcu-backlog", "HTCU"): [
        U(
            "2015-02-13",
            R,
            10,
            "412 devices awaiting examination; child abuse cases wait 26 "
            "weeks on average. Priority triage for child abuse cases since 9 February.",
        ),
        U(
            "2015-04-17",
            R,
            25,
            "Backlog 366 devices, average wait 21 weeks. Two more examiners, "
            "funded from the PCC's cyber crime money, start in June.",
        ),
        U(
            "2015-07-10",
            A,
            45,
            "Backlog 281 devices; child abuse cases now wait 14 weeks on "
            "average. Weekend examinations on overtime since May.",
        ),
        U(
            "2015-10-09",
            A,
            60,
            "Backlog 214 devices, 11 weeks on average. The new examiners "
            "were accredited in September; the 8-week target is now expected in spring 2016.",
        ),
        Ev(
            "2015-12-11",
            "HTCU backlog, January to November 2015",
            file=("htcu-backlog-2015.csv", HTCU_CSV),
        ),
        U("2015-12-11", A, 70, "Backlog 168 devices; child abuse cases wait 9 weeks on average."),
    ],
    ("triage-kiosks", "BRA"): [
        U(
            "2015-03-20",
            G,
            50,
            "Kiosk installed in the district safeguarding unit on 16 March; six operators trained.",
        ),
        Ev(
            "2015-05-29",
            "Kiosk use, May 2015",
            note="May: 41 devices in child abuse cases; 13 triaged locally (32%), 28 sent to HTCU.",
        ),
        U("2015-05-29", G, 100, "32% of devices in child abuse cases triaged locally in May."),
        Propose("2015-06-01", "Kiosk live with six operators; 32% triaged locally."),
        Approve("2015-06-12"),
    ],
    ("triage-kiosks", "CAL"): [
        U(
            "2015-03-06",
            GREY,
            0,
            "Calderdale will use the Kirklees kiosk under the shared "
            "Calderdale and Kirklees arrangement instead of having its own.",
            reason="About 15 devices a month: the shared Kirklees kiosk meets the need at a "
            "fraction of the cost. Agreed at the action-plan meeting on 3 March.",
        ),
    ],
    ("triage-kiosks", "KIR"): [
        U("2015-04-10", A, 30, "Kiosk delivered; installation delayed by network accreditation."),
        U(
            "2015-07-24",
            G,
            80,
            "Operating since 6 July and also serving Calderdale; four of six operators trained.",
        ),
    ],
    ("triage-kiosks", "LEE"): [
        U("2015-04-24", A, 40, "Two kiosks ordered for Leeds because of its volume."),
        U(
            "2015-08-28",
            A,
            80,
            "Both kiosks live since July; 19% of devices triaged locally against a target of 30%.",
        ),
    ],
    ("triage-kiosks", "WAK"): [
        U("2015-03-27", G, 60, "Kiosk installed; three operators trained."),
        U("2015-06-26", G, 90, "Six operators trained; 27% triaged locally in June."),
    ],
    ("long-running-review", "BRA"): [
        U(
            "2015-02-06",
            G,
            40,
            "Niche report found 23 investigations open over three months; "
            "detective inspector reviews done for 14.",
        ),
        Ev(
            "2015-03-06",
            "Review log of investigations open over three months",
            note="23 investigations reviewed by DI Bradford PPU: 9 closed (4 charged, 5 no "
            "further action), 14 with documented plans and monthly DI review.",
        ),
        U(
            "2015-03-06",
            G,
            100,
            "All 23 reviewed: 9 closed and 14 with documented plans and a monthly review.",
        ),
        Propose("2015-03-09", "Every long-running investigation reviewed; review log attached."),
        Approve("2015-03-20"),
    ],
    ("long-running-review", "CAL"): [
        U("2015-02-27", G, 50, "17 investigations identified; 8 reviewed."),
        U("2015-04-10", G, 100, "All 17 reviewed; 3 await charging decisions from the CPS."),
    ],
    ("long-running-review", "KIR"): [
        U(
            "2015-03-06",
            R,
            20,
            "64 investigations open over three months, many waiting for "
            "device examinations at HTCU; 13 reviewed.",
        ),
        U(
            "2015-06-12",
            R,
            45,
            "41 of 64 reviewed, but 22 more cases passed three months in the meantime.",
        ),
        U(
            "2015-10-30",
            A,
            70,
            "All the older cases reviewed and a monthly DI review is in "
            "place; 19 cases still wait for HTCU results.",
        ),
    ],
    ("long-running-review", "LEE"): [
        U(
            "2015-03-13",
            A,
            35,
            "112 investigations identified; the safeguarding unit's "
            "detective inspectors have reviewed 39.",
        ),
        U(
            "2015-06-26",
            A,
            60,
            "All 112 reviewed; 41 closed. Monthly review not yet in place "
            "for CSE investigations held by CID.",
        ),
        U(
            "2015-11-13",
            R,
            70,
            "58 more investigations have passed three months since, mostly "
            "CSE cases waiting for digital examination; only 31 have had a review in the last 28 "
            "days.",
        ),
    ],
    ("long-running-review", "WAK"): [
        U("2015-02-20", G, 50, "29 investigations identified; 15 reviewed."),
        U(
            "2015-05-08",
            A,
            80,
            "All 29 reviewed, but the monthly review lapsed in April for 6 cases.",
        ),
        U(
            "2015-08-14",
            G,
            100,
            "Monthly DI review back on track for every case over three months.",
        ),
    ],
    # Decision making -------------------------------------------------------------------------
    ("strategy-recording", "SCGU"): [
        U(
            "2015-02-20",
            G,
            30,
            "Template drafted with the Niche team and the five local "
            "authorities' front door managers.",
        ),
        U(
            "2015-04-10",
            A,
            60,
            "Template live on 1 April. Audit of March, before go-live: 28 of "
            "50 strategy discussions findable.",
        ),
        U("2015-07-24", G, 85, "June audit: 44 of 50 complete and findable (88%)."),
        Ev(
            "2015-09-25",
            "Strategy discussion recording audit, August 2015",
            file=("strategy-discussion-audit-2015-08.txt", STRATEGY_AUDIT_TXT),
        ),
        Ev(
            "2015-09-25",
            "Niche strategy discussion template guidance",
            url="https://intranet.wyp.example/niche/guidance/strategy-discussion-template",
        ),
        U("2015-09-25", G, 100, "August audit: 47 of 50 (94%)."),
        Propose("2015-09-28", "Two audits running above 90%; August audit and guidance attached."),
        Approve("2015-10-09"),
    ],
    ("leeds-joint-recording", LEEDS_CS): [
        U(
            "2015-03-27",
            A,
            20,
            "Leeds children's social care recording guidance updated; "
            "police and social work managers meet fortnightly.",
        ),
        U(
            "2015-07-17",
            A,
            50,
            "Audit of 20 joint strategy discussions in June: 12 recorded in "
            "both systems within a working day.",
        ),
        U(
            "2015-11-27",
            G,
            75,
            "October audit: 17 of 20 recorded in both systems within a working day.",
        ),
    ],
    # Children in detention -------------------------------------------------------------------
    ("children-in-custody", "SCGU"): [
        U(
            "2015-02-27",
            G,
            25,
            "2014 custody records analysed: 318 children held overnight "
            "after charge; local authority accommodation was provided for 9.",
        ),
        U(
            "2015-05-22",
            A,
            50,
            "Joint protocol with the five local authorities drafted. Leeds "
            "and Bradford have agreed it; Calderdale, Kirklees and Wakefield want changes to the "
            "out-of-hours arrangements.",
        ),
        Ev(
            "2015-09-04",
            "Protocol for children detained after charge",
            url="https://intranet.wyp.example/custody/children-pace-transfer-protocol-2015",
        ),
        U(
            "2015-09-04",
            G,
            80,
            "Protocol signed by all five authorities on 27 August. An "
            "inspector has reviewed every child held overnight since June.",
        ),
        U(
            "2015-12-11",
            G,
            90,
            "Children held overnight after charge down 28% on the same "
            "months of 2014; a PACE transfer was requested in every case.",
        ),
    ],
}


# Loading ---------------------------------------------------------------------------------------


@dataclass
class _Context:
    plan: ActionPlan
    people: dict[str, User]
    units: dict[str, Unit]
    partners: dict[str, Organisation]
    made: list[str] = field(default_factory=list)


def _at(day: str, hour: int) -> datetime.datetime:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=tz
    )


def load(*, inspection: Inspection) -> list[str]:
    """Write the plan and its 2015 history unless the inspection has a plan; say what was made."""
    if ActionPlan.objects.filter(inspection=inspection).exists():
        return []
    force = inspection.force
    people = {
        u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    }
    units = {u.code: u for u in force.units.all()}
    partners = {d: Organisation.objects.get(slug=partner_slug(d)) for d in DISTRICTS}
    for district, organisation in partners.items():
        units[f"CS:{district}"] = organisation.units.get(code="CS")
    coordinator = people["coordinator"]
    plan = action_plan_create(actor=coordinator, inspection=inspection)
    context = _Context(plan, people, units, partners, made=["action plan"])
    assignments = _actions(context, coordinator)
    action_plan_transition(
        actor=coordinator,
        plan=plan,
        to=PlanStatus.IN_QA,
        note="Written with the five local authorities' children's services; sent to the "
        "regional HMIC team for quality assurance.",
    )
    action_plan_transition(
        actor=people["inspector"],
        plan=plan,
        to=PlanStatus.APPROVED,
        note="Quality assured by the regional team: every recommendation has actions with an "
        "owner, a measure and a date.",
    )
    action_plan_transition(
        actor=coordinator,
        plan=plan,
        to=PlanStatus.SUBMITTED,
        note="Submitted to the HMIC National Team within six weeks of publication.",
    )
    action_plan_transition(
        actor=coordinator,
        plan=plan,
        to=PlanStatus.IN_DELIVERY,
        note="Delivered by the five districts and the Safeguarding Central Governance Unit; a "
        "standing item at the Strategic Safeguarding Board, managed through the HMIC "
        "action-plan meeting.",
    )
    for (key, unit_label), events in HISTORY.items():
        _history(context, assignments[(key, unit_label)], events)
    return context.made


def _actions(context: _Context, actor) -> dict[tuple[str, str], Assignment]:
    recommendations = {r.ref: r for r in context.plan.inspection.recommendations.all()}
    assignments: dict[tuple[str, str], Assignment] = {}
    for spec in ACTIONS:
        action = action_create(
            actor=actor,
            plan=context.plan,
            recommendation=recommendations[spec.ref],
            title=spec.title,
            description=spec.description,
            success_measure=spec.success_measure,
            lead=context.people[spec.lead],
            partners=[context.partners[d] for d in spec.partners],
            due_on=spec.due_on,
        )
        context.made.append(f"action {spec.title}")
        for label in spec.units:
            if label == DISTRICT_UNITS:
                for assignment in assignments_create_for_districts(actor=actor, action=action):
                    assignment.unit = Unit.objects.get(pk=assignment.unit_id)
                    assignments[(spec.key, assignment.unit.code)] = assignment
                    context.made.append(f"assignment {spec.key} {assignment.unit.code}")
                continue
            assignment = assignment_create(actor=actor, action=action, unit=context.units[label])
            assignments[(spec.key, label)] = assignment
            context.made.append(f"assignment {spec.key} {label}")
    return assignments


def _history(context: _Context, assignment: Assignment, events: list) -> None:
    evidence = []
    closure = None
    for event in events:
        if isinstance(event, U):
            update_add(
                actor=HISTORY_ACTOR,
                assignment=assignment,
                narrative=event.text,
                rag=event.rag,
                percent_complete=event.percent,
                not_adopted_reason=event.reason,
                created_at=_at(event.on, 10),
            )
            context.made.append(f"update {event.on}")
        elif isinstance(event, Ev):
            evidence.append(_evidence(assignment, event))
            context.made.append(f"evidence {event.title}")
        elif isinstance(event, Propose):
            assignment.refresh_from_db()
            closure = closure_propose(
                actor=HISTORY_ACTOR,
                assignment=assignment,
                summary=event.summary,
                evidence=evidence,
                at=_at(event.on, 15),
            )
            context.made.append(f"closure proposed {event.on}")
        elif isinstance(event, Approve):
            closure_approve(
                actor=HISTORY_ACTOR,
                closure=closure,
                comment=event.comment,
                demonstration_months=event.months,
                at=_at(event.on, 16),
            )
            context.made.append(f"closure approved {event.on}")
        elif isinstance(event, Return):
            closure_return(
                actor=HISTORY_ACTOR, closure=closure, comment=event.comment, at=_at(event.on, 16)
            )
            context.made.append(f"closure returned {event.on}")
        else:  # pragma: no cover - a mistake in HISTORY
            raise TypeError(event)


def _evidence(assignment: Assignment, event: Ev):
    common = {"actor": HISTORY_ACTOR, "assignment": assignment, "title": event.title}
    at = _at(event.on, 11)
    if event.file is not None:
        name, text = event.file
        return evidence_add(
            **common,
            kind=EvidenceKind.FILE,
            upload=SimpleUploadedFile(name, text.encode("utf-8")),
            at=at,
        )
    if event.url:
        return evidence_add(**common, kind=EvidenceKind.LINK, url=event.url, at=at)
    return evidence_add(**common, kind=EvidenceKind.NOTE, note=event.note, at=at)


def load_for_demo(*, context: DemoContext) -> list[str]:
    """The demo loader this app declares (apps.py)."""
    return load(inspection=context.shared["inspection"])
