"""The reminder digest: one e-mail per person with something due, listing their items with
links; never the same item twice in a day; each person's choice of daily, weekly or none."""

import datetime

import pytest
from django.core import mail

from assure.core.audit import SystemActor
from assure.notifications import services
from assure.notifications.models import Digest, Frequency, Reminder
from assure.notifications.reminders import send_reminders

pytestmark = pytest.mark.django_db
D = datetime.date
MONDAY = D(2015, 3, 2)


def by_recipient():
    return {m.to[0]: m for m in mail.outbox}


def test_one_email_per_person_with_work_due_then_nothing_new_the_same_day(demo, demo_users):
    run = send_reminders(today=MONDAY)
    sent = by_recipient()
    assert run.sent == len(sent) == len(mail.outbox) > 0
    leeds = sent[demo_users["lead.leeds"].email]
    assert "http://127.0.0.1:8000/assignments/" in leeds.body
    assert "Leeds" in leeds.body
    # The approver is reminded of closures to decide, with a link to each decision.
    approver = sent.get(demo_users["approver"].email)
    if approver is not None:
        assert "/closures/" in approver.body or "Overdue" in approver.body
    mail.outbox.clear()
    again = send_reminders(today=MONDAY)
    assert (again.sent, mail.outbox) == (0, [])
    assert Reminder.objects.filter(on=MONDAY).count() == run.items


def test_a_person_who_chose_none_gets_nothing_and_weekly_only_on_mondays(demo, demo_users):
    lead = demo_users["lead.leeds"]
    services.notification_preference_set(actor=lead, person=lead, frequency=Frequency.NONE)
    send_reminders(today=MONDAY)
    assert lead.email not in by_recipient()
    services.notification_preference_set(actor=lead, person=lead, frequency=Frequency.WEEKLY)
    mail.outbox.clear()
    send_reminders(today=D(2015, 3, 3))  # a Tuesday
    assert lead.email not in by_recipient()
    send_reminders(today=D(2015, 3, 9))  # the next Monday
    assert lead.email in by_recipient()


def test_only_the_system_sends_and_a_person_sets_only_their_own_choice(demo, demo_users):
    lead, coordinator = demo_users["lead.leeds"], demo_users["coordinator"]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.reminder_digest_send(actor=lead, person=lead, today=MONDAY)
    with pytest.raises(PermissionDenied):
        services.notification_preference_set(
            actor=coordinator, person=lead, frequency=Frequency.NONE
        )
    digest = services.reminder_digest_send(actor=SystemActor("test"), person=lead, today=MONDAY)
    assert isinstance(digest, Digest)
