from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac

from assure.core.models import TimeStampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their work e-mail address. What they may do comes only from
    their memberships, never from Django's staff or group flags."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)
    # Mixed into the hash that every session of this person carries (Django checks it on each
    # request): a new salt ends all their sessions at once ("sign out everywhere", switching the
    # account off). Empty until first changed, so the hash is then Django's own.
    session_salt = models.CharField(max_length=32, blank=True, default="")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def _get_session_auth_hash(self, secret=None):
        if not self.session_salt:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "assure.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_salt}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class OrganisationKind(models.TextChoices):
    FORCE = "force", "Police force"
    PCC_OFFICE = "pcc_office", "Police and Crime Commissioner's office"
    PARTNER_AGENCY = "partner_agency", "Partner agency"
    INSPECTORATE = "inspectorate", "Inspectorate"


class Organisation(TimeStampedModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    forces = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="associated_organisations",
        limit_choices_to={"kind": OrganisationKind.FORCE},
        help_text=(
            "For a PCC's office, its force; for an inspectorate team, the forces it covers; "
            "for a partner agency, the forces it works with."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class UnitKind(models.TextChoices):
    DISTRICT = "district", "District"
    CENTRAL = "central", "Central unit"
    SPECIALIST = "specialist", "Specialist unit"
    PARTNER = "partner", "Partner"


class Unit(TimeStampedModel):
    """A part of an organisation that delivers work: a district, the central unit, a specialist
    unit such as the High Tech Crime Unit, or a partner's team."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    kind = models.CharField(max_length=20, choices=UnitKind.choices)
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["organisation__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("code"), name="unit_code_unique_per_organisation"
            ),
            models.UniqueConstraint(
                "organisation", Lower("name"), name="unit_name_unique_per_organisation"
            ),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"
    UNIT_LEAD = "unit_lead", "Unit lead"
    APPROVER = "approver", "Approver"
    BOARD_MEMBER = "board_member", "Board member"
    PARTNER = "partner", "Partner"
    OVERSIGHT = "oversight", "Oversight"
    INSPECTOR = "inspector", "Inspector"


class Membership(TimeStampedModel):
    """A user's role in one organisation, optionally in one of its units. Access comes only from
    these rows (DESIGN.md, "Users and roles")."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "unit", "role"],
                condition=models.Q(unit__isnull=False),
                name="membership_unique_in_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(unit__isnull=True),
                name="membership_unique_in_organisation",
            ),
        ]

    def __str__(self):
        where = f"{self.organisation}, {self.unit}" if self.unit_id else str(self.organisation)
        return f"{self.get_role_display()} — {where}"
