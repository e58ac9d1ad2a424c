"""The demo's organisations and people: West Yorkshire as the seed document describes it.

All people are fictional and named by their role. Loading is idempotent: anything that already
exists (by slug, unit code or e-mail) is left alone, so a second run writes nothing.
"""

from dataclasses import dataclass

from assure.core.demo import DemoContext

from .models import Membership, Organisation, OrganisationKind, Role, Unit, UnitKind, User
from .services import membership_grant, organisation_create, unit_create, user_create

FORCE_SLUG = "west-yorkshire"
DISTRICTS = ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"]
FORCE_UNITS = [
    *[(UnitKind.DISTRICT, name[:3].upper(), name) for name in DISTRICTS],
    (UnitKind.CENTRAL, "SCGU", "Safeguarding Central Governance Unit"),
    (UnitKind.SPECIALIST, "HTCU", "High Tech Crime Unit"),
]
PCC_SLUG = "west-yorkshire-pcc"
INSPECTORATE_SLUG = "hmic-regional-north"
EMAIL_DOMAIN = "demo.assure.example"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    job_title: str
    organisation_slug: str
    role: Role
    unit_code: str | None = None


def partner_slug(district: str) -> str:
    return f"{district.lower()}-childrens-services"


def demo_people() -> list[DemoPerson]:
    people = [
        DemoPerson(
            f"coordinator@{EMAIL_DOMAIN}",
            "Demo Coordinator",
            "Safeguarding Central Governance Unit",
            FORCE_SLUG,
            Role.COORDINATOR,
        ),
        DemoPerson(
            f"approver@{EMAIL_DOMAIN}",
            "Demo Approver",
            "Chair, HMIC action-plan meeting",
            FORCE_SLUG,
            Role.APPROVER,
        ),
        DemoPerson(
            f"board@{EMAIL_DOMAIN}",
            "Demo Board Chair",
            "Chair, Strategic Safeguarding Board",
            FORCE_SLUG,
            Role.BOARD_MEMBER,
        ),
    ]
    people += [
        DemoPerson(
            f"lead.{d.lower()}@{EMAIL_DOMAIN}",
            f"Demo {d} Lead",
            f"Safeguarding lead, {d} district",
            FORCE_SLUG,
            Role.UNIT_LEAD,
            d[:3].upper(),
        )
        for d in DISTRICTS
    ]
    people += [
        DemoPerson(
            f"lead.scgu@{EMAIL_DOMAIN}",
            "Demo Central Unit Lead",
            "Lead, Safeguarding Central Governance Unit",
            FORCE_SLUG,
            Role.UNIT_LEAD,
            "SCGU",
        ),
        DemoPerson(
            f"lead.htcu@{EMAIL_DOMAIN}",
            "Demo High Tech Crime Unit Lead",
            "Lead, High Tech Crime Unit",
            FORCE_SLUG,
            Role.UNIT_LEAD,
            "HTCU",
        ),
        DemoPerson(
            f"partner.leeds@{EMAIL_DOMAIN}",
            "Demo Leeds Partner",
            "Children's services, Leeds",
            partner_slug("Leeds"),
            Role.PARTNER,
        ),
        DemoPerson(
            f"oversight@{EMAIL_DOMAIN}",
            "Demo PCC Office Officer",
            "Policy officer, Office of the PCC",
            PCC_SLUG,
            Role.OVERSIGHT,
        ),
        DemoPerson(
            f"inspector@{EMAIL_DOMAIN}",
            "Demo Regional Inspector",
            "Inspector, HMIC regional team",
            INSPECTORATE_SLUG,
            Role.INSPECTOR,
        ),
    ]
    return people


def load(*, actor, password: str) -> list[str]:
    """Create whatever of the demo's organisations and people is missing; say what was made."""
    made: list[str] = []
    force = _organisation(actor, made, "West Yorkshire Police", FORCE_SLUG, OrganisationKind.FORCE)
    for kind, code, name in FORCE_UNITS:
        if not Unit.objects.filter(organisation=force, code=code).exists():
            unit_create(actor=actor, organisation=force, kind=kind, code=code, name=name)
            made.append(f"unit {name}")
    _organisation(
        actor,
        made,
        "Office of the West Yorkshire Police and Crime Commissioner",
        PCC_SLUG,
        OrganisationKind.PCC_OFFICE,
        forces=[force],
    )
    _organisation(
        actor,
        made,
        "HMIC regional team (North)",
        INSPECTORATE_SLUG,
        OrganisationKind.INSPECTORATE,
        forces=[force],
    )
    for district in DISTRICTS:
        partner = _organisation(
            actor,
            made,
            f"{district} Council children’s services",
            partner_slug(district),
            OrganisationKind.PARTNER_AGENCY,
            forces=[force],
        )
        if not partner.units.exists():
            unit_create(
                actor=actor,
                organisation=partner,
                kind=UnitKind.PARTNER,
                code="CS",
                name=f"{district} children’s social care",
            )
            made.append(f"unit {district} children’s social care")
    for person in demo_people():
        _person(actor, made, person, password)
    return made


def _organisation(actor, made, name, slug, kind, forces=()):
    existing = Organisation.objects.filter(slug=slug).first()
    if existing:
        return existing
    made.append(f"organisation {name}")
    return organisation_create(actor=actor, name=name, slug=slug, kind=kind, forces=forces)


def _person(actor, made, person: DemoPerson, password: str) -> None:
    user = User.objects.filter(email=person.email).first()
    if user is None:
        user = user_create(
            actor=actor,
            email=person.email,
            full_name=person.full_name,
            job_title=person.job_title,
            password=password,
        )
        made.append(f"user {person.email}")
    organisation = Organisation.objects.get(slug=person.organisation_slug)
    unit = organisation.units.get(code=person.unit_code) if person.unit_code else None
    if not Membership.objects.filter(
        user=user, organisation=organisation, unit=unit, role=person.role
    ).exists():
        membership_grant(
            actor=actor, user=user, organisation=organisation, role=person.role, unit=unit
        )
        made.append(f"membership {person.email} {person.role.value}")


def load_for_demo(*, context: DemoContext) -> list[str]:
    """The demo loader this app declares (apps.py)."""
    return load(actor=context.actor, password=context.password)
