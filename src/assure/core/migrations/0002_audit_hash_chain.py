"""Chain the audit trail: add each event's place, previous hash and hash, and fill them for the
events already written, in the order they were written (their ids), one chain per organisation."""

from django.db import migrations, models

BATCH = 1000


def fill_chains(apps, schema_editor):
    # The hash function is the live one on purpose: a chain filled here must verify with the code
    # that checks it (core/audit_chain.py); changing that function would break every chain anyway.
    from assure.core.audit_chain import chain_key, event_hash, fields_of

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    heads = {}
    pending = []
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=BATCH):
        key = chain_key(event.organisation_id)
        length, previous = heads.get(key, (0, ""))
        event.sequence = length + 1
        event.previous_hash = previous
        event.hash = event_hash(fields_of(event))
        heads[key] = (event.sequence, event.hash)
        pending.append(event)
        if len(pending) >= BATCH:
            AuditEvent.objects.bulk_update(pending, ["sequence", "previous_hash", "hash"])
            pending = []
    if pending:
        AuditEvent.objects.bulk_update(pending, ["sequence", "previous_hash", "hash"])
    AuditChainHead.objects.bulk_create(
        AuditChainHead(chain=key, length=length, last_hash=last)
        for key, (length, last) in heads.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "chain",
                    models.CharField(
                        help_text="organisation:<id> or system", max_length=40, unique=True
                    ),
                ),
                ("length", models.PositiveBigIntegerField(default=0)),
                ("last_hash", models.CharField(blank=True, max_length=64)),
            ],
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(
                null=True, help_text="Position in its organisation's chain"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_chains, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(help_text="Position in its organisation's chain"),
        ),
    ]
