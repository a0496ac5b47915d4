"""Plans built and revised in wsoa: numbering, withdrawn items, board rhythms, agreed versions.

Agreed versions are append-only; on PostgreSQL a trigger refuses changes too (`core.dbguards`).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from wsoa.core.dbguards import refuse_changes


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_progress_dates_version_person_user"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="board",
            name="chair",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="boards_chaired",
                to="plans.person",
            ),
        ),
        migrations.AddField(
            model_name="board",
            name="every_weeks",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="How often it meets, in weeks, when it has a rhythm.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="board",
            name="purpose",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="board",
            name="reports_to",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="reporting_boards",
                to="plans.board",
            ),
        ),
        migrations.AddField(
            model_name="item",
            name="withdrawn_at",
            field=models.DateTimeField(
                blank=True, help_text="Withdrawn from the plan; kept with its history.", null=True
            ),
        ),
        migrations.AddField(
            model_name="item",
            name="withdrawn_reason",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="plan",
            name="numbering",
            field=models.CharField(
                choices=[
                    ("typed", "Kept as typed"),
                    ("automatic", "Numbered automatically (1, 1.1, 1.1.1…)"),
                ],
                default="typed",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="plan",
            name="kind",
            field=models.CharField(
                choices=[
                    ("wsoa", "Written statement of action"),
                    ("app", "Accelerated progress plan"),
                    ("pap", "Priority action plan"),
                    ("sef", "Self-evaluation action plan"),
                    ("other", "Other improvement plan"),
                ],
                max_length=10,
            ),
        ),
        migrations.CreateModel(
            name="PlanVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("agreed_on", models.DateField(help_text="The day it was agreed.")),
                (
                    "agreed_by_body",
                    models.CharField(
                        blank=True,
                        help_text="The meeting or body that agreed it, as written.",
                        max_length=300,
                    ),
                ),
                ("note", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("content", models.JSONField()),
                ("content_sha256", models.CharField(max_length=64)),
                (
                    "board",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agreed_versions",
                        to="plans.board",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="versions",
                        to="plans.plan",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plan_versions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["plan", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("plan", "number"), name="one_number_a_plan_version"
                    )
                ],
            },
        ),
        refuse_changes(
            "plans_planversion",
            "wsoa_plan_version_is_append_only",
            "plans_planversion_append_only",
            "agreed plan versions",
        ),
    ]
