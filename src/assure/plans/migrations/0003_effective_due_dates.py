"""Store only hand-set due dates on actions and assignments; the rest is computed (ADR 0006)."""

from django.db import migrations, models


def keep_only_hand_set(apps, schema_editor):
    for name in ("Action", "Assignment"):
        model = apps.get_model("plans", name)
        model.objects.filter(due_on_set_by_hand=False).update(due_on_override=None)


def copy_back(apps, schema_editor):
    """Reversed: hand-set dates are marked, and the rest copied down again, as 0002 kept them."""
    from django.db.models import OuterRef, Subquery

    action, assignment = apps.get_model("plans", "Action"), apps.get_model("plans", "Assignment")
    recommendation = apps.get_model("inspections", "Recommendation")
    for model in (action, assignment):
        model.objects.filter(due_on_override__isnull=False).update(due_on_set_by_hand=True)
    action.objects.filter(due_on_override__isnull=True).update(
        due_on_override=Subquery(
            recommendation.objects.filter(pk=OuterRef("recommendation_id")).values("due_on")[:1]
        )
    )
    assignment.objects.filter(due_on_override__isnull=True).update(
        due_on_override=Subquery(
            action.objects.filter(pk=OuterRef("action_id")).values("due_on_override")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_due_dates_follow")]

    operations = [
        migrations.RenameField("action", "due_on", "due_on_override"),
        migrations.RenameField("assignment", "due_on", "due_on_override"),
        migrations.RunPython(keep_only_hand_set, copy_back),
        migrations.RemoveField("action", "due_on_set_by_hand"),
        migrations.RemoveField("assignment", "due_on_set_by_hand"),
        migrations.AlterField(
            model_name="action",
            name="due_on_override",
            field=models.DateField(
                blank=True,
                help_text="Set by hand; empty: the action is due when its recommendation is.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="assignment",
            name="due_on_override",
            field=models.DateField(
                blank=True, help_text="Set by hand; empty: it is due when its action is.", null=True
            ),
        ),
        migrations.AlterModelOptions(
            name="action",
            options={
                "base_manager_name": "objects",
                "ordering": ["recommendation__position", "position", "id"],
            },
        ),
        migrations.AlterModelOptions(
            name="assignment",
            options={
                "base_manager_name": "objects",
                "ordering": ["action", "unit__kind", "unit__name"],
            },
        ),
    ]
