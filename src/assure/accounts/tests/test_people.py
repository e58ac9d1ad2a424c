"""Coordinators manage the people of their force: invitations, roles and units, switching accounts
off and on. Each is an audited service scoped to the coordinator's force; anything else is 404."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assure.accounts import services
from assure.accounts.models import Membership, Role, User
from assure.accounts.tests.factories import TEST_PASSWORD, UnitFactory, person_with_role
from assure.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def force_world():
    """A force with a coordinator and a unit lead, and another force with its own coordinator."""
    unit = UnitFactory(name="Leeds", code="LDS")
    force = unit.organisation
    coordinator = person_with_role(Role.COORDINATOR, organisation=force, full_name="Cora")
    lead = person_with_role(Role.UNIT_LEAD, unit=unit, full_name="Lee", email="lee@example.org")
    other_unit = UnitFactory()
    other_coordinator = person_with_role(Role.COORDINATOR, organisation=other_unit.organisation)
    outsider = person_with_role(Role.UNIT_LEAD, unit=other_unit)
    return type(
        "World",
        (),
        {
            "force": force,
            "unit": unit,
            "coordinator": coordinator,
            "lead": lead,
            "other_coordinator": other_coordinator,
            "other_force": other_unit.organisation,
            "other_unit": other_unit,
            "outsider": outsider,
        },
    )


def invite(world, actor=None, **fields):
    values = {
        "email": "New.Person@Example.org",
        "full_name": "New Person",
        "organisation": world.force,
        "role": Role.UNIT_LEAD,
        "unit": world.unit,
    }
    values.update(fields)
    return services.user_invite(actor=actor or world.coordinator, **values)


# Invitations -------------------------------------------------------------------------------


def test_an_invitation_makes_an_account_without_a_password_and_emails_a_one_time_link(
    force_world, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        person = invite(force_world)
    assert person.email == "new.person@example.org"
    assert not person.has_usable_password()
    assert person.memberships.get().unit == force_world.unit
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert "Cora" in message.body
    assert force_world.force.name in message.body
    [link] = [line for line in message.body.splitlines() if "/invitation/" in line]
    assert link.startswith("http://127.0.0.1:8000/invitation/")
    events = AuditEvent.objects.filter(organisation=force_world.force).values_list(
        "event", flat=True
    )
    assert {"accounts.user.invited", "accounts.membership.granted"} <= set(events)

    # The link: choose a password, then it no longer works.
    path = link.removeprefix("http://127.0.0.1:8000")
    form = client.get(path, follow=True)
    assert "Welcome to Assure" in form.content.decode()
    assert "/set-password/" in form.redirect_chain[-1][0]  # the token left the address bar
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "violet-harbour-lantern", "new_password2": "violet-harbour-lantern"},
        follow=True,
    )
    assert "Your password is set. Sign in with it now." in done.content.decode()
    person.refresh_from_db()
    assert person.check_password("violet-harbour-lantern")
    assert AuditEvent.objects.filter(event="accounts.user.invitation_accepted").count() == 1
    client.cookies.clear()
    again = client.get(path, follow=True)
    assert again.status_code == 404
    assert "This link does not work" in again.content.decode()


def test_an_invitation_is_refused_for_another_force_and_writes_nothing(force_world):
    with pytest.raises(PermissionDenied):
        invite(force_world, organisation=force_world.other_force, unit=force_world.other_unit)
    with pytest.raises(PermissionDenied):
        invite(force_world, actor=force_world.lead)
    assert not User.objects.filter(email="new.person@example.org").exists()
    assert not AuditEvent.objects.filter(event="accounts.user.invited").exists()
    assert mail.outbox == []


def test_an_invitation_to_an_existing_address_or_with_a_wrong_unit_is_refused(force_world):
    with pytest.raises(ValidationError, match="already an Assure account"):
        invite(force_world, email="LEE@example.org")
    with pytest.raises(ValidationError, match="must be given a unit"):
        invite(force_world, unit=None)
    with pytest.raises(ValidationError, match="is not a unit of"):
        invite(force_world, unit=force_world.other_unit)
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_the_invite_page_sends_the_invitation(
    force_world, client, django_capture_on_commit_callbacks
):
    client.force_login(force_world.coordinator)
    page = client.get(reverse("accounts:person_invite"))
    assert page.status_code == 200
    data = {
        "full_name": "Nia Lead",
        "email": "nia@example.org",
        "organisation": force_world.force.pk,
        "role": Role.UNIT_LEAD,
        "unit": "",
    }
    refused = client.post(reverse("accounts:person_invite"), data)
    assert "A unit lead must be given a unit." in refused.content.decode()
    assert 'value="nia@example.org"' in refused.content.decode()  # what was typed stays
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            reverse("accounts:person_invite"), {**data, "unit": force_world.unit.pk}, follow=True
        )
    assert "Invitation sent to nia@example.org" in sent.content.decode()
    assert "Invited" in sent.content.decode()
    assert len(mail.outbox) == 1


def test_an_invitation_can_be_sent_again_until_a_password_is_chosen(
    force_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = invite(force_world)
        services.invitation_resend(actor=force_world.coordinator, person=person)
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(event="accounts.user.invitation_resent").count() == 1
    with pytest.raises(PermissionDenied):
        services.invitation_resend(actor=force_world.other_coordinator, person=person)
    with pytest.raises(ValidationError, match="already chosen a password"):
        services.invitation_resend(actor=force_world.coordinator, person=force_world.lead)


# Roles and units ---------------------------------------------------------------------------


def test_a_coordinator_changes_a_role_and_unit_in_their_force(force_world):
    membership = force_world.lead.memberships.get()
    services.membership_change(
        actor=force_world.coordinator, membership=membership, role=Role.APPROVER, unit=None
    )
    membership.refresh_from_db()
    assert (membership.role, membership.unit) == (Role.APPROVER, None)
    event = AuditEvent.objects.get(event="accounts.membership.changed")
    assert event.organisation == force_world.force
    assert event.changes == {
        "user": "lee@example.org",
        "role": ["unit_lead", "approver"],
        "unit": ["LDS", None],
    }


def test_roles_in_another_force_cannot_be_changed_given_or_removed(force_world):
    theirs = force_world.outsider.memberships.get()
    with pytest.raises(PermissionDenied):
        services.membership_change(
            actor=force_world.coordinator, membership=theirs, role=Role.APPROVER, unit=None
        )
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=force_world.coordinator,
            user=force_world.lead,
            organisation=force_world.other_force,
            role=Role.APPROVER,
        )
    with pytest.raises(PermissionDenied):
        services.membership_revoke(actor=force_world.coordinator, membership=theirs)
    assert not AuditEvent.objects.filter(event__startswith="accounts.membership.c").exists()


def test_a_force_keeps_a_coordinator_and_a_person_keeps_a_role(force_world):
    own = force_world.coordinator.memberships.get()
    with pytest.raises(ValidationError, match="only coordinator"):
        services.membership_change(
            actor=force_world.coordinator, membership=own, role=Role.APPROVER, unit=None
        )
    with pytest.raises(ValidationError, match="only role"):
        services.membership_revoke(
            actor=force_world.coordinator, membership=force_world.lead.memberships.get()
        )
    extra = services.membership_grant(
        actor=force_world.coordinator,
        user=force_world.lead,
        organisation=force_world.force,
        role=Role.BOARD_MEMBER,
    )
    services.membership_revoke(actor=force_world.coordinator, membership=extra)
    assert force_world.lead.memberships.count() == 1
    assert AuditEvent.objects.filter(event="accounts.membership.revoked").count() == 1


def test_role_pages_change_and_remove_with_a_confirmation(force_world, client):
    client.force_login(force_world.coordinator)
    extra = Membership.objects.create(
        user=force_world.lead, organisation=force_world.force, role=Role.BOARD_MEMBER
    )
    change = reverse("accounts:membership_change", args=[extra.pk])
    response = client.post(
        change, {"organisation": force_world.force.pk, "role": Role.APPROVER, "unit": ""}
    )
    assert response.status_code == 302
    extra.refresh_from_db()
    assert extra.role == Role.APPROVER
    remove = reverse("accounts:membership_remove", args=[extra.pk])
    ask = client.get(remove).content.decode()
    assert "Remove Lee’s role as approver?" in ask
    assert Membership.objects.filter(pk=extra.pk).exists()  # asking removes nothing
    done = client.post(remove, follow=True).content.decode()
    assert "Lee no longer holds that role." in done
    assert not Membership.objects.filter(pk=extra.pk).exists()


def test_people_pages_show_a_coordinator_only_their_own_force(force_world, client):
    client.force_login(force_world.coordinator)
    listing = client.get(reverse("accounts:people")).content.decode()
    assert "Lee" in listing
    assert force_world.outsider.email not in listing
    theirs = force_world.outsider
    for name, args in [
        ("accounts:person", [theirs.pk]),
        ("accounts:person_switch_off", [theirs.pk]),
        ("accounts:membership_add", [theirs.pk]),
        ("accounts:membership_change", [theirs.memberships.get().pk]),
        ("accounts:membership_remove", [theirs.memberships.get().pk]),
        ("accounts:person", [2**70]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name in ["accounts:person_switch_off", "accounts:person_switch_on"]:
        assert client.post(reverse(name, args=[theirs.pk])).status_code == 404
    assert (
        client.post(
            reverse("accounts:membership_remove", args=[theirs.memberships.get().pk])
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.is_active
    assert theirs.memberships.exists()
    client.force_login(force_world.lead)
    assert client.get(reverse("accounts:people")).status_code == 404


# Switching accounts off and on -------------------------------------------------------------


def test_switching_off_signs_the_person_out_everywhere_and_stops_sign_in(force_world, client):
    client.force_login(force_world.lead)
    assert client.get(reverse("accounts:account")).status_code == 200
    services.user_deactivate(actor=force_world.coordinator, person=force_world.lead)
    assert client.get(reverse("accounts:account")).status_code == 302  # session ended
    client.logout()
    signed_in = client.post(
        reverse("accounts:sign_in"), {"username": "lee@example.org", "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 200
    assert AuditEvent.objects.get(event="accounts.user.deactivated").organisation == (
        force_world.force
    )
    services.user_reactivate(actor=force_world.coordinator, person=force_world.lead)
    event = AuditEvent.objects.get(event="accounts.user.reactivated")
    assert event.changes == {"is_active": [False, True]}
    signed_in = client.post(
        reverse("accounts:sign_in"), {"username": "lee@example.org", "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 302


def test_switching_off_is_refused_for_others_oneself_and_people_with_roles_elsewhere(force_world):
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=force_world.coordinator, person=force_world.outsider)
    with pytest.raises(ValidationError, match="your own account"):
        services.user_deactivate(actor=force_world.coordinator, person=force_world.coordinator)
    Membership.objects.create(
        user=force_world.lead, organisation=force_world.other_force, role=Role.BOARD_MEMBER
    )
    with pytest.raises(ValidationError, match="organisation you do not manage"):
        services.user_deactivate(actor=force_world.coordinator, person=force_world.lead)
    assert not AuditEvent.objects.filter(event="accounts.user.deactivated").exists()
    force_world.lead.refresh_from_db()
    assert force_world.lead.is_active


def test_switch_off_page_asks_first_and_says_what_it_does(force_world, client):
    client.force_login(force_world.coordinator)
    url = reverse("accounts:person_switch_off", args=[force_world.lead.pk])
    ask = client.get(url).content.decode()
    assert "Switch off Lee’s account?" in ask
    assert "signed out everywhere at once" in ask
    force_world.lead.refresh_from_db()
    assert force_world.lead.is_active
    done = client.post(url, follow=True).content.decode()
    assert "Lee’s account is switched off." in done
    assert "Switched off" in client.get(reverse("accounts:people")).content.decode()


def test_failed_sign_ins_show_in_the_audit_trail_of_the_persons_force_only(force_world, client):
    client.post(reverse("accounts:sign_in"), {"username": "lee@example.org", "password": "no"})
    client.force_login(force_world.coordinator)
    assert "accounts.sign_in.failed" in client.get(reverse("site:audit")).content.decode()
    client.force_login(force_world.other_coordinator)
    assert "accounts.sign_in.failed" not in client.get(reverse("site:audit")).content.decode()
