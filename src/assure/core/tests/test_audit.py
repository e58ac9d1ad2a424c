import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from assure.core import audit
from assure.core.models import AppendOnlyError, AuditEvent
from assure.core.service import MissingAuditEvent, service


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted():
    event = audit.record(actor=audit.SystemActor("test"), event="test.thing.done")
    event.event = "test.thing.undone"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(event="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).event == "test.thing.done"


@pytest.mark.django_db
def test_a_person_is_recorded_by_name_and_email_and_a_job_by_its_label():
    person = get_user_model().objects.create_user("ada@example.org", full_name="Ada Example")
    by_person = audit.record(actor=person, event="test.thing.done", target=person)
    by_job = audit.record(actor=audit.SystemActor("nightly import"), event="test.thing.done")
    assert by_person.actor == person
    assert by_person.actor_label == "Ada Example <ada@example.org>"
    assert (by_person.target_type, by_person.target_id) == ("accounts.user", str(person.pk))
    assert by_job.actor is None
    assert by_job.actor_label == "system: nightly import"


def test_changes_between_lists_only_what_changed():
    assert audit.changes_between({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}


@pytest.mark.django_db(transaction=True)
def test_a_service_that_writes_no_audit_event_is_rolled_back():
    @service
    def thing_do(*, actor):
        get_user_model().objects.create_user("should-not-exist@example.org", full_name="X")

    with pytest.raises(MissingAuditEvent):
        thing_do(actor=audit.SystemActor("test"))
    assert not get_user_model().objects.filter(email="should-not-exist@example.org").exists()


@pytest.mark.django_db
def test_an_event_written_by_a_nested_service_counts_for_the_outer_one():
    @service
    def inner_do(*, actor):
        audit.record(actor=actor, event="test.inner.done")

    @service
    def outer_do(*, actor):
        inner_do(actor=actor)

    with transaction.atomic():
        outer_do(actor=audit.SystemActor("test"))
    assert AuditEvent.objects.filter(event="test.inner.done").count() == 1


def test_services_take_keyword_arguments_and_an_actor():
    with pytest.raises(TypeError, match="keyword-only"):

        @service
        def thing_positional(actor):
            pass

    with pytest.raises(TypeError, match="actor"):

        @service
        def thing_without_actor(*, name):
            pass
