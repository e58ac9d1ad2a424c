"""Reviews on every worklist, not only the > 3 months one: InvestigationReview becomes
CaseReview, keyed by (force, worklist, case_ref). Existing reviews are of the > 3 months list."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("indicators", "0002_outcome_pages"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="investigationreview", name="one_review_per_ref"),
        migrations.RenameModel(old_name="InvestigationReview", new_name="CaseReview"),
        migrations.RenameField(
            model_name="casereview", old_name="investigation_ref", new_name="case_ref"
        ),
        migrations.AddField(
            model_name="casereview",
            name="worklist",
            field=models.CharField(
                choices=[
                    ("over-3-months", "Child abuse investigations open more than three months"),
                    ("missing-72h", "Lower-risk missing episodes not reviewed within 72 hours"),
                    ("held-after-charge", "Children held after charge without a transfer"),
                ],
                default="over-3-months",
                max_length=30,
            ),
        ),
        migrations.AddConstraint(
            model_name="casereview",
            constraint=models.UniqueConstraint(
                fields=("force", "worklist", "case_ref"), name="one_review_per_list_and_ref"
            ),
        ),
        migrations.AddIndex(
            model_name="casereview",
            index=models.Index(
                fields=["force", "worklist", "unit", "status"],
                name="case_review_done",
            ),
        ),
    ]
