"""Accounts objects as what the people and account pages show."""

from django.utils.html import format_html, format_html_join

from .models import Membership, User


def role_text(membership: Membership) -> str:
    where = membership.unit.name if membership.unit_id else "whole force"
    return f"{membership.get_role_display()} ({where})"


def status(person: User) -> tuple[str, str]:
    """(text, tag colour) for a person's account."""
    if not person.is_active:
        return "Switched off", "grey"
    if not person.has_usable_password():
        return "Invited", "yellow"
    return "Active", "green"


def people_rows(page) -> list[dict]:
    rows = []
    for person in page:
        text, colour = status(person)
        rows.append(
            {
                "person": person,
                "roles": [role_text(m) for m in person.managed],
                "status": text,
                "colour": colour,
            }
        )
    return rows


def person_rows(shown) -> list[tuple[str, str]]:
    person = shown.person
    text, _ = status(person)
    rows = [
        ("Name", person.full_name),
        ("Email address", person.email),
        ("Job title", person.job_title or "Not given"),
        ("Account", text + (" — locked after wrong passwords" if shown.locked else "")),
        ("Last signed in", _when(person.last_login)),
    ]
    if shown.roles_elsewhere:
        rows.append(
            (
                "Roles elsewhere",
                f"{shown.roles_elsewhere} in other organisations, which their coordinators manage",
            )
        )
    return rows


def account_rows(user: User) -> list[tuple[str, object]]:
    from . import permissions

    held = permissions.memberships(user)
    roles = format_html(
        '<ul class="govuk-list">{}</ul>',
        format_html_join(
            "",
            "<li>{} — {}</li>",
            (
                (
                    m.get_role_display(),
                    f"{m.organisation}, {m.unit}" if m.unit_id else m.organisation,
                )
                for m in held
            ),
        ),
    )
    return [
        ("Name", user.full_name),
        ("Email address", user.email),
        ("Job title", user.job_title or "Not given"),
        ("Roles", roles if held else "None"),
    ]


def _when(moment) -> str:
    if moment is None:
        return "Never"
    from django.utils import timezone
    from django.utils.dateformat import format as date_format

    return date_format(timezone.localtime(moment), "j F Y, H:i")
